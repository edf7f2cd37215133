package org.ptaflow.kafka;

import java.io.Serializable;
import java.util.Properties;

/**
 * Where a job meets Kafka: the brokers, the topic names (the defaults of the Kafka issue), client properties passed
 * through unchanged (SASL, TLS, …: {@code --kafka-property key=value}), and the job's id, which names its consumer
 * group and the prefix of its transactional ids (it must be unique per job and stable across restarts, so that a
 * restarted job can abort the transactions its predecessor left open).
 */
public record KafkaSettings(
        String bootstrapServers,
        Properties clientProperties,
        String recordsTopic,
        String updatesTopic,
        String impactTopic,
        String taxTopic,
        String quotaTopic,
        String rejectedTopic,
        String lateTopic,
        String transitEventsTopic,
        String transitRowsTopic,
        String transitAlertsTopic,
        String flagsTopic,
        String jobId) implements Serializable {

    public static final String RECORDS_TOPIC = "customs-records";
    public static final String UPDATES_TOPIC = "concession-updates";
    public static final String IMPACT_TOPIC = "impact-rows";
    /** The impact rows per tax, the long form of {@code taxes.csv}. */
    public static final String TAX_TOPIC = "tax-rows";
    /** The quotas' daily allocations, the rows of {@code quotas.csv}. */
    public static final String QUOTA_TOPIC = "quota-status";
    public static final String REJECTED_TOPIC = "rejected-records";
    public static final String LATE_TOPIC = "late-records";
    /** Transit movement events in (contract §1b), read when a scenario has a {@code transit:} section. */
    public static final String TRANSIT_EVENTS_TOPIC = "transit-events";
    /** The rows of {@code transit.csv}, written when a scenario has a {@code transit:} section. */
    public static final String TRANSIT_ROWS_TOPIC = "transit-rows";
    /** The rows of {@code transit-alerts.csv}, written when a scenario has a {@code transit:} section. */
    public static final String TRANSIT_ALERTS_TOPIC = "transit-alerts";
    /** The rows of {@code flags.csv}: the origin checks on preference claims. */
    public static final String FLAGS_TOPIC = "flags";

    public static KafkaSettings defaults(String bootstrapServers, String jobId) {
        return new KafkaSettings(bootstrapServers, new Properties(), RECORDS_TOPIC, UPDATES_TOPIC, IMPACT_TOPIC,
                TAX_TOPIC, QUOTA_TOPIC, REJECTED_TOPIC, LATE_TOPIC, TRANSIT_EVENTS_TOPIC, TRANSIT_ROWS_TOPIC,
                TRANSIT_ALERTS_TOPIC, FLAGS_TOPIC, jobId);
    }

    /** A copy of the pass-through client properties (callers add their own on top). */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        return p;
    }
}
