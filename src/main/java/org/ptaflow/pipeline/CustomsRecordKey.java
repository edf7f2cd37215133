package org.ptaflow.pipeline;

import org.apache.flink.api.java.functions.KeySelector;
import org.ptaflow.records.CustomsRecord;

/** Keys records by their identity (declaration, item), so that all copies of one record meet in one task. */
public final class CustomsRecordKey implements KeySelector<CustomsRecord, String> {
    public static final CustomsRecordKey INSTANCE = new CustomsRecordKey();

    @Override
    public String getKey(CustomsRecord record) {
        return record.key();
    }
}
