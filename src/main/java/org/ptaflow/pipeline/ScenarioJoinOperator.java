package org.ptaflow.pipeline;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The operator that runs the scenario join ({@link ApplyScenarios}): Flink's keyed-broadcast operator, with event
 * time taken from the customs records alone.
 *
 * <p>Why: a two-input operator's watermark is the minimum over its active inputs, and an input counts as active, at
 * the start of time, until it says otherwise. The amendments are a second task that may start after the records
 * have all gone by, and they carry no event time of their own (each says from which record date it applies). Left
 * to Flink's rule, the join's watermark would wait for that task — a record could pass as on time only because
 * the amendment task had not yet said it was idle — or, once the amendments ended, jump to the end of time as soon
 * as the records went quiet. Here the amendment input is idle from the moment the operator opens and its watermarks
 * and status are ignored, so lateness, windows and the duplicate horizon all follow the records' watermark.
 *
 * <p>It also combines what the join routes before the shuffles: each record's contributions per window key
 * ({@link CombineContributions}, its main output, to the windows) and its values per line, origin and month
 * ({@link CombineOriginImports}, side output {@link OutputTags#ORIGIN_IMPORTS}, to rule {@code partner_shift}). The
 * held sums are flushed on every watermark before it goes on, before every checkpoint barrier (after the batch), at
 * the end of input and, in a live run, every {@link ImpactPipeline#COMBINER_FLUSH_MILLIS} of processing time; taken
 * one record at a time (the tests' harness), after each record.
 *
 * <p>The join never says it is idle either, on any of its outputs: downstream of it, every join subtask is always
 * active, so the watermark of the windows, the quota allocation and the origin checks is the minimum over all of
 * them. Otherwise a join subtask whose records went quiet (a Kafka partition idle for the idleness timeout, a broker
 * outage) would leave the others to set that watermark alone; when its records came again it would still emit, with
 * its own watermark, a claim it rightly took as on time, behind a watermark of the allocation that had already passed
 * the claim's day: the day would be allocated without it, and the claim allocated apart. (Seen in the Kafka
 * broker-outage test: a quota exhausted a month early.) The same holds for the windows: a contribution this subtask
 * let through on time could otherwise be overtaken by another subtask's watermark and dropped as late.
 * {@link CombineAllocations} drops idle statuses for the same reason.
 *
 * <p>It also keeps the join's duplicate memory ({@link DuplicateMemory}) and checkpoints it as raw keyed state: per
 * key group, so that a restore at another parallelism gives each subtask the key groups it now owns, as Flink does
 * for managed keyed state. The snapshot is written in the checkpoint's synchronous part (raw keyed state has no
 * asynchronous part); it is a copy of bytes, a few dozen per remembered key. Raw keyed state is the operator's own
 * only as long as Flink does not write timers there: it does so only for RocksDB with timers on the heap
 * ({@code state.backend.rocksdb.timer-service.factory: HEAP}), which this job does not support.
 *
 * <p>Restoring a savepoint of the previous version, whose memory was keyed {@code ValueState<long[]>}
 * ({@code accepted-records}) with one event-time timer per key: the keyed entries are moved into the memory when the
 * operator starts (then cleared, so that the next checkpoint no longer holds them), and the old timers, when they
 * fire, do nothing (the memory forgets by itself).
 *
 * <p>The records are taken in batches of {@link #BATCH}: first the duplicate memory's index slot of each record's
 * key is read ({@link DuplicateMemory#touch}), then the records are processed one by one in arrival order, as if one
 * at a time. With millions of keys each first read of a slot is a cache miss; read together, the misses of a batch
 * overlap instead of stalling the thread once per record. Every batch is processed before anything else reaches the
 * operator or leaves it in another way: a watermark, an amendment, a checkpoint barrier (then the combined sums,
 * with what the batch added), the end of input. So a record of a batch sees the
 * watermark it arrived under: its lateness is what it would be one at a time. A live run's stream may go quiet
 * with a batch half full: there a timer processes the batch at most {@link #LIVE_FLUSH_MILLIS} after it was last
 * processed (the network buffers already hold a record up to 100 ms, Flink's default buffer timeout).
 */
public class ScenarioJoinOperator
        extends CoBroadcastWithKeyedOperator<String, CustomsRecord, TariffAmendment, ScenarioContribution>
        implements BoundedMultiInput {

    /** The index Flink gives the second (amendment) input in its watermark bookkeeping. */
    private static final int AMENDMENT_INPUT = 1;

    /** Records per batch: enough misses to overlap, few enough to stay in the caches. */
    static final int BATCH = 64;

    /** A live run: the longest a record waits in a batch that does not fill (processing time). */
    static final long LIVE_FLUSH_MILLIS = 10;

    private final ApplyScenarios join;
    /** Records per batch; 1: each as it comes. */
    private final int batchSize;
    private transient DuplicateMemory memory;
    /** The batch (null when each record is processed as it comes), and how many records it holds. */
    private transient StreamRecord<CustomsRecord>[] batch;
    private transient int batched;
    /** The batch's keys' hashes, made before their index slots are read. */
    private transient int[] keyHashes;
    /** Records since the join last flushed its outcome counts, when each is processed as it comes. */
    private transient int sinceFlush;
    /** A live run's timer that processes a batch the stream left half full (null in a backtest). */
    private transient ScheduledFuture<?> liveFlush;
    /** The join's sums per window key, and its values per line, origin and month, until they are flushed. */
    private transient CombineContributions contributions;
    private transient CombineOriginImports originImports;
    /** A live run's timer that flushes them (null in a backtest). */
    private transient ScheduledFuture<?> heldFlush;

    public ScenarioJoinOperator(ApplyScenarios join) {
        this(join, BATCH);
    }

    /** With another batch size (tests: 1 processes each record as it comes). */
    ScenarioJoinOperator(ApplyScenarios join, int batchSize) {
        super(join, List.of(ApplyScenarios.AMENDMENTS));
        this.join = join;
        this.batchSize = batchSize;
    }

    @Override
    protected boolean isUsingCustomRawKeyedState() {
        return true;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        memory = join.newMemory(getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks());
        if (context.isRestored()) {
            for (KeyGroupStatePartitionStreamProvider group : context.getRawKeyedStateInputs()) {
                memory.readKeyGroup(group.getKeyGroupId(), new DataInputViewStreamWrapper(group.getStream()));
            }
            restorePreviousMemory();
        }
        join.useMemory(memory);
    }

    /** A savepoint of the version that kept the memory in keyed state: its entries move into the memory. */
    private void restorePreviousMemory() throws Exception {
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        List<String> keys;
        try (Stream<String> stored = backend.getKeys(ApplyScenarios.ACCEPTED.getName(), VoidNamespace.INSTANCE)) {
            keys = stored.toList();
        }
        if (keys.isEmpty()) {
            return;
        }
        ApplyScenarios.ACCEPTED.initializeSerializerUnlessSet(getExecutionConfig());
        ValueState<long[]> accepted = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, ApplyScenarios.ACCEPTED);
        for (String key : keys) {
            backend.setCurrentKey(key);
            long[] slots = accepted.value();
            if (slots != null) {
                if (slots.length != memory.scenarios + 1) {
                    throw memory.scenarioMismatch(slots.length - 1);
                }
                memory.restore(key, slots);
                accepted.clear();
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        if (batched != 0) {
            // The task processes the batch before the barrier (prepareSnapshotPreBarrier): records still held here
            // would be in neither this checkpoint's state nor the input it replays.
            throw new IllegalStateException(batched + " records in the join's batch at a snapshot");
        }
        super.snapshotState(context);
        KeyedStateCheckpointOutputStream out = context.getRawKeyedOperatorStateOutput();
        DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
        for (int group : out.getKeyGroupList()) {
            out.startNewKeyGroup(group);
            memory.writeKeyGroup(group, view);
        }
        view.flush();
    }

    /** The memory forgets with the watermark, as the previous design's per-key timers fired with it. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flushHeld(); // every way the operator's watermark advances comes through here (and flushes the counts)
        super.processWatermark(mark);
        memory.advanceWatermark(mark.getTimestamp());
    }

    /** The memory lives off the heap: its pages go back when the operator closes, after a run or a failure. */
    @Override
    public void close() throws Exception {
        try {
            cancelTimers();
            join.flushCounts(); // a failed run's counts too, as far as they went
            super.close();
        } finally {
            if (memory != null) {
                memory.close();
            }
        }
    }

    /**
     * For tests, which read the accumulators and outputs between records: the batch processed, the join's outcome
     * counts and its combined sums flushed now, as a watermark would.
     */
    void processHeld() throws Exception {
        flushHeld();
    }

    /** The memory, for tests: what it holds. */
    DuplicateMemory memory() {
        return memory;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        super.processWatermarkStatus(WatermarkStatus.IDLE, AMENDMENT_INPUT);
        contributions = new CombineContributions(join.windowSizes(),
                (sum, eventTime) -> output.collect(new StreamRecord<>(sum, eventTime)));
        originImports = new CombineOriginImports(
                (sum, eventTime) -> output.collect(OutputTags.ORIGIN_IMPORTS, new StreamRecord<>(sum, eventTime)));
        join.routeTo(routed -> {
            contributions.add(routed);
            originImports.add(routed);
        });
        batch = batchSize > 1 ? new StreamRecord[batchSize] : null;
        keyHashes = new int[Math.max(1, batchSize)];
        batched = 0;
        if (!join.isBacktest()) {
            // Run in the task's thread, between records, as every timer of an operator does.
            if (batch != null) {
                liveFlush = getProcessingTimeService().scheduleWithFixedDelay(
                        time -> processBatch(), LIVE_FLUSH_MILLIS, LIVE_FLUSH_MILLIS);
            }
            heldFlush = getProcessingTimeService().scheduleWithFixedDelay(time -> flushHeld(),
                    ImpactPipeline.COMBINER_FLUSH_MILLIS, ImpactPipeline.COMBINER_FLUSH_MILLIS);
        }
    }

    private void cancelTimers() {
        if (liveFlush != null) {
            liveFlush.cancel(false);
            liveFlush = null;
        }
        if (heldFlush != null) {
            heldFlush.cancel(false);
            heldFlush = null;
        }
    }

    /** The combined sums sent on, after the batch: nothing the join has counted stays held. */
    private void flushHeld() throws Exception {
        processBatch();
        flushCombined();
    }

    private void flushCombined() {
        contributions.flush();
        originImports.flush();
    }

    /**
     * Taken in batches, a record needs no key set: the join reads each record's own key ({@link ApplyScenarios},
     * {@link DuplicateMemory#get(CustomsRecord)}) and keeps no keyed state of Flink's. Flink then does not set one as
     * each record arrives (it asks this before the task starts), which made the key's string and its key group.
     */
    @Override
    public boolean hasKeyContext1() {
        return batchSize == 1 && super.hasKeyContext1();
    }

    @Override
    public void processElement1(StreamRecord<CustomsRecord> element) throws Exception {
        if (batch == null) {
            super.processElement1(element);
            flushCombined(); // each record's sums go out with it
            if (++sinceFlush == ApplyScenarios.FLUSH_EVERY) {
                sinceFlush = 0;
                join.flushCounts();
            }
            return;
        }
        batch[batched++] = element; // never reused: the network input deserialises a new record each time
        if (batched == batch.length) {
            processBatch();
        }
    }

    /**
     * The batch's index slots read together, then its records processed in arrival order (none: nothing); then the
     * join's outcome counts flushed, so that whatever calls it (a watermark, a checkpoint, the end) sees them whole.
     */
    private void processBatch() throws Exception {
        int n = batched;
        batched = 0;
        int[] hashes = keyHashes;
        for (int i = 0; i < n; i++) {
            hashes[i] = batch[i].getValue().keyHash(); // here, so that the loop of reads below is short
        }
        for (int i = 0; i < n; i++) {
            // Each read misses the cache; in a short loop the processor has many of them in flight at once. With
            // the key's hashing in the loop it had one or two (measured: touch took three times as long).
            memory.touch(hashes[i]);
        }
        for (int i = 0; i < n; i++) {
            StreamRecord<CustomsRecord> element = batch[i];
            batch[i] = null;
            // No key context: the join reads the record's own key (ApplyScenarios) and keeps no keyed state of
            // Flink's, so neither the key's string nor its key group is made here.
            super.processElement1(element);
        }
        join.flushCounts();
    }

    @Override
    public void processElement2(StreamRecord<TariffAmendment> element) throws Exception {
        processBatch(); // the records before an amendment are priced without it, as they came before it
        super.processElement2(element);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushHeld(); // and the counts, which the snapshot writes
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        flushHeld(); // and the counts, which the accumulators report
    }

    @Override
    public void finish() throws Exception {
        cancelTimers();
        flushHeld();
        super.finish();
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // amendments carry no event time
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int inputIndex) throws Exception {
        if (inputIndex != AMENDMENT_INPUT && status.isActive()) {
            super.processWatermarkStatus(status, inputIndex);
        }
    }
}
