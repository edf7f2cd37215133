package org.ptaflow.pipeline;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Takes the scenario tables (and amendments) out of event time before they meet the records: it forwards every
 * message, drops every watermark, and declares its output idle for good.
 *
 * <p>Why: a two-input operator's watermark is the minimum over its active inputs, and the maximum over all of them
 * when every input is idle. A tables stream that ends (its watermark jumps to the end of time) or that is idle
 * would otherwise, the moment the records go quiet (a Kafka partition idle, a paused simulator), move the join's
 * watermark to the end of time: every open window would fire and every later record would be late. With the tables
 * idle and watermark-free, event time is the records' alone.
 */
public class TablesWithoutEventTime extends AbstractStreamOperator<ScenarioTables>
        implements OneInputStreamOperator<ScenarioTables, ScenarioTables> {

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<ScenarioTables> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // dropped: tables carry no event time
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // stays idle
    }
}
