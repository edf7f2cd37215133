package org.ptaflow.sinks.postgres;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.ptaflow.sinks.RunSummary;

/**
 * {@code --sink postgres}: the check before the job is submitted ({@link #prepare}), the connector's sinks the job
 * writes its streams with ({@link #sink}), and the run's summary written by the client at the end
 * ({@link #writeSummary}).
 *
 * <p>The sinks are Flink's JDBC connector's {@link JdbcSink} (at least once) with upsert statements: a row written
 * twice (a replay after a failure restarts from the last checkpoint and writes again what followed it) replaces
 * itself, so a table ends as a failure-free run's. Exactly once through XA transactions would hold rows back until
 * a checkpoint and is not needed when every write is an upsert by key.
 */
public final class PostgresOutput {
    /** The run summary's table: one row per run, scenario and source (source {@code ''}: the run's totals). */
    static final String RUN_SUMMARY = "run_summary";

    /** Its columns and types, its key first ({@code run_id, scenario, source}). */
    static final Map<String, String> RUN_SUMMARY_COLUMNS = runSummaryColumns();
    static final List<String> RUN_SUMMARY_KEY = List.of("run_id", "scenario", "source");

    /** How long the check before the job waits for the database (a firewall may drop packets silently). */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private PostgresOutput() {}

    /** The database cannot be used as it is: unreachable, refusing the user, or a table of another shape. */
    public static final class Unusable extends Exception {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }

