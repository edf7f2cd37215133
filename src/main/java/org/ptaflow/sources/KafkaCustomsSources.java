package org.ptaflow.sources;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.ptaflow.kafka.KafkaSettings;
import org.ptaflow.records.SourceLine;
import org.ptaflow.records.JsonRecordParser;
import org.ptaflow.records.RecordRejectedException;
import org.ptaflow.transit.TransitEventRejectedException;
import org.ptaflow.transit.TransitJsonParser;

/**
 * Kafka sources: customs records (JSON messages, contract §1), tariff amendments and transit movement events (JSON
 * messages, contract §1b). All read only committed data ({@code isolation.level=read_committed}); records and transit
 * events start from the job's committed offsets, or the earliest ones.
 *
 * <p>Event time comes from each record's {@code registered_at} (a transit event's {@code at}: its own clock, apart
 * from the records'), assigned in the source so that Flink keeps one
 * watermark per partition; a partition silent for the idleness timeout stops holding the others back. When every
 * partition is quiet the watermark stands still: open windows close when records come again (or at the end of a
 * bounded read).
 */
public final class KafkaCustomsSources {
    private KafkaCustomsSources() {}

    /** @param bounded stop at the offsets that are latest when the job starts (tests, replays); else endless */
    public static KafkaSource<SourceLine> customsRecords(KafkaSettings kafka, boolean bounded) {
        return lines(kafka, kafka.recordsTopic(), "-records", bounded);
    }

    /** Per-partition watermarks from {@code registered_at}, bounded out of orderness, with idleness. */
    public static WatermarkStrategy<SourceLine> eventTime(Duration outOfOrderness, Duration idleness) {
        return perPartition(new RegisteredAt(), outOfOrderness, idleness);
    }

    /**
     * One topic's messages as source lines, read committed from the job's committed offsets (or the earliest), in a
     * consumer group of the job's id and {@code groupSuffix}, so that each topic's offsets are its own.
     */
    private static KafkaSource<SourceLine> lines(KafkaSettings kafka, String topic, String groupSuffix,
            boolean bounded) {
        KafkaSourceBuilder<SourceLine> builder = KafkaSource.<SourceLine>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.properties())
                .setTopics(topic)
                .setGroupId(kafka.jobId() + groupSuffix)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new CustomsRecordMessages())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static WatermarkStrategy<SourceLine> perPartition(SerializableTimestampAssigner<SourceLine> time,
            Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<SourceLine> strategy = WatermarkStrategy.<SourceLine>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(time);
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    /**
     * Transit movement events, one JSON message each, as source lines for the job's transit parser (a poison message
     * is rejected there, as a customs record's is). Its own consumer group, so its offsets are its own.
     *
     * @param bounded stop at the offsets that are latest when the job starts (tests, replays); else endless
     */
    public static KafkaSource<SourceLine> transitEvents(KafkaSettings kafka, boolean bounded) {
        return lines(kafka, kafka.transitEventsTopic(), "-transit", bounded);
    }

    /**
     * Per-partition watermarks from a transit event's {@code at}, bounded out of orderness, with idleness: the job
     * does not assign transit event time again when the source does ({@code watermarksFromSource}).
     */
    public static WatermarkStrategy<SourceLine> transitEventTime(Duration outOfOrderness, Duration idleness) {
        return perPartition(new TransitEventAt(), outOfOrderness, idleness);
    }

    /** Tariff amendments as JSON text; parsed (and, when wrong, reported) in the job. */
    public static KafkaSource<String> amendments(KafkaSettings kafka) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.properties())
                .setTopics(kafka.updatesTopic())
                .setGroupId(kafka.jobId() + "-updates")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new AmendmentMessages())
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /**
     * One message, one source line (customs records and transit events alike). Never throws: a message that is not UTF-8 or empty still becomes a line, which
     * the parser rejects, so a poison message goes to the rejected output instead of restarting the job in a loop.
     */
    static final class CustomsRecordMessages implements KafkaRecordDeserializationSchema<SourceLine> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<SourceLine> out) {
            String source = message.topic() + "-" + message.partition();
            byte[] value = message.value();
            String text;
            try {
                text = value == null ? "" : StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(value)).toString();
            } catch (CharacterCodingException e) {
                out.collect(new SourceLine(source, message.offset(), SourceLine.INVALID_UTF8, null,
                        new String(value, StandardCharsets.UTF_8)));
                return;
            }
            out.collect(SourceLine.json(source, message.offset(), text));
        }

        @Override
        public TypeInformation<SourceLine> getProducedType() {
            return TypeInformation.of(SourceLine.class);
        }
    }

    static final class AmendmentMessages implements KafkaRecordDeserializationSchema<String> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<String> out) {
            out.collect(message.value() == null ? "" : new String(message.value(), StandardCharsets.UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return TypeInformation.of(String.class);
        }
    }

    /**
     * Reads {@code registered_at} for the watermark. A message that does not parse gets no event time
     * ({@code Long.MIN_VALUE}): it cannot move the watermark, and the parser rejects it downstream.
     */
    static final class RegisteredAt implements SerializableTimestampAssigner<SourceLine> {
        private transient JsonRecordParser parser;

        @Override
        public long extractTimestamp(SourceLine line, long recordTimestamp) {
            if (!SourceLine.JSON.equals(line.format)) {
                return Long.MIN_VALUE;
            }
            if (parser == null) {
                parser = new JsonRecordParser();
            }
            try {
                return parser.parse(line.text).registeredAt;
            } catch (RecordRejectedException | RuntimeException e) {
                return Long.MIN_VALUE;
            }
        }
    }

    /**
     * Reads a transit event's {@code at} for the watermark. A message that does not parse gets no event time
     * ({@code Long.MIN_VALUE}): it cannot move the watermark, and the transit parser rejects it downstream.
     */
    static final class TransitEventAt implements SerializableTimestampAssigner<SourceLine> {
        private transient TransitJsonParser parser;

        @Override
        public long extractTimestamp(SourceLine line, long recordTimestamp) {
            if (!SourceLine.JSON.equals(line.format)) {
                return Long.MIN_VALUE;
            }
            if (parser == null) {
                parser = new TransitJsonParser();
            }
            try {
                return parser.parse(line.text).at;
            } catch (TransitEventRejectedException | RuntimeException e) {
                return Long.MIN_VALUE;
            }
        }
    }
}
