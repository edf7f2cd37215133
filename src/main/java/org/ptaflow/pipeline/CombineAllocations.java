package org.ptaflow.pipeline;

import java.util.List;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.scenario.WindowSize;

/**
 * After the quotas' allocation: what each claim adds once its day is allocated, combined per window key before the
 * shuffle to the windows ({@link CombineContributions}). A backtest allocates every day at the end of input, one
 * contribution per claim; combined, the windows receive a few per key instead. The sums are flushed on every
 * watermark before it goes on, before every checkpoint barrier, at the end of input and, in a live run, on a
 * processing-time timer ({@link PreShuffleSums}).
 *
 * <p>Idle statuses are dropped: to the windows, every allocation subtask is always active, as every join subtask is
 * ({@link ScenarioJoinOperator} says why).
 */
public final class CombineAllocations extends AbstractStreamOperator<ScenarioContribution>
        implements OneInputStreamOperator<ScenarioContribution, ScenarioContribution>, BoundedOneInput {

    private final List<WindowSize> sizeByScenario;
    /** Processing-time flush interval in a live run; 0 = none (a backtest flushes on its bounds and at the end). */
    private final long flushEveryMillis;

    private transient CombineContributions sums;

    /**
     * @param sizeByScenario each scenario's window size, in the run's order
     * @param flushEveryMillis a live run's processing-time flush interval; 0 in a backtest
     */
    public CombineAllocations(List<WindowSize> sizeByScenario, long flushEveryMillis) {
        this.sizeByScenario = List.copyOf(sizeByScenario);
        this.flushEveryMillis = flushEveryMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        sums = new CombineContributions(sizeByScenario, (sum, eventTime) ->
                output.collect(new StreamRecord<>(sum, eventTime)));
        if (flushEveryMillis > 0) {
            getProcessingTimeService().scheduleWithFixedDelay(time -> sums.flush(), flushEveryMillis,
                    flushEveryMillis);
        }
    }

    @Override
    public void processElement(StreamRecord<ScenarioContribution> element) {
        sums.add(element.getValue());
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // dropped: see the class comment
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        sums.flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sums.flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        sums.flush();
    }

    @Override
    public void finish() throws Exception {
        sums.flush();
        super.finish();
    }
}
