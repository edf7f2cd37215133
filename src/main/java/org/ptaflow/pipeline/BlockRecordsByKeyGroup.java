package org.ptaflow.pipeline;

import java.util.concurrent.ScheduledFuture;

import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.CustomsRecordSerializer;
import org.ptaflow.records.RecordBlock;

/**
 * Packs the parsed records into blocks of one key group each ({@link RecordBlock}) before the keyed shuffle to the
 * scenario join, which unpacks them ({@link ScenarioJoinOperator}). Flink's shuffle costs about as much per element
 * as the join's whole work per record (framing, the choice of a channel, the hand-over on both sides); in blocks that
 * cost is paid once per some hundred records.
 *
 * <p>A record joins the block of its key group, {@code (declaration, item)} hashed exactly as Flink's keyed shuffle
 * hashes it, with this operator's maximum parallelism, which is the job's ({@link JobEnvironment#MAX_PARALLELISM}
 * unless {@code pipeline.max-parallelism} says otherwise) and so the join's. A block goes out when it reaches
 * {@link #BLOCK_BYTES}, and every block goes out, before anything else leaves the operator or reaches the join
 * another way:
 * <ul>
 *   <li>before a watermark or a change of watermark status goes on: a record reaches the join under the watermark
 *       it would have reached it under alone, so its lateness is what it was (and {@link KeepTextWhereNeeded}'s
 *       reasoning, one step upstream, still holds);
 *   <li>before a checkpoint barrier ({@link #prepareSnapshotPreBarrier}): the operator holds nothing at a snapshot,
 *       so it has no state;
 *   <li>at the end of input;
 *   <li>in a live run, every {@link #LIVE_FLUSH_MILLIS} of processing time, so that a quiet stream does not hold a
 *       record back.
 * </ul>
 * The records of one (declaration, item) are in one key group and keep their order, so the join sees copies in the
 * order they were read; only records of different keys may reach it in another order than one by one, and the join's
 * results do not depend on that order.
 *
 * <p>Each record is written into its key group's buffer as it arrives ({@link RecordBlock} says why then). The block
 * emitted points at that buffer, which is reused once the block is out: the keyed shuffle that always follows
 * serialises the block as it is emitted.
 */
public class BlockRecordsByKeyGroup extends AbstractStreamOperator<RecordBlock>
        implements OneInputStreamOperator<CustomsRecord, RecordBlock>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /**
     * A key group's block goes out once it holds this many bytes, about a hundred records without their text: enough
     * that the shuffle's cost per element is small beside the records', and the job's 128 key groups hold at most
     * 2 MB here.
     */
    static final int BLOCK_BYTES = 16 * 1024;

    /** A live run: the longest a record waits in a block that does not fill (processing time). */
    static final long LIVE_FLUSH_MILLIS = 10;

    private final boolean live;
    private transient int maxParallelism;
    private transient CustomsRecordSerializer serializer;
    /** Per key group: the block being filled (null until its first record), its record count and routing key. */
    private transient DataOutputSerializer[] buffers;
    private transient int[] counts;
    private transient String[] routingKeys;
    /** The key groups with records waiting, in the order they got their first: flushed in that order. */
    private transient int[] waiting;
    private transient int waitingCount;
    private transient RecordBlock block;
    private transient StreamRecord<RecordBlock> out;
    private transient ScheduledFuture<?> liveFlush;

    /** @param live true in a live run: a timer sends blocks that do not fill */
    public BlockRecordsByKeyGroup(boolean live) {
        this.live = live;
    }

    @Override
    public void open() throws Exception {
        super.open();
        maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        serializer = new CustomsRecordSerializer();
        buffers = new DataOutputSerializer[maxParallelism];
        counts = new int[maxParallelism];
        routingKeys = new String[maxParallelism];
        waiting = new int[maxParallelism];
        waitingCount = 0;
        block = new RecordBlock();
        out = new StreamRecord<>(block);
        if (live) {
            // Runs in the task's thread, between records, as every timer of an operator does.
            liveFlush = getProcessingTimeService().scheduleWithFixedDelay(time -> flushAll(), LIVE_FLUSH_MILLIS,
                    LIVE_FLUSH_MILLIS);
        }
    }

    @Override
    public void processElement(StreamRecord<CustomsRecord> element) throws Exception {
        CustomsRecord record = element.getValue();
        String key = record.key();
        int group = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
        DataOutputSerializer buffer = buffers[group];
        if (buffer == null) {
            buffers[group] = buffer = new DataOutputSerializer(BLOCK_BYTES + 1024);
        }
        if (counts[group] == 0) {
            routingKeys[group] = key;
            waiting[waitingCount++] = group;
        }
        buffer.writeLong(element.hasTimestamp() ? element.getTimestamp() : RecordBlock.NO_TIMESTAMP);
        serializer.serialize(record, buffer);
        counts[group]++;
        if (buffer.length() >= BLOCK_BYTES) {
            emit(group);
            removeWaiting(group);
        }
    }

    /** Sends a key group's block and empties it (the caller keeps {@link #waiting} right). */
    private void emit(int group) {
        DataOutputSerializer buffer = buffers[group];
        block.routingKey = routingKeys[group];
        block.count = counts[group];
        block.bytes = buffer.getSharedBuffer();
        block.length = buffer.length();
        output.collect(out); // no timestamp of its own: each record carries its own
        block.bytes = null;
        buffer.clear();
        counts[group] = 0;
        routingKeys[group] = null;
    }

    private void removeWaiting(int group) {
        for (int i = 0; i < waitingCount; i++) {
            if (waiting[i] == group) {
                System.arraycopy(waiting, i + 1, waiting, i, waitingCount - i - 1);
                waitingCount--;
                return;
            }
        }
    }

    /** Every block with records sent, in the order the key groups got their first record. */
    private void flushAll() {
        for (int i = 0; i < waitingCount; i++) {
            emit(waiting[i]);
        }
        waitingCount = 0;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flushAll();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        flushAll();
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushAll();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flushAll();
    }

    @Override
    public void finish() throws Exception {
        cancelTimer();
        flushAll();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        cancelTimer();
        super.close();
    }

    private void cancelTimer() {
        if (liveFlush != null) {
            liveFlush.cancel(false);
            liveFlush = null;
        }
    }
}
