package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.corpus.Corpus;
import org.ptaflow.sinks.postgres.TestPostgres;

/**
 * {@code --sink postgres} from the command line, into a private PostgreSQL server: the whole-job backtest (the
 * corpus through the test scenario) written beside its files, so that each table can be compared with its file
 * value for value; and the refusals before a job is submitted (exit 2).
 */
class PostgresSinkCommandTest {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @TempDir
    Path out;

    private List<String> backtest(String schema, String... more) throws Exception {
        Path scenario = Paths.get(getClass().getResource("/pipeline/test-pta.yaml").toURI());
        List<String> args = new ArrayList<>(List.of("backtest", "--scenario", scenario.toString(), "--parallelism",
                "2", "--jdbc-url", POSTGRES.url(), "--jdbc-user", POSTGRES.user(), "--jdbc-schema", schema));
        args.addAll(List.of(more));
        for (Path p : Corpus.extractPaths()) {
            args.add("--input");
            args.add(p.toString());
        }
        return args;
    }

    @Test
    void aBacktestIntoPostgresEqualsItsFilesValueForValue() throws Exception {
        String schema = POSTGRES.freshSchema("backtest");
        Cli run = Cli.run(backtest(schema, "--sink", "files", "--sink", "postgres", "--create-tables", "--out",
                out.toString()).toArray(String[]::new));
        assertEquals(0, run.status(), run.toString());

        List<List<String>> impact = csv(out.resolve("impact.csv"));
        assertTrue(impact.size() > 1, "the backtest has impact rows");
        // impact.csv's order (contract §4): window, importer, beneficiary, hs6, scenario; "C": byte order, as Java's
        List<List<String>> impactTable = table(schema, "impact_rows", impact.get(0), "window_start, importer COLLATE "
                + "\"C\", beneficiary COLLATE \"C\", hs6 COLLATE \"C\", scenario COLLATE \"C\"");
        assertEquals(asNumbers(impact), impactTable);

        List<List<String>> rejected = csv(out.resolve("rejected.csv"));
        assertTrue(rejected.size() > 1, "the corpus has rejected records");
        List<List<String>> rejectedRows = rejected.subList(1, rejected.size());
        List<List<String>> sortedFile = new ArrayList<>(rejectedRows);
        sortedFile.sort((a, b) -> {
            int c = a.get(0).compareTo(b.get(0));
            c = c != 0 ? c : Long.compare(Long.parseLong(a.get(1)), Long.parseLong(b.get(1)));
            return c != 0 ? c : a.get(2).compareTo(b.get(2));
        });
        sortedFile.add(0, rejected.get(0));
        assertEquals(sortedFile, table(schema, "rejected_records", rejected.get(0),
                "source COLLATE \"C\", line, scenario COLLATE \"C\""));

        assertEquals(List.of(csv(out.resolve("late.csv")).get(0)),
                table(schema, "late_records", csv(out.resolve("late.csv")).get(0), "source"), "a backtest has no late");

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode counts = summary.get("scenarios").get("test-pta");
        try (Connection c = POSTGRES.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT read, accepted, rejected, duplicates, late, out_of_scope, "
                        + "reconciles FROM " + schema + ".run_summary WHERE scenario = 'test-pta' AND source = ''")) {
            assertTrue(r.next(), "the run's totals");
            assertEquals(summary.get("read").asLong(), r.getLong(1));
            assertEquals(counts.get("accepted").asLong(), r.getLong(2));
            assertEquals(counts.get("rejected").asLong(), r.getLong(3));
            assertEquals(counts.get("duplicates").asLong(), r.getLong(4));
            assertEquals(counts.get("late").asLong(), r.getLong(5));
            assertEquals(counts.get("out_of_scope").asLong(), r.getLong(6));
            assertTrue(r.getBoolean(7));
            assertFalse(r.next(), "one row of totals per run and scenario");
        }

        // docs/postgres.md's first query, as written there (for this run's scenario): its months and chapters add
        // up to the revenue forgone of impact.csv.
        String doc = Files.readString(Paths.get("docs/postgres.md"));
        int at = doc.indexOf("```sql\nSELECT date_trunc");
        String query = doc.substring(at + "```sql\n".length(), doc.indexOf("```", at + 6)).trim()
                .replace("'pk-az-pta-requests'", "'test-pta'").replace("FROM impact_rows", "FROM " + schema
                        + ".impact_rows").replace(";", "");
        int forgone = impact.get(0).indexOf("revenue_forgone");
        BigDecimal fileTotal = impact.subList(1, impact.size()).stream().map(r -> new BigDecimal(r.get(forgone)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal queryTotal = BigDecimal.ZERO;
        try (Connection c = POSTGRES.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                queryTotal = queryTotal.add(r.getBigDecimal("duty_forgone_usd"));
            }
        }
        assertTrue(fileTotal.signum() > 0, "revenue forgone in the backtest");
        assertEquals(0, fileTotal.compareTo(queryTotal), fileTotal + " vs " + queryTotal);

        // Again with --replace and PostgreSQL alone: the same rows, none doubled, no folder needed.
        Cli again = Cli.run(backtest(schema, "--sink", "postgres", "--replace").toArray(String[]::new));
        assertEquals(0, again.status(), again.toString());
        impactTable = table(schema, "impact_rows", impact.get(0), "window_start, importer COLLATE "
                + "\"C\", beneficiary COLLATE \"C\", hs6 COLLATE \"C\", scenario COLLATE \"C\"");
        assertEquals(asNumbers(impact), impactTable);
    }

