package org.ptaflow.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Customs records of one key group crossing the keyed shuffle together: each record's event time ({@code long},
 * {@link #NO_TIMESTAMP} for none) and then its bytes as {@link CustomsRecordSerializer} writes them, one record after
 * the other. Flink frames, routes and hands over one element per block instead of one per record.
 *
 * <p>Every record of a block has the same key group, so the block is routed by the key of any of them
 * ({@link #routingKey}, its first): it reaches the subtask that owns all its records' keys, as each record alone
 * would. Within a block the records keep their order of arrival, so the copies of one (declaration, item) reach the
 * join in the order they were read.
 *
 * <p>The records are written when they arrive, while the parser's objects are still in the processor's caches
 * (written when the block leaves, some thousand records later, they cost three times as much: measured).
 *
 * <p>Made by {@code pipeline.BlockRecordsByKeyGroup}, opened by {@code pipeline.ScenarioJoinOperator}.
 */
@TypeInfo(RecordBlockTypeInfo.Factory.class)
public final class RecordBlock {
    /** The event time written before a record that has none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** The key of the block's first record: it routes the block (all its records are in that key's key group). */
    public String routingKey;
    /** How many records the block holds. */
    public int count;
    /** The records' event times and bytes; only the first {@link #length} count. */
    public byte[] bytes;
    public int length;

    public RecordBlock() {}

    public RecordBlock(String routingKey, int count, byte[] bytes, int length) {
        this.routingKey = routingKey;
        this.count = count;
        this.bytes = bytes;
        this.length = length;
    }

    @Override
    public String toString() {
        return "RecordBlock{" + count + " records, " + length + " bytes, key " + routingKey + "}";
    }
}
