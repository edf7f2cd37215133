package org.ptaflow.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.ptaflow.kafka.KafkaSettings;
import org.ptaflow.quotas.QuotaStatus;
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

    /**
     * A quota's day goes to {@code quota-status} keyed by scenario and quota (a quota's days in order on one
     * partition), its value the JSON of the {@code quotas.csv} row, stamped by the producer like every output.
     */
    @Test
    void aQuotaDayGoesToItsTopicKeyedByScenarioAndQuota() {
        KafkaSettings kafka = KafkaSettings.defaults("127.0.0.1:9092", "test");
        KafkaRecordSerializationSchema<QuotaStatus> built = KafkaRecordSerializationSchema.<QuotaStatus>builder()
                .setTopic(kafka.quotaTopic()).setKeySerializationSchema(new KafkaOutputs.QuotaTopicKey())
                .setValueSerializationSchema(new KafkaOutputs.QuotaValue()).build();
        QuotaStatus day = QuotaOutputsTest.tea11Feb();

        ProducerRecord<byte[], byte[]> written = new KafkaOutputs.WallClockTimestamps<>(built).serialize(day, null,
                Instant.parse("2025-02-12T00:00:00Z").toEpochMilli());

        assertEquals("quota-status", written.topic());
        assertEquals("pk-lk|tea", new String(written.key(), StandardCharsets.UTF_8));
        assertEquals("{\"scenario\":\"pk-lk\",\"quota\":\"tea\",\"period_start\":\"2025-01-01T00:00:00Z\","
                + "\"period_end\":\"2026-01-01T00:00:00Z\",\"day\":\"2025-02-11\",\"requested\":21.000,"
                + "\"allocated\":9.999,\"balance\":0.001,\"fill\":0.99999,\"status\":\"exhausted\","
                + "\"exhausted_on\":\"2025-02-11\"}", new String(written.value(), StandardCharsets.UTF_8));
        assertNull(written.timestamp());
    }

    /**
     * The keys of the transit and flag topics, written out by hand from contract §4's columns: a transit row's key
     * (an open row has an empty office of exit), an alert's movement, kind and time, a consignment flag's record and a
     * partner_shift flag's importer, line, month and beneficiary.
     */
    @Test
    void transitRowsAlertsAndFlagsAreKeyedByWhatTheyAreAbout() {
        org.ptaflow.transit.TransitRow open = new org.ptaflow.transit.TransitRow();
        open.scenario = "pk-az";
        open.windowStart = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
        open.windowEnd = Instant.parse("2025-07-01T00:00:00Z").toEpochMilli();
        open.officeDeparture = "PKKHI";
        open.transportMode = "road";
        open.direction = "outbound";
        open.origin = "AZE";
        open.destination = "AFG";
        assertEquals("pk-az|2025-06-01T00:00:00Z|PKKHI||road|outbound|AZE|AFG", key(new KafkaOutputs.TransitRowKey(),
                open));
        open.officeExit = "PKTOR";
        assertEquals("pk-az|2025-06-01T00:00:00Z|PKKHI|PKTOR|road|outbound|AZE|AFG",
                key(new KafkaOutputs.TransitRowKey(), open));

        org.ptaflow.transit.TransitAlert overdue = new org.ptaflow.transit.TransitAlert("TM-1",
                org.ptaflow.transit.AlertKind.OVERDUE, Instant.parse("2025-06-11T00:00:00Z").toEpochMilli(), "PKBQM",
                org.ptaflow.transit.TransportMode.ROAD, "AFG", "AZE", null, "no exit");
        assertEquals("TM-1|overdue|2025-06-11T00:00:00Z", key(new KafkaOutputs.TransitAlertKey(), overdue));

        org.ptaflow.flags.Flag consignment = new org.ptaflow.flags.Flag();
        consignment.scenario = "pk-az";
        consignment.rule = org.ptaflow.flags.Flag.CONSIGNMENT;
        consignment.declarationId = "KT-1";
        consignment.itemNo = 3;
        consignment.importer = "PAK";
        consignment.hsCode = "27101990";
        consignment.origin = "AZE";
        assertEquals("pk-az|KT-1|3", key(new KafkaOutputs.FlagKey(), consignment));
        org.ptaflow.flags.Flag shift = new org.ptaflow.flags.Flag();
        shift.scenario = "pk-az";
        shift.rule = org.ptaflow.flags.Flag.PARTNER_SHIFT;
        shift.registeredAt = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
        shift.importer = "PAK";
        shift.hsCode = "271019";
        shift.origin = "AZE";
        assertEquals("pk-az|PAK|271019|2025-03-01T00:00:00Z|AZE", key(new KafkaOutputs.FlagKey(), shift));
    }

    private static <T> String key(org.apache.flink.api.common.serialization.SerializationSchema<T> schema, T value) {
        return new String(schema.serialize(value), StandardCharsets.UTF_8);
    }
}