    /**
     * A backtest of simulated records for the request-lists scenario, which has border taxes and quotas: tax_rows
     * and quota_status equal taxes.csv and quotas.csv value for value (compared sorted: taxes.csv orders a row's
     * taxes by the scenario's list, which no column holds), and impact_rows impact.csv.
     */
    @Test
    void theTaxAndQuotaTablesEqualTheirFiles() throws Exception {
        String schema = POSTGRES.freshSchema("taxes");
        Path scenario = Paths.get("scenarios/pk-az-pta-requests.yaml").toAbsolutePath();
        Path input = out.resolve("records.csv");
        Path movements = out.resolve("movements.csv");
        Cli simulated = Cli.run("simulate", "--scenario", scenario.toString(), "--records", "3000", "--seed", "7",
                "--out", input.toString(), "--transit-out", movements.toString());
        assertEquals(0, simulated.status(), simulated.toString());
        Path files = out.resolve("files");
        Cli run = Cli.run("backtest", "--scenario", scenario.toString(), "--input", input.toString(), "--parallelism",
                "2", "--transit-input", movements.toString(), "--sink", "files", "--out", files.toString(), "--sink",
                "postgres", "--jdbc-url", POSTGRES.url(), "--jdbc-user", POSTGRES.user(), "--jdbc-schema", schema,
                "--create-tables");
        assertEquals(0, run.status(), run.toString());
        for (String[] pair : new String[][] {{"impact.csv", "impact_rows"}, {"taxes.csv", "tax_rows"},
                {"quotas.csv", "quota_status"}, {"rejected.csv", "rejected_records"}, {"transit.csv", "transit_rows"},
                {"transit-alerts.csv", "transit_alerts"}}) {
            List<List<String>> file = csv(files.resolve(pair[0]));
            List<List<String>> table = table(schema, pair[1], file.get(0), "1");
            List<List<String>> expected = asNumbers(file);
            assertEquals(sorted(expected), sorted(table), pair[1] + " against " + pair[0]);
            if (!pair[1].equals("quota_status") && !pair[1].equals("transit_alerts")) {
                assertTrue(file.size() > 1, pair[0] + " has rows");
            }
        }
    }

