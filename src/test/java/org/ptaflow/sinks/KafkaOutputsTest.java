package org.ptaflow.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;

class KafkaOutputsTest {
    /**
     * The Flink timestamp of an output is event time (here, a registration in June 2025). Written as the Kafka
     * record's timestamp it would make the broker's time-based retention delete the record once committed; the
     * sinks leave the timestamp to the producer (the time of sending).
     */
    @Test
    void outputsAreNotStampedWithEventTime() {
        KafkaRecordSerializationSchema<RejectedRecord> built = KafkaRecordSerializationSchema.<RejectedRecord>builder()
                .setTopic("rejected-records").setValueSerializationSchema(new KafkaOutputs.RejectedValue()).build();
        KafkaOutputs.WallClockTimestamps<RejectedRecord> sinkSchema = new KafkaOutputs.WallClockTimestamps<>(built);
        RejectedRecord r = new RejectedRecord("customs-records-0", 439, "pk-az-pta-requests",
                RejectionReason.values()[0], "test", "{}");
        long eventTime = Instant.parse("2025-06-02T18:06:49Z").toEpochMilli();

        ProducerRecord<byte[], byte[]> withEventTime = built.serialize(r, null, eventTime);
        ProducerRecord<byte[], byte[]> written = sinkSchema.serialize(r, null, eventTime);

        assertEquals(eventTime, withEventTime.timestamp(), "what the connector does by default");
        assertNull(written.timestamp(), "the producer stamps it when sending");
        assertEquals("rejected-records", written.topic());
        assertArrayEquals(withEventTime.value(), written.value());
    }
}
