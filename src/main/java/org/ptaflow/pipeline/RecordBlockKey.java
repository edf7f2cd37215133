package org.ptaflow.pipeline;

import org.apache.flink.api.java.functions.KeySelector;
import org.ptaflow.records.RecordBlock;

/**
 * Keys a block of records by the key of its first record ({@link RecordBlock#routingKey}): every record of a block
 * is in that key's key group, so the block goes where each of its records would go alone ({@link CustomsRecordKey}).
 */
public final class RecordBlockKey implements KeySelector<RecordBlock, String> {
    public static final RecordBlockKey INSTANCE = new RecordBlockKey();

    @Override
    public String getKey(RecordBlock block) {
        return block.routingKey;
    }
}