    /** The header, then the rows sorted by their text. */
    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> body = new ArrayList<>(rows.subList(1, rows.size()));
        body.sort(java.util.Comparator.comparing(r -> String.join("\u0001", r)));
        body.add(0, rows.get(0));
        return body;
    }

    /**
     * A live run of the simulator (the request-lists scenario: month windows, early rows every 5 s of processing
     * time; 4,000 records at 400 a second, so about 10 s): while it runs, a row is seen in the table not yet final;
     * at the end that key's one row is final, and the table equals impact.csv, which holds final rows only.
     */
    @Test
    void aLiveRunReplacesAnEarlyRowInPlaceByTheFinalOne() throws Exception {
        String schema = POSTGRES.freshSchema("live");
        java.util.concurrent.CompletableFuture<Cli> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Cli.run("run", "--records", "4000", "--rate", "400", "--no-dashboard", "--out",
                        out.toString(), "--sink", "files", "--sink", "postgres", "--jdbc-url", POSTGRES.url(),
                        "--jdbc-user", POSTGRES.user(), "--jdbc-schema", schema, "--create-tables",
                        "--jdbc-flush-interval", "200 ms");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> early = null;
        while (!run.isDone() && early == null) {
            Thread.sleep(300);
            try (Connection c = POSTGRES.connect(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT scenario, window_start, importer, beneficiary, hs6 FROM "
                            + schema + ".impact_rows WHERE NOT final LIMIT 1")) {
                if (r.next()) {
                    early = List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
                }
            } catch (java.sql.SQLException notYetCreated) {
                // the tables appear once the run has checked the database
            }
        }
        Cli done = run.get(5, java.util.concurrent.TimeUnit.MINUTES);
        assertEquals(0, done.status(), done.toString());
        assertTrue(early != null, "an early row was in the table while the run went on");
        try (Connection c = POSTGRES.connect(); java.sql.PreparedStatement s = c.prepareStatement("SELECT final FROM "
                + schema + ".impact_rows WHERE scenario = ? AND window_start = ?::timestamptz AND importer = ? AND "
                + "beneficiary = ? AND hs6 = ?")) {
            for (int i = 0; i < 5; i++) {
                s.setString(i + 1, early.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                assertTrue(r.getBoolean(1), "the early row " + early + " was replaced by the final one");
                assertFalse(r.next(), "in place: one row for the key");
            }
        }
        List<List<String>> impact = csv(out.resolve("impact.csv"));
        assertEquals(asNumbers(impact), table(schema, "impact_rows", impact.get(0), "window_start, importer "
                + "COLLATE \"C\", beneficiary COLLATE \"C\", hs6 COLLATE \"C\", scenario COLLATE \"C\""));
    }

    /**
     * An operator throwing once after a checkpoint (the job restarts from it and writes again what followed it):
     * every table ends as the failure-free run's, no row missing or doubled. On the embedded cluster at
     * parallelism 2, checkpointing every 100 ms; the records are slowed so that checkpoints come while they flow.
     * (The multi-process cluster's fault tests, ClusterFaultIT, do not write to PostgreSQL yet.)
     */
    @Test
    void aFailureAfterACheckpointEndsWithTheTablesOfAFailureFreeRun() throws Exception {
        String reference = POSTGRES.freshSchema("reference");
        String recovered = POSTGRES.freshSchema("recovered");
        assertEquals(0, backtestWithFailure(reference, false));
        assertEquals(0, backtestWithFailure(recovered, true));
        assertTrue(SlowFailOnce.thrown.get(), "the operator threw");
        for (String t : List.of("impact_rows", "tax_rows", "quota_status", "rejected_records", "late_records")) {
            assertEquals(dump(reference, t), dump(recovered, t), t);
        }
        // 3,000 records make no quota day with claims (the fault tests of ClusterFaultIT run 400,000): quota_status
        // is compared, but may be empty here.
        for (String t : List.of("impact_rows", "tax_rows")) {
            assertFalse(dump(reference, t).isEmpty(), t + " has rows to compare");
        }
        String counts = "scenario, source, read, accepted, rejected, rejected_by_parser, duplicates, conflicts, late, "
                + "out_of_scope, unaccounted, reconciles";
        assertEquals(dump(reference, "run_summary", counts), dump(recovered, "run_summary", counts));
    }

    private int backtestWithFailure(String schema, boolean fail) throws Exception {
        SlowFailOnce.thrown.set(!fail); // "already thrown": only slows
        // One file of simulated records (one source that runs until the end: checkpoints complete while it reads)
        // for the request-lists scenario, which has border taxes and quotas, so every table has rows.
        Path scenario = Paths.get("scenarios/pk-az-pta-requests.yaml").toAbsolutePath();
        Path input = out.resolve("records.csv");
        if (!Files.exists(input)) {
            Cli simulated = Cli.run("simulate", "--scenario", scenario.toString(), "--records", "3000", "--seed", "7",
                    "--out", input.toString());
            assertEquals(0, simulated.status(), simulated.toString());
        }
        List<Path> files = List.of(input);
        java.util.Map<String, String> flink = java.util.Map.of("parallelism.default", "2",
                "execution.checkpointing.interval", "100 ms", "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "3", "restart-strategy.fixed-delay.delay", "200 ms");
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                FlinkJob.environment(flink, "backtest into postgres (fails once: " + fail + ")");
        return FlinkJob.run(env, FlinkJob.Sources.records(e -> InputFiles.source(e, files).map(new SlowFailOnce())
                        .uid("fail-once").name("Fail once (test)")),
                List.of(org.ptaflow.scenario.ScenarioLoader.load(scenario)),
                org.ptaflow.pipeline.ImpactPipeline.Settings.forBacktest(), null, null, null,
                new org.ptaflow.sinks.postgres.PostgresSettings(POSTGRES.url(), POSTGRES.user(), null, schema, true,
                        false, 3, java.time.Duration.ofMillis(50)),
                "backtest into postgres", new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
    }

    /** Passes lines on, 2 ms each; throws once, after 1,000 lines and a completed checkpoint. */
    static final class SlowFailOnce extends org.apache.flink.api.common.functions.RichMapFunction<
            org.ptaflow.records.SourceLine, org.ptaflow.records.SourceLine>
            implements org.apache.flink.api.common.state.CheckpointListener {
        static final java.util.concurrent.atomic.AtomicBoolean thrown = new java.util.concurrent.atomic.AtomicBoolean();
        private transient long seen;
        private transient volatile boolean checkpointed;

        @Override
        public org.ptaflow.records.SourceLine map(org.ptaflow.records.SourceLine line) throws Exception {
            Thread.sleep(2);
            if (++seen >= 1000 && checkpointed && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at " + line.source + ":" + line.line);
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /** Every row of a table as text, in a fixed order (all columns). */
    private static List<String> dump(String schema, String table) throws Exception {
        return dump(schema, table, "*");
    }

    private static List<String> dump(String schema, String table, String columns) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = POSTGRES.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + columns + " FROM " + schema + "." + table)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(r.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        java.util.Collections.sort(rows);
        return rows;
    }

    @Test
    void postgresGoesBesideOneOtherSinkAndNeedsAUrl() throws Exception {
        Cli two = Cli.run("run", "--sink", "files", "--sink", "kafka", "--records", "10", "--no-dashboard");
        assertEquals(2, two.status(), two.toString());
        assertTrue(two.err().contains("one of files, print or kafka"), two.toString());
        Cli noUrl = Cli.run("run", "--sink", "postgres", "--records", "10", "--no-dashboard");
        assertEquals(2, noUrl.status(), noUrl.toString());
        assertTrue(noUrl.err().contains("--jdbc-url"), noUrl.toString());
        Cli backtestKafka = Cli.run("backtest", "--sink", "kafka", "--input", "x.csv", "--out", out.toString());
        assertEquals(2, backtestKafka.status(), backtestKafka.toString());
    }

    @Test
    void anUnreachableDatabaseExitsTwoBeforeTheJobIsSubmitted() throws Exception {
        List<String> args = backtest("public", "--sink", "postgres");
        args.set(args.indexOf(POSTGRES.url()), "jdbc:postgresql://127.0.0.1:1/postgres");
        Cli run = Cli.run(args.toArray(String[]::new));
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("127.0.0.1:1"), run.toString());
        assertFalse(run.err().contains("started"), "no job was submitted: " + run);
    }

    @Test
    void aTableOfAnotherShapeExitsTwoBeforeTheJobIsSubmitted() throws Exception {
        String schema = POSTGRES.freshSchema("shape");
        try (Connection c = POSTGRES.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".impact_rows (scenario text PRIMARY KEY, window_start text)");
        }
        Cli run = Cli.run(backtest(schema, "--sink", "postgres", "--create-tables").toArray(String[]::new));
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("impact_rows has another shape"), run.toString());
        assertFalse(run.err().contains("started"), "no job was submitted: " + run);
    }

    /** The numeric columns (by position) of the last {@link #table} read: the file's are compared as numbers. */
    private final List<Integer> numeric = new ArrayList<>();

    /** The file's rows with the numeric columns of the last table read written as the table's are. */
    private List<List<String>> asNumbers(List<List<String>> file) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(file.get(0));
        for (List<String> row : file.subList(1, file.size())) {
            List<String> copy = new ArrayList<>(row);
            for (int i : numeric) {
                if (!copy.get(i).isEmpty()) {
                    copy.set(i, new BigDecimal(copy.get(i)).stripTrailingZeros().toPlainString());
                }
            }
            rows.add(copy);
        }
        return rows;
    }

    /** A CSV file's header and rows, every field as text (empty for an empty field). */
    static List<List<String>> csv(Path file) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(Files.newBufferedReader(file))) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    /**
     * The table's columns of {@code header}, ordered: each value as the CSV would print it so that numbers
     * compare as numbers (a numeric equal to the file's decimal is written as the file's text), NULL as empty,
     * instants as ISO-8601 UTC.
     */
    private List<List<String>> table(String schema, String table, List<String> header, String orderBy)
            throws Exception {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        try (Connection c = POSTGRES.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + String.join(", ", header) + " FROM " + schema + "." + table
                        + " ORDER BY " + orderBy)) {
            ResultSetMetaData meta = r.getMetaData();
            int n = header.size();
            List<List<String>> file = rows; // filled below
            numeric.clear();
            for (int i = 1; i <= n; i++) {
                if (meta.getColumnType(i) == Types.NUMERIC) {
                    numeric.add(i - 1);
                }
            }
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    if (v == null) {
                        row.add("");
                    } else if (meta.getColumnType(i) == Types.NUMERIC) {
                        row.add(((BigDecimal) v).stripTrailingZeros().toPlainString());
                    } else if (meta.getColumnTypeName(i).equals("timestamptz")) {
                        row.add(r.getObject(i, OffsetDateTime.class).toInstant().toString());
                    } else {
                        row.add(v.toString());
                    }
                }
                file.add(row);
            }
        }
        return rows;
    }
}
