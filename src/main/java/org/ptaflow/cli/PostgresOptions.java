package org.ptaflow.cli;

import java.time.Duration;

import org.ptaflow.sinks.postgres.PostgresSettings;

import picocli.CommandLine.Option;

/** Where {@code --sink postgres} writes (docs/postgres.md); the password comes from PTAFLOW_JDBC_PASSWORD. */
final class PostgresOptions {
    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "--sink postgres: the database, jdbc:postgresql://HOST:PORT/DATABASE (the password comes "
                    + "from the environment variable " + PostgresSettings.PASSWORD_VARIABLE + ").")
    String url;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "--sink postgres: the database user.")
    String user;

    @Option(names = "--jdbc-schema", paramLabel = "SCHEMA", defaultValue = "public",
            description = "--sink postgres: the schema of the tables. Default: ${DEFAULT-VALUE}.")
    String schema;

    @Option(names = "--create-tables",
            description = "--sink postgres: create the schema and tables that are missing, and add the columns a "
                    + "table lacks (other differences are refused).")
    boolean createTables;

    @Option(names = "--replace",
            description = "--sink postgres: delete the rows of this run's scenarios from every table before the "
                    + "job writes (without it, rows of keys this run does not write stay).")
    boolean replace;

    @Option(names = "--jdbc-batch-size", paramLabel = "N", defaultValue = "500",
            description = "--sink postgres: rows per batch written. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--jdbc-flush-interval", paramLabel = "DURATION", defaultValue = "1 s",
            converter = Conversions.DurationValue.class,
            description = "--sink postgres: the longest a row waits in a batch before it is written (rows are also "
                    + "written at each checkpoint). Default: ${DEFAULT-VALUE}.")
    Duration flushInterval;

    /** The settings of {@code --sink postgres}. */
    PostgresSettings settings() {
        if (url == null) {
            throw new UsageError("--sink postgres needs --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE");
        }
        try {
            return new PostgresSettings(url, user, System.getenv(PostgresSettings.PASSWORD_VARIABLE), schema,
                    createTables, replace, batchSize, flushInterval);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
