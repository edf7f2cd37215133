package org.ptaflow.pipeline;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Sums held per key before a shuffle ({@link HeldSums}), and when they are let go: the operator
 * {@link CombineContributions} (before the windows) and {@link CombineOriginImports} (before rule
 * {@code partner_shift}) share. Held sums are emitted, each stamped with its own event time:
 * <ul>
 *   <li>on every watermark, before it goes on, so that a value the join let through on time reaches its window or
 *       month before the watermark that closes it;</li>
 *   <li>before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}): what the join's checkpointed state has
 *       counted is downstream of the barrier, so nothing is held in state here and exactly once holds;</li>
 *   <li>at the end of input;</li>
 *   <li>past {@link #MAX_KEYS} keys, which bounds memory whatever the number of keys;</li>
 *   <li>in a live run, every {@code flushEveryMillis} of processing time, so that a standing watermark (a quiet
 *       source) does not hold sums back.</li>
 * </ul>
 * Idle statuses are dropped: to what comes after, every join subtask is always active (see
 * {@link CombineContributions} for why). In a job the join holds the same sums itself first
 * ({@link ScenarioJoinOperator}), at the same moments; this operator then adds up the few it lets go.
 */
abstract class PreShuffleSums<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {
    /** Groups held at most before a flush; a few MB per scenario. */
    static final int MAX_KEYS = HeldSums.MAX_KEYS;

    /** Processing-time flush interval in a live run; 0 = none (a backtest flushes on its bounds and at the end). */
    private final long flushEveryMillis;

    private transient HeldSums<?, ?, T> held;

    PreShuffleSums(long flushEveryMillis) {
        this.flushEveryMillis = flushEveryMillis;
    }

    /** New, empty sums of this operator's kind, sent to {@code out}. */
    abstract HeldSums<?, ?, T> newSums(java.util.function.Consumer<StreamRecord<T>> out);

    @Override
    public void open() throws Exception {
        super.open();
        held = newSums(output::collect);
        if (flushEveryMillis > 0) {
            getProcessingTimeService().scheduleWithFixedDelay(time -> flush(), flushEveryMillis, flushEveryMillis);
        }
    }

    @Override
    public final void processElement(StreamRecord<T> element) {
        held.add(element.getValue());
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // dropped: see the class comment
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        held.flush();
    }
}
