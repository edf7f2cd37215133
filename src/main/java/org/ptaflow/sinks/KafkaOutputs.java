package org.ptaflow.sinks;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.kafka.KafkaSettings;
import org.ptaflow.flags.Flag;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * Exactly-once Kafka sinks for the job's outputs (impact rows, and the same per tax; the quotas' daily status;
 * rejected and late records; flags; transit rows and alerts). Each writes in Kafka transactions committed when a Flink
 * checkpoint completes, so a consumer reading with {@code isolation.level=read_committed} sees every row once, even
 * across failures; rows appear with the checkpoint interval's delay. Transactional ids start with the job's id
 * (unique per job, stable across restarts); the transaction timeout (10 minutes) stays below the broker's default
 * maximum of 15.
 *
 * <p><b>Kafka record timestamps are the time of writing, not event time.</b> By default a {@code KafkaSink} stamps
 * each Kafka record with its Flink timestamp, which in this job is event time: a record's {@code registered_at}, a
 * window's end. Replayed, backtested or late data is then months or years old as far as the broker can tell, and the
 * broker's time-based retention ({@code retention.ms}, 7 days by default, checked every 5 minutes) deletes any log
 * segment whose newest timestamp is older, committed transactions included, without any error to the writer. Time
 * based rolling ({@code segment.ms}, also measured on record timestamps) makes this certain for the first batch of a
 * partition: the first commit marker (stamped now) rolls a new segment, leaving the first batch alone in a segment
 * that the next retention check deletes. So the sinks write no timestamp and the producer stamps each record when it
 * is sent; event time stays in the payload ({@code registered_at}, {@code window_start}, {@code window_end}).
 */
public final class KafkaOutputs {
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaOutputs() {}

    /** Impact rows keyed by scenario, window, importer, beneficiary and HS6, for a compacted topic. */
    public static KafkaSink<ImpactRow> impactRows(KafkaSettings kafka) {
        return sink(kafka, kafka.impactTopic(), "impact", new ImpactTopicKey(), new ImpactValue());
    }

    /**
     * The impact rows per tax ({@link TaxLine}: the duty, then each tax of the importer), keyed by the impact row's
     * key and the tax, for a compacted topic. Rows of importers without taxes have no lines.
     */
    public static KafkaSink<TaxLine> taxRows(KafkaSettings kafka) {
        return sink(kafka, kafka.taxTopic(), "tax", new TaxTopicKey(), new TaxValue());
    }

    /**
     * The quotas' daily allocations ({@link QuotaColumns}), keyed by scenario and quota so that a quota's days keep
     * their order on one partition. Scenarios without quotas write none.
     */
    public static KafkaSink<QuotaStatus> quotaStatus(KafkaSettings kafka) {
        return sink(kafka, kafka.quotaTopic(), "quota", new QuotaTopicKey(), new QuotaValue());
    }

    /**
     * The rows of {@code transit.csv} ({@link TransitColumns}), keyed by the row's key
     * ({@link TransitColumns#topicKey}): a live run writes a key's row again whenever one of its movements changes,
     * and a compacted topic keeps the latest, which is the key's state.
     */
    public static KafkaSink<TransitRow> transitRows(KafkaSettings kafka) {
        return sink(kafka, kafka.transitRowsTopic(), "transit-rows", new TransitRowKey(), new TransitRowValue());
    }

    /** The transit alerts ({@link TransitAlertColumns}), keyed by {@code movement_id|kind|at}. */
    public static KafkaSink<TransitAlert> transitAlerts(KafkaSettings kafka) {
        return sink(kafka, kafka.transitAlertsTopic(), "transit-alerts", new TransitAlertKey(),
                new TransitAlertValue());
    }

    /**
     * The flags on preference claims ({@link FlagColumns}), keyed by what each is about
     * ({@link FlagColumns#topicKey}).
     */
    public static KafkaSink<Flag> flags(KafkaSettings kafka) {
        return sink(kafka, kafka.flagsTopic(), "flags", new FlagKey(), new FlagValue());
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
                .setRecordSerializer(new WallClockTimestamps<>(record.build()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.jobId() + "-" + name)
                .build();
    }

    /**
     * Serializes with the given schema but without the Flink record's timestamp (event time), so that the producer
     * stamps the Kafka record with the time it is sent. See the class comment for why.
     */
    static final class WallClockTimestamps<T> implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
        private final KafkaRecordSerializationSchema<T> serializer;

        WallClockTimestamps(KafkaRecordSerializationSchema<T> serializer) {
            this.serializer = serializer;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
                throws Exception {
            serializer.open(context, sinkContext);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            return serializer.serialize(element, context, null);
        }

        /** The topic, for lineage (as the wrapped schema reports it). */
        @Override
        public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
            return serializer instanceof KafkaDatasetFacetProvider provider ? provider.getKafkaDatasetFacet()
                    : Optional.empty();
        }
    }

    /** The row's key and window as text ({@link org.ptaflow.economics.ImpactKey.InWindow#topicKey}). */
    static final class ImpactTopicKey implements SerializationSchema<ImpactRow> {
        @Override
        public byte[] serialize(ImpactRow row) {
            return row.keyInWindow().topicKey().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The impact row's key and window, then the tax ({@link TaxLine#topicKey}). */
    static final class TaxTopicKey implements SerializationSchema<TaxLine> {
        @Override
        public byte[] serialize(TaxLine line) {
            return line.topicKey().getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class TaxValue implements SerializationSchema<TaxLine> {
        @Override
        public byte[] serialize(TaxLine line) {
            return OutputJson.bytes(OutputJson.tax(line));
        }
    }

    /** {@code scenario|quota} ({@link QuotaColumns.Key#topicKey}). */
    static final class QuotaTopicKey implements SerializationSchema<QuotaStatus> {
        @Override
        public byte[] serialize(QuotaStatus row) {
            return QuotaColumns.Key.of(row).topicKey().getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class QuotaValue implements SerializationSchema<QuotaStatus> {
        @Override
        public byte[] serialize(QuotaStatus row) {
            return OutputJson.bytes(OutputJson.quota(row));
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

    static final class TransitRowKey implements SerializationSchema<TransitRow> {
        @Override
        public byte[] serialize(TransitRow row) {
            return TransitColumns.topicKey(row).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class TransitRowValue implements SerializationSchema<TransitRow> {
        @Override
        public byte[] serialize(TransitRow row) {
            return OutputJson.bytes(OutputJson.transitRow(row));
        }
    }

    static final class TransitAlertKey implements SerializationSchema<TransitAlert> {
        @Override
        public byte[] serialize(TransitAlert alert) {
            return TransitAlertColumns.topicKey(alert).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class TransitAlertValue implements SerializationSchema<TransitAlert> {
        @Override
        public byte[] serialize(TransitAlert alert) {
            return OutputJson.bytes(OutputJson.transitAlert(alert));
        }
    }

    static final class FlagKey implements SerializationSchema<Flag> {
        @Override
        public byte[] serialize(Flag flag) {
            return FlagColumns.topicKey(flag).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class FlagValue implements SerializationSchema<Flag> {
        @Override
        public byte[] serialize(Flag flag) {
            return OutputJson.bytes(OutputJson.flag(flag));
        }
    }
}
