package org.ptaflow.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.kafka.KafkaSettings;

import picocli.CommandLine.Option;

/** Where a command meets Kafka: brokers, pass-through client properties, topic names. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "The Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting passed through unchanged (SASL, TLS, ...); repeatable.")
    Map<String, String> clientProperties = new LinkedHashMap<>();

    @Option(names = "--records-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.RECORDS_TOPIC,
            description = "Customs records in (JSON, contract §1). Default: ${DEFAULT-VALUE}.")
    String recordsTopic;

    @Option(names = "--updates-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.UPDATES_TOPIC,
            description = "Concession amendments in. Default: ${DEFAULT-VALUE}.")
    String updatesTopic;

    @Option(names = "--impact-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.IMPACT_TOPIC,
            description = "Impact rows out (JSON, keyed by row). Default: ${DEFAULT-VALUE}.")
    String impactTopic;

    @Option(names = "--tax-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.TAX_TOPIC,
            description = "Impact rows per border tax out (JSON, keyed by row and tax; none without taxes). "
                    + "Default: ${DEFAULT-VALUE}.")
    String taxTopic;

    @Option(names = "--quota-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.QUOTA_TOPIC,
            description = "The quotas' daily allocations out (JSON, keyed by scenario and quota; none without "
                    + "quotas). Default: ${DEFAULT-VALUE}.")
    String quotaTopic;

    @Option(names = "--rejected-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.REJECTED_TOPIC,
            description = "Rejected records out. Default: ${DEFAULT-VALUE}.")
    String rejectedTopic;

    @Option(names = "--late-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.LATE_TOPIC,
            description = "Late records out. Default: ${DEFAULT-VALUE}.")
    String lateTopic;

    @Option(names = "--transit-events-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.TRANSIT_EVENTS_TOPIC,
            description = "Transit movement events in (JSON, contract §1b); read, and needed, only when a scenario "
                    + "has a transit: section. Default: ${DEFAULT-VALUE}.")
    String transitEventsTopic;

    @Option(names = "--transit-rows-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.TRANSIT_ROWS_TOPIC,
            description = "Transit rows out (JSON, keyed by row; only when a scenario has a transit: section). "
                    + "Default: ${DEFAULT-VALUE}.")
    String transitRowsTopic;

    @Option(names = "--transit-alerts-topic", paramLabel = "TOPIC",
            defaultValue = KafkaSettings.TRANSIT_ALERTS_TOPIC,
            description = "Transit alerts out (JSON, keyed by movement, kind and time; only when a scenario has a "
                    + "transit: section). Default: ${DEFAULT-VALUE}.")
    String transitAlertsTopic;

    @Option(names = "--flags-topic", paramLabel = "TOPIC", defaultValue = KafkaSettings.FLAGS_TOPIC,
            description = "Flags on preference claims out (JSON, keyed by record or by line and month). "
                    + "Default: ${DEFAULT-VALUE}.")
    String flagsTopic;

    boolean given() {
        return bootstrapServers != null;
    }

    /** The Kafka settings; {@code jobId} null for the default {@code ptaflow-<scenario ids>}. */
    KafkaSettings settings(List<Scenario> scenarios, String jobId) {
        if (bootstrapServers == null) {
            throw new UsageError("Kafka needs --bootstrap-servers HOST:PORT");
        }
        Properties props = new Properties();
        clientProperties.forEach((k, v) -> props.setProperty(k.trim(), v.trim()));
        String id = jobId != null ? jobId
                : "ptaflow-" + String.join("-", scenarios.stream().map(Scenario::id).toList());
        return new KafkaSettings(bootstrapServers, props, recordsTopic, updatesTopic, impactTopic, taxTopic,
                quotaTopic, rejectedTopic, lateTopic, transitEventsTopic, transitRowsTopic, transitAlertsTopic,
                flagsTopic, id);
    }
}
