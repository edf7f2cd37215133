package org.ptaflow.quotas;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.ptaflow.records.CompactTypeInfo;

/**
 * The type of the stream of {@link QuotaEvent}s from the scenario join to the allocation: {@link QuotaEventSerializer}.
 * Named on that stream only (its side-output tag); {@code TypeInformation.of(QuotaEvent.class)}, which the
 * allocation's state names, is still Flink's POJO type.
 */
public final class QuotaEventTypeInfo extends CompactTypeInfo<QuotaEvent> {
    private static final long serialVersionUID = 1L;

    public static final QuotaEventTypeInfo INSTANCE = new QuotaEventTypeInfo();

    private QuotaEventTypeInfo() {
        super(QuotaEvent.class);
    }

    @Override
    public TypeSerializer<QuotaEvent> createSerializer(SerializerConfig config) {
        return new QuotaEventSerializer();
    }
}
