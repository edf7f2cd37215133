package org.ptaflow.pipeline;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.scenario.TariffAmendment;

/**
 * Takes the amendment stream out of event time before it meets the records: forwards every amendment, drops every
 * watermark and declares its output idle for good from the start.
 *
 * <p>Why: the scenario join has two inputs, and a two-input operator's watermark is the minimum over its active
 * inputs. An amendment stream that carries no watermark would hold the join's watermark at the start of time
 * forever (no window would ever close); one that ends (an empty stream in a backtest, its watermark jumping to the
 * end of time) would, the moment the records go quiet, move the join's watermark to the end of time, firing every
 * open window and making every later record late. Idle from the start, it leaves event time to the records alone.
 * Amendments carry no event time of their own: each says from which record date it applies.
 */
public class AmendmentsWithoutEventTime extends AbstractStreamOperator<TariffAmendment>
        implements OneInputStreamOperator<TariffAmendment, TariffAmendment> {

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<TariffAmendment> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // dropped: amendments carry no event time
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // the upstream's status does not matter: this operator is idle for good
    }
}
