package org.ptaflow.cli;

import picocli.CommandLine.Option;

/** Whether and how to create the Kafka topics a command needs and does not find. */
final class TopicOptions {
    @Option(names = "--create-topics",
            description = "Create the Kafka topics the command needs that do not exist yet (without it, a missing "
                    + "topic is an error, exit 2).")
    boolean create;

    @Option(names = "--topic-partitions", paramLabel = "N", defaultValue = "1",
            description = "Partitions of each topic --create-topics creates. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--topic-replication", paramLabel = "R", defaultValue = "1",
            description = "Replication factor of each topic --create-topics creates (at most the number of "
                    + "brokers). Default: ${DEFAULT-VALUE}.")
    short replication;
}
