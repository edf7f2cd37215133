package org.ptaflow.sinks.postgres;

import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how {@code --sink postgres} writes: the database (a {@code jdbc:postgresql://} URL, a user, the password
 * from the environment), the schema of its tables, whether to create what is missing, whether to clear the run's
 * scenarios first, and how rows are batched: a batch is written when it has {@code batchSize} rows or is
 * {@code flushInterval} old, and at every checkpoint. Serializable: the sinks take it to the task managers.
 */
public record PostgresSettings(String url, String user, String password, String schema, boolean createTables,
        boolean replace, int batchSize, Duration flushInterval) implements Serializable {

    /** The environment variable the password comes from (never the command line, which others can read). */
    public static final String PASSWORD_VARIABLE = "PTAFLOW_JDBC_PASSWORD";

    /** A schema's name as PostgreSQL folds an unquoted one: it is part of the SQL text, so nothing else is taken. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresSettings {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url is jdbc:postgresql://HOST:PORT/DATABASE, got "
                    + (url == null ? "none" : "'" + url + "'"));
        }
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("--jdbc-schema is a lower-case SQL name (letters, digits, _), got '"
                    + schema + "'");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--jdbc-batch-size is at least 1, got " + batchSize);
        }
    }

    /** A name in double quotes (table and schema names are checked names, so this never needs escaping). */
    static String quote(String name) {
        return "\"" + name + "\"";
    }

    @Override
    public String toString() {
        // never the password (settings are shown in the web UI and logs)
        return url + " as " + user + ", schema " + schema;
    }
}
