package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.Map;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Sums held per key before a shuffle, and when they are let go: the mechanism {@link CombineContributions} (before
 * the windows) and {@link CombineOriginImports} (before rule {@code partner_shift}) share; each says what its key is,
 * how a sum grows and what a held group sends ({@link #send}). A group holds the sums of every scenario for one key
 * without the scenario: a record's contributions to eight scenarios then cost one map lookup, not eight. Held sums
 * are emitted, each stamped with its own event time:
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
 * {@link CombineContributions} for why).
 */
abstract class PreShuffleSums<K, G, IN, T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<IN, T>, BoundedOneInput {
    /** Groups held at most before a flush; a few MB per scenario. */
    static final int MAX_KEYS = 20_000;

    /** Processing-time flush interval in a live run; 0 = none (a backtest flushes on its bounds and at the end). */
    private final long flushEveryMillis;

    private transient Map<K, G> held;

    PreShuffleSums(long flushEveryMillis) {
        this.flushEveryMillis = flushEveryMillis;
    }

    /** Sends every sum a held group has ({@link #emit}), each with its own event time. */
    abstract void send(G group);

    /** Called after every flush: whatever a subclass remembers of the groups it held must be forgotten. */
    abstract void forgetHeld();

    /** One sum out, stamped with its event time. */
    final void emit(T sum, long eventTime) {
        output.collect(new StreamRecord<>(sum, eventTime));
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new HashMap<>();
        if (flushEveryMillis > 0) {
            getProcessingTimeService().scheduleWithFixedDelay(time -> flush(), flushEveryMillis, flushEveryMillis);
        }
    }

    /** The group held for {@code key}, or null. */
    final G held(K key) {
        return held.get(key);
    }

    /** Holds a new group for a key that has none (flushing first when {@link #MAX_KEYS} are held). */
    final void hold(K key, G group) {
        if (held.size() >= MAX_KEYS) {
            flush();
        }
        held.put(key, group);
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
        if (held.isEmpty()) {
            return;
        }
        for (G group : held.values()) {
            send(group);
        }
        held.clear();
        forgetHeld();
    }
}
