package org.ptaflow.sinks;

import java.nio.charset.StandardCharsets;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.pipeline.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.sources.KafkaSettings;

/**
 * Exactly-once Kafka sinks for the job's three outputs. Each writes in Kafka transactions committed when a Flink
 * checkpoint completes, so a consumer reading with {@code isolation.level=read_committed} sees every row once, even
 * across failures; rows appear with the checkpoint interval's delay. Transactional ids start with the job's id
 * (unique per job, stable across restarts); the transaction timeout (10 minutes) stays below the broker's default
 * maximum of 15.
 */
public final class KafkaOutputs {
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaOutputs() {}

    /** Impact rows keyed by scenario + window + importer + beneficiary + HS6, for a compacted topic. */
    public static KafkaSink<ImpactRow> impactRows(KafkaSettings kafka) {
        return sink(kafka, kafka.impactTopic(), "impact", new ImpactKey(), new ImpactValue());
    }

    public static KafkaSink<RejectedRecord> rejected(KafkaSettings kafka) {
        return sink(kafka, kafka.rejectedTopic(), "rejected", null, new RejectedValue());
    }

    public static KafkaSink<LateRecord> late(KafkaSettings kafka) {
        return sink(kafka, kafka.lateTopic(), "late", null, new LateValue());
    }

    private static <T> KafkaSink<T> sink(KafkaSettings kafka, String topic, String name, SerializationSchema<T> key,
            SerializationSchema<T> value) {
        org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchemaBuilder<T> record =
                KafkaRecordSerializationSchema.<T>builder().setTopic(topic).setValueSerializationSchema(value);
        if (key != null) {
            record.setKeySerializationSchema(key);
        }
        java.util.Properties producer = kafka.properties();
        // 10 minutes unless the user set it (--kafka-property transaction.timeout.ms=…): below the broker's default
        // maximum of 15, long enough for a checkpoint to complete.
        producer.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(record.build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.jobId() + "-" + name)
                .build();
    }

    static final class ImpactKey implements SerializationSchema<ImpactRow> {
        @Override
        public byte[] serialize(ImpactRow row) {
            return OutputJson.impactKey(row).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class RejectedValue implements SerializationSchema<RejectedRecord> {
        @Override
        public byte[] serialize(RejectedRecord r) {
            return OutputJson.bytes(OutputJson.rejected(r));
        }
    }

    static final class LateValue implements SerializationSchema<LateRecord> {
        @Override
        public byte[] serialize(LateRecord r) {
            return OutputJson.bytes(OutputJson.late(r));
        }
    }

    static final class ImpactValue implements SerializationSchema<ImpactRow> {
        @Override
        public byte[] serialize(ImpactRow row) {
            return OutputJson.bytes(OutputJson.impact(row));
        }
    }
}
