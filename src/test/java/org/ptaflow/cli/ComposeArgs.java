package org.ptaflow.cli;

/** Test access to the package-private command-line checks, for tests outside {@code org.ptaflow.cli}. */
public final class ComposeArgs {
    private ComposeArgs() {}

    /** {@link PtaflowCommand#usageProblem}: null when the {@code bin/ptaflow} command line parses, else the problem. */
    public static String usageProblem(String... args) {
        return PtaflowCommand.usageProblem(args);
    }

    /** {@link PtaflowJob#usageProblem}: the same for the job jar's cluster entry point ({@code flink run}). */
    public static String jobUsageProblem(String... args) {
        return PtaflowJob.usageProblem(args);
    }

    /**
     * The topics the job reads and writes with the default names (with a transit scenario), each with whether the
     * job wants it compacted.
     */
    public static java.util.List<java.util.Map.Entry<String, Boolean>> jobTopics() {
        org.ptaflow.kafka.KafkaSettings defaults = new org.ptaflow.kafka.KafkaSettings("kafka:9092",
                new java.util.Properties(), org.ptaflow.kafka.KafkaSettings.RECORDS_TOPIC,
                org.ptaflow.kafka.KafkaSettings.UPDATES_TOPIC, org.ptaflow.kafka.KafkaSettings.IMPACT_TOPIC,
                org.ptaflow.kafka.KafkaSettings.TAX_TOPIC, org.ptaflow.kafka.KafkaSettings.QUOTA_TOPIC,
                org.ptaflow.kafka.KafkaSettings.REJECTED_TOPIC,
                org.ptaflow.kafka.KafkaSettings.LATE_TOPIC, org.ptaflow.kafka.KafkaSettings.TRANSIT_EVENTS_TOPIC,
                org.ptaflow.kafka.KafkaSettings.TRANSIT_ROWS_TOPIC, org.ptaflow.kafka.KafkaSettings.TRANSIT_ALERTS_TOPIC,
                org.ptaflow.kafka.KafkaSettings.FLAGS_TOPIC, "compose");
        // Every topic, the transit ones included: docker compose creates them all, whatever the scenario.
        return KafkaTopics.forJob(defaults, true, true, true).stream()
                .map(t -> java.util.Map.entry(t.name(), t.compacted())).toList();
    }
}
