package org.ptaflow.cli;

import picocli.CommandLine.Mixin;

/**
 * The options of the streaming job, the same on this machine ({@code ptaflow run}) and on a cluster
 * ({@link PtaflowJob}): scenarios, sources and time, the simulator, Kafka and its topics, Flink settings.
 */
final class LiveRunOptions {
    @Mixin
    ScenarioOptions scenarios;

    @Mixin
    LiveJobOptions job;

    @Mixin
    SimulatorOptions simulator;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Mixin
    FlinkOptions flink;

    @Mixin
    PostgresOptions postgres;
}
