package org.ptaflow.pipeline;

import java.util.List;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Takes the scenario tables (and amendments) out of event time before they meet the records. It forwards every
 * message and drops every watermark; once the run's base tables have all passed, it declares its output idle for
 * good (remembered in its state, so a restored job stays idle although its table source has finished).
 *
 * <p>Why: a two-input operator's watermark is the minimum over its active inputs, and the maximum over all of them
 * when every input is idle. A tables stream that ends (its watermark jumps to the end of time) or that is idle
 * would otherwise, the moment the records go quiet (a Kafka partition idle, a paused simulator), move the join's
 * watermark to the end of time: every open window would fire and every later record would be late.
 *
 * <p>Why not idle from the start: until the tables have arrived, records wait in the join's state. Staying active
 * (with no watermark) until then holds the join's watermark back, so the windows cannot close — at the end of a
 * bounded input, say — before those records are released into them. Runs at parallelism 1, so it sees every table.
 */
public class TablesWithoutEventTime extends AbstractStreamOperator<ScenarioTables>
        implements OneInputStreamOperator<ScenarioTables, ScenarioTables> {
    private final int baseTables;
    private transient int seen;
    private transient ListState<Integer> seenState;

    /** @param baseTables the number of scenarios of the run, each sending its tables once at the start */
    public TablesWithoutEventTime(int baseTables) {
        this.baseTables = baseTables;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        seenState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("base-tables-seen", Types.INT));
        for (Integer n : seenState.get()) {
            seen = Math.max(seen, n);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (seen >= baseTables) {
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        }
    }

    @Override
    public void processElement(StreamRecord<ScenarioTables> element) {
        output.collect(element);
        if (!element.getValue().isAmendment() && ++seen == baseTables) {
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        seenState.update(List.of(seen));
    }

    @Override
    public void processWatermark(Watermark mark) {
        // dropped: tables carry no event time
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // the upstream's status does not matter: this operator decides
    }
}