        Unusable(String message) {
            super(message);
        }
    }

    /**
     * Before the job: connects, checks each table's shape (creating what is missing and adding missing columns
     * with {@code createTables}), and with {@code replace} deletes the rows of {@code scenarios} from every table
     * that has a {@code scenario} column (all but {@code transit_alerts}), in one transaction. Throws
     * {@link Unusable} with a message that names the problem. Every table, the transit ones included.
     */
    public static void prepare(PostgresSettings settings, List<String> scenarios, PrintStream console)
            throws Unusable {
        prepare(settings, scenarios, PostgresTables.STREAMED, console);
    }

    /** As above, for the tables the run writes ({@link PostgresTables#forRun}) and the run summary's. */
    public static void prepare(PostgresSettings settings, List<String> scenarios, List<PostgresTables.Table<?>> tables,
            PrintStream console) throws Unusable {
        try (Connection c = connect(settings)) {
            c.setAutoCommit(false);
            schema(c, settings);
            List<String> created = new ArrayList<>();
            for (PostgresTables.Table<?> t : tables) {
                Map<String, String> columns = new LinkedHashMap<>();
                t.columns().forEach(col -> columns.put(col.name(), col.sqlType()));
                shape(c, settings, t.name(), columns, t.key(), created);
            }
            shape(c, settings, RUN_SUMMARY, RUN_SUMMARY_COLUMNS, RUN_SUMMARY_KEY, created);
            if (settings.replace()) {
                for (PostgresTables.Table<?> t : tables) {
                    if (t.column("scenario") == null) {
                        // transit_alerts: an alert names no scenario (contract §4), so no row is the run's alone;
                        // a run over the same events upserts the same alerts in place.
                        continue;
                    }
                    try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM " + t.qualified(settings.schema()) + " WHERE scenario = ANY (?)")) {
                        delete.setArray(1, c.createArrayOf("text", scenarios.toArray()));
                        int n = delete.executeUpdate();
                        if (n > 0) {
                            console.printf("postgres: --replace deleted %,d rows of %s from %s%n", n, scenarios,
                                    t.name());
                        }
                    }
                }
            }
            c.commit();
            if (!created.isEmpty()) {
                console.println("postgres: created " + String.join(", ", created));
            }
        } catch (SQLException e) {
            throw new Unusable("postgres: " + settings + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(PostgresSettings settings) throws SQLException {
        Properties p = new Properties();
        if (settings.user() != null) {
            p.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        return DriverManager.getConnection(settings.url(), p);
    }

    private static void schema(Connection c, PostgresSettings settings) throws SQLException, Unusable {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            q.setString(1, settings.schema());
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return;
                }
            }
        }
        if (!settings.createTables()) {
            throw new Unusable("postgres: schema " + settings.schema() + " does not exist (--create-tables creates "
                    + "it and the tables)");
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + PostgresSettings.quote(settings.schema()));
        }
    }

    /**
     * Checks one table: missing, it is created (or refused); a missing column is added (or refused); a column of
     * another type or another key is refused. Columns the table has beyond ours stay as they are.
     */
    private static void shape(Connection c, PostgresSettings settings, String table, Map<String, String> columns,
            List<String> key, List<String> created) throws SQLException, Unusable {
        String qualified = PostgresSettings.quote(settings.schema()) + "." + PostgresSettings.quote(table);
        Map<String, String> existing = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            q.setString(1, settings.schema());
            q.setString(2, table);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    existing.put(r.getString(1), r.getString(2));
                }
            }
        }
        if (existing.isEmpty()) {
            if (!settings.createTables()) {
                throw new Unusable("postgres: table " + settings.schema() + "." + table + " does not exist "
                        + "(--create-tables creates it)");
            }
            List<String> definitions = new ArrayList<>();
            columns.forEach((name, type) -> definitions.add(name + " " + type
                    + (key.contains(name) ? " NOT NULL" : "")));
            definitions.add("PRIMARY KEY (" + String.join(", ", key) + ")");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + qualified + " (" + String.join(", ", definitions) + ")");
            }
            created.add(table);
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> col : columns.entrySet()) {
            String type = existing.get(col.getKey());
            if (type == null) {
                if (!settings.createTables() || key.contains(col.getKey())) {
                    problems.add("column " + col.getKey() + " " + col.getValue() + " is missing");
                } else {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE " + qualified + " ADD COLUMN " + col.getKey() + " " + col.getValue());
                    }
                    created.add(table + "." + col.getKey());
                }
            } else if (!type.equals(informationSchemaType(col.getValue()))) {
                problems.add("column " + col.getKey() + " is " + type + ", not " + col.getValue());
            }
        }
        List<String> actualKey = primaryKey(c, settings.schema(), table);
        if (!actualKey.equals(key)) {
            problems.add("its primary key is (" + String.join(", ", actualKey) + "), not (" + String.join(", ", key)
                    + ")");
        }
        if (!problems.isEmpty()) {
            throw new Unusable("postgres: table " + settings.schema() + "." + table + " has another shape: "
                    + String.join("; ", problems) + (settings.createTables() ? "" : " (--create-tables adds missing "
                    + "columns; other differences need the table altered or dropped by hand)"));
        }
    }

    /** A type as {@code information_schema.columns.data_type} names it. */
    private static String informationSchemaType(String type) {
        return type.equals("timestamptz") ? "timestamp with time zone" : type;
    }

    private static List<String> primaryKey(Connection c, String schema, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT a.attname FROM pg_index i"
                + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
                + " WHERE i.indisprimary AND n.nspname = ? AND t.relname = ? ORDER BY k.position")) {
            q.setString(1, schema);
            q.setString(2, table);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    key.add(r.getString(1));
                }
            }
        }
        return key;
    }

    /**
     * The connector's sink for one table: upserts, batched by the settings, flushed at every checkpoint and at the
     * end of input. {@code guard}, when not null, is a condition the row in the table and the new one
     * ({@code EXCLUDED}) must meet for the new one to replace it.
     */
    public static <T> JdbcSink<T> sink(PostgresTables.Table<T> table, PostgresSettings settings, String guard) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(settings.url())
                        .withDriverName("org.postgresql.Driver");
        if (settings.user() != null) {
            connection.withUsername(settings.user());
        }
        if (settings.password() != null) {
            connection.withPassword(settings.password());
        }
        return JdbcSink.<T>builder()
                .withQueryStatement(table.upsert(settings.schema(), guard), new PostgresTables.Binder<>(table))
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(settings.batchSize())
                        .withBatchIntervalMs(settings.flushInterval().toMillis())
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connection.build());
    }

    /**
     * PostgreSQL's upsert with one {@code ?} parameter per column, as the connector's {@link JdbcSink} takes it:
     * {@code INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b, ...}, and
     * {@code WHERE guard} when a guard is given. (The connector's {@code PostgresDialect} writes the same
     * statement for the Table API, but with named parameters ({@code :b}) that only the Table API's statement
     * class understands, so it cannot be given to the DataStream sink.) Names are the column lists' own, never
     * input.
     */
    static String upsert(String table, List<String> columns, List<String> key, String guard) {
        List<String> updates = new ArrayList<>();
        for (String c : columns) {
            if (!key.contains(c)) {
                updates.add(c + " = EXCLUDED." + c);
            }
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT ("
                + String.join(", ", key) + ") DO UPDATE SET " + String.join(", ", updates)
                + (guard == null ? "" : " WHERE " + guard);
    }

    /**
     * An impact row (or tax line) replaces the one in the table unless that one is final and the new one is not: a
     * replay after a failure may write a window's early rows again after its final row reached the table, and the
     * final row must stay. A final row still replaces a final one (a late record updates a window within the
     * allowed lateness).
     */
    public static String finalRowStays(PostgresTables.Table<?> table) {
        return "NOT " + table.name() + ".final OR EXCLUDED.final";
    }

    /**
     * The run's reconciliation counts, one row per scenario and source (source {@code ''}: the run's totals),
     * upserted by run, scenario and source.
     */
    public static void writeSummary(PostgresSettings settings, String runId, RunSummary summary) throws SQLException {
        List<String> names = new ArrayList<>(RUN_SUMMARY_COLUMNS.keySet());
        String sql = upsert(PostgresSettings.quote(settings.schema()) + "." + PostgresSettings.quote(RUN_SUMMARY),
                names, RUN_SUMMARY_KEY, null);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = connect(settings); PreparedStatement s = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            Map<String, RunSummary> sources = new LinkedHashMap<>();
            sources.put("", summary);
            sources.putAll(summary.sources);
            for (Map.Entry<String, RunSummary> source : sources.entrySet()) {
                RunSummary counts = source.getValue();
                for (Map.Entry<String, RunSummary.ScenarioCounts> e : counts.scenarios.entrySet()) {
                    RunSummary.ScenarioCounts sc = e.getValue();
                    int i = 1;
                    s.setString(i++, runId);
                    s.setString(i++, e.getKey());
                    s.setString(i++, source.getKey());
                    s.setObject(i++, now, Types.TIMESTAMP_WITH_TIMEZONE);
                    s.setLong(i++, counts.read);
                    s.setLong(i++, sc.accepted);
                    s.setLong(i++, sc.rejectedTotal());
                    s.setLong(i++, counts.rejectedByParser.values().stream().mapToLong(Long::longValue).sum());
                    s.setLong(i++, sc.duplicates);
                    s.setLong(i++, sc.conflicts);
                    s.setLong(i++, sc.late);
                    s.setLong(i++, sc.outOfScope);
                    s.setLong(i++, counts.read - sc.accountedFor());
                    s.setBoolean(i, counts.reconciles());
                    s.addBatch();
                }
            }
            s.executeBatch();
            c.commit();
        }
    }

    private static Map<String, String> runSummaryColumns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run_id", "text");
        m.put("scenario", "text");
        m.put("source", "text");
        m.put("finished_at", "timestamptz");
        m.put("read", "bigint");
        m.put("accepted", "bigint");
        m.put("rejected", "bigint");
        m.put("rejected_by_parser", "bigint");
        m.put("duplicates", "bigint");
        m.put("conflicts", "bigint");
        m.put("late", "bigint");
        m.put("out_of_scope", "bigint");
        m.put("unaccounted", "bigint");
        m.put("reconciles", "boolean");
        return m;
    }
}
