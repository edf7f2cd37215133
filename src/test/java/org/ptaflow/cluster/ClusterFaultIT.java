package org.ptaflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.cli.CommandLine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * ptaflow on a real Flink session cluster of separate processes ({@link FlinkClusterProcesses}: a JobManager and
 * two TaskManagers, each its own JVM on 127.0.0.1), the job jar submitted with {@code flink run} as a user would.
 * Each fault test compares the outputs (impact rows, rejected and late records) with those of an uninterrupted run
 * of the same input on the embedded cluster: nothing missing, nothing doubled.
 *
 * <p>Runs in Maven's {@code integration-test} phase (failsafe), after {@code package} built the job jar.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterFaultIT {
    static final Path JOB_JAR = Paths.get("target/ptaflow-0.1.0-SNAPSHOT-job.jar");
    static final String SCENARIO = Paths.get("scenarios/pk-az-pta-requests.yaml").toAbsolutePath().toString();
    /**
     * Enough records that a job runs for several seconds: each test needs it running with a completed checkpoint
     * before it stops or breaks it, and at 400,000 the savepoint test's job once ended (3.1 s) before one completed.
     */
    static final int RECORDS = 800_000;

    @TempDir
    static Path dir;
    static Path input;
    static Path reference;
    static FlinkClusterProcesses cluster;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.ptaflow.sinks.postgres.TestPostgres POSTGRES = new org.ptaflow.sinks.postgres.TestPostgres();

    @BeforeAll
    static void startClusterAndRunTheReference() throws Exception {
        assertTrue(Files.isRegularFile(JOB_JAR), "the job jar is built by `mvn package` before this test runs");
        input = dir.resolve("records.csv");
        assertEquals(0, CommandLine.run("simulate", "--scenario", SCENARIO, "--records", String.valueOf(RECORDS),
                "--seed", "7", "--out", input.toString()));
        // Without the excise lines (spirits 2208, tobacco 2402), whose few records in another unit are rejected
        // (no_tax_base) while the backtest runs, and without the claims consigned from another country than their
        // origin, which the join flags (rule consignment) as it reads them. A backtest sends nothing else to its
        // client before the end, and a client resuming a savepoint cannot take over Flink's collect sink once
        // results went through it (Flink's result buffer refuses the restored offset: docs/operations.md,
        // "Savepoints and rescaling"); the savepoint test below must start from a savepoint taken before any
        // result. (A flag emitted before the first checkpoint reached the client after it, before the savepoint,
        // once in a fresh-clone CI run.)
        List<String> lines = Files.readAllLines(input);
        List<String> header = List.of(lines.get(0).split(","));
        int hs = header.indexOf("hs_code");
        int origin = header.indexOf("origin");
        int consignment = header.indexOf("consignment");
        int preference = header.indexOf("preference");
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        lines.stream().skip(1).filter(line -> {
            String[] fields = line.split(",", -1);
            boolean excise = fields[hs].startsWith("2208") || fields[hs].startsWith("2402");
            boolean flagged = !fields[preference].isEmpty() && !fields[consignment].equals(fields[origin]);
            return !excise && !flagged;
        }).forEach(kept::add);
        assertTrue(kept.size() < lines.size() && kept.size() > lines.size() * 9 / 10, "excise lines taken out");
        Files.write(input, kept);
        failAt = secondClaimOfADayWithSeveral(kept);
        reference = dir.resolve("reference");
        assertEquals(0, CommandLine.run("backtest", "--scenario", SCENARIO, "--input", input.toString(), "--out",
                reference.toString(), "--parallelism", "2"));
        assertTrue(Files.readAllLines(reference.resolve("impact.csv")).size() > 100, "the reference has rows");
        assertTrue(Files.readAllLines(reference.resolve("quotas.csv")).size() > 10, "the reference allocated quotas");
        assertTrue(Files.readAllLines(reference.resolve("flags.csv")).stream().skip(1)
                .noneMatch(l -> l.contains(",consignment,")),
                "no consignment flag: nothing reaches the client before the end");
        cluster = FlinkClusterProcesses.start(dir.resolve("cluster"), 2, 2);
    }

    /** Every test starts on two live TaskManagers with every slot free (the one before may have killed one). */
    @BeforeEach
    void twoIdleTaskManagers() throws Exception {
        cluster.ensureTaskManagers(2, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopEverything() {
        if (cluster != null) {
            cluster.close();
            List<ProcessHandle> alive = cluster.alive();
            assertTrue(alive.isEmpty(), "cluster processes left behind: " + alive);
        }
    }

    @Test
    void aTaskManagerKilledMidRunChangesNothing() throws Exception {
        Path out = dir.resolve("kill-tm");
        // Into the output folder and into PostgreSQL at once: both must end as the failure-free run's.
        String schema = POSTGRES.freshSchema("killtm");
        Process client = cluster.flinkRun("client-kill-tm", List.of("-c", "org.ptaflow.cli.PtaflowCommand",
                JOB_JAR.toAbsolutePath().toString(), "backtest", "--scenario", SCENARIO, "--input", input.toString(),
                "--out", out.toString(), "--parallelism", "2", "--sink", "files", "--sink", "postgres",
                "--jdbc-url", POSTGRES.url(), "--jdbc-user", POSTGRES.user(), "--jdbc-schema", schema,
                "--create-tables"));
        String job = awaitRunningWithACheckpoint(client, "client-kill-tm");
        int victim = cluster.taskManagers().size() - 1;
        cluster.killTaskManager(victim); // SIGKILL, as kill -9
        awaitExit(client, "client-kill-tm");
        assertTrue(cluster.restarts(job) >= 1, "the job restarted after the TaskManager died");
        assertSameOutputs(reference, List.of(out));
        assertSameSummary(reference, out);
        assertTablesEqualTheReference(schema);
    }

    /**
     * The PostgreSQL tables of a run equal the failure-free run's files: every impact row once (no key missing or
     * doubled) with its money as numbers, every quota day with its allocation and balance, every rejected record.
     */
    private static void assertTablesEqualTheReference(String schema) throws Exception {
        assertEquals(keyed(reference.resolve("impact.csv"), List.of("scenario", "window_start", "importer",
                        "beneficiary", "hs6"), List.of("records", "value_beneficiary", "value_others", "revenue_forgone",
                        "total_revenue_forgone", "trade_effect")),
                keyedTable(schema, "impact_rows", List.of("scenario", "window_start", "importer", "beneficiary",
                        "hs6"), List.of("records", "value_beneficiary", "value_others", "revenue_forgone",
                        "total_revenue_forgone", "trade_effect")), "impact_rows");
        assertEquals(keyed(reference.resolve("quotas.csv"), List.of("scenario", "quota", "day"),
                        List.of("requested", "allocated", "balance", "status")),
                keyedTable(schema, "quota_status", List.of("scenario", "quota", "day"),
                        List.of("requested", "allocated", "balance", "status")), "quota_status");
        assertEquals(keyed(reference.resolve("rejected.csv"), List.of("source", "line", "scenario"),
                        List.of("reason")),
                keyedTable(schema, "rejected_records", List.of("source", "line", "scenario"), List.of("reason")),
                "rejected_records");
        try (java.sql.Connection c = POSTGRES.connect(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM " + schema
                        + ".impact_rows WHERE NOT final")) {
            assertTrue(r.next());
            assertEquals(0, r.getLong(1), "a backtest's rows are all final");
        }
    }

    /** A CSV file as key → values, numbers normalised (a decimal compares as a number), keys unique. */
    private static Map<String, List<String>> keyed(Path csv, List<String> key, List<String> values) throws IOException {
        com.fasterxml.jackson.dataformat.csv.CsvMapper mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        Map<String, List<String>> rows = new TreeMap<>();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it = mapper
                .readerFor(Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                .readValues(csv.toFile())) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                String k = String.join("|", key.stream().map(row::get).toList());
                List<String> v = values.stream().map(c -> normalised(row.get(c))).toList();
                assertEquals(null, rows.put(k, v), csv + ": key " + k + " twice");
            }
        }
        return rows;
    }

    /** A table as key → values, as {@link #keyed} reads a file (instants as ISO-8601 UTC, dates as dates). */
    private static Map<String, List<String>> keyedTable(String schema, String table, List<String> key,
            List<String> values) throws Exception {
        Map<String, List<String>> rows = new TreeMap<>();
        try (java.sql.Connection c = POSTGRES.connect(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet r = st.executeQuery("SELECT " + String.join(", ", key) + ", "
                        + String.join(", ", values) + " FROM " + schema + "." + table)) {
            while (r.next()) {
                List<String> k = new ArrayList<>();
                for (int i = 1; i <= key.size(); i++) {
                    boolean instant = r.getMetaData().getColumnType(i) == java.sql.Types.TIMESTAMP
                            || r.getMetaData().getColumnType(i) == java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
                    k.add(instant ? r.getObject(i, java.time.OffsetDateTime.class).toInstant().toString()
                            : r.getString(i));
                }
                List<String> v = new ArrayList<>();
                for (int i = key.size() + 1; i <= key.size() + values.size(); i++) {
                    v.add(normalised(r.getString(i)));
                }
                assertEquals(null, rows.put(String.join("|", k), v), table + ": key " + k + " twice");
            }
        }
        return rows;
    }

    private static String normalised(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        try {
            return new java.math.BigDecimal(value).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException text) {
            return value;
        }
    }

    @Test
    void anOperatorThrowingOnceAfterACheckpointChangesNothing() throws Exception {
        Path jar = jobJarWith(dir.resolve("fail-once-job.jar"), "org/ptaflow/cli/FailOnceBacktestJob");
        Path out = dir.resolve("fail-once");
        Path marker = dir.resolve("failed-once.marker");
        Process client = cluster.flinkRun("client-fail-once", List.of("-p", "2", "-c",
                "org.ptaflow.cli.FailOnceBacktestJob", jar.toString(), SCENARIO, input.toString(), out.toString(),
                marker.toString(), String.valueOf(failAt)));
        String job = awaitRunningWithACheckpoint(client, "client-fail-once");
        awaitExit(client, "client-fail-once");
        assertTrue(Files.exists(marker), "the operator threw");
        // Between two quota claims of one registration day (the failure waits for a first checkpoint, which comes
        // well before the line chosen; the marker says where it really came).
        long failedAtLine = Long.parseLong(Files.readString(marker).trim());
        assertTrue(claimsOfTheSameDayAround(Files.readAllLines(input), (int) failedAtLine),
                "the failure came at line " + failedAtLine + ", not between two claims of one day");
        assertTrue(cluster.restarts(job) >= 1, "the job restarted after the injected failure");
        assertSameOutputs(reference, List.of(out));
        assertSameSummary(reference, out);
    }

    @Test
    void stopWithSavepointThenResumeAtParallelismTwoChangesNothing() throws Exception {
        Path first = dir.resolve("before-savepoint");
        Path jar = jobJarWith(dir.resolve("throttled-job.jar"), "org/ptaflow/cli/ThrottledBacktestJob");
        // The backtest throttled to at most 100 lines a millisecond per reading task (8 s for the input at least):
        // at full speed the job could reach the end of its input before the stop (it once did, when the backtest had
        // become faster), and its rows would then come from both runs. The resumed job is the same program, so that
        // its operators without a uid of their own (Flink's collect sink) find their state.
        Process client = cluster.flinkRun("client-savepoint-1", List.of("-p", "1", "-c",
                "org.ptaflow.cli.ThrottledBacktestJob", jar.toString(), SCENARIO, input.toString(), first.toString(),
                "100"));
        String job = awaitRunningWithACheckpoint(client, "client-savepoint-1");
        JsonNode trigger = cluster.post("/jobs/" + job + "/stop", "{\"drain\": false}");
        String triggerId = trigger.get("request-id").asText();
        String[] location = new String[1];
        FlinkClusterProcesses.await("the savepoint", Duration.ofSeconds(90), () -> {
            try {
                JsonNode s = cluster.get("/jobs/" + job + "/savepoints/" + triggerId);
                if (s != null && s.path("status").path("id").asText().equals("COMPLETED")) {
                    JsonNode op = s.path("operation");
                    assertTrue(op.has("location"), "savepoint failed: " + s);
                    location[0] = op.get("location").asText();
                    return true;
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        awaitExit(client, "client-savepoint-1");
        // A backtest's rows come at the end of its input: none yet, or the test would not resume anything.
        assertEquals(List.of(), body(first.resolve("impact.csv")), "the first run was stopped before its end");

        Path second = dir.resolve("after-savepoint");
        Process resumed = cluster.flinkRun("client-savepoint-2", List.of("-s", location[0], "-p", "2", "-c",
                "org.ptaflow.cli.ThrottledBacktestJob", jar.toString(), SCENARIO, input.toString(), second.toString(),
                "100"));
        awaitExit(resumed, "client-savepoint-2");
        assertSameOutputs(reference, List.of(first, second));
        assertSameSummary(reference, second); // the resumed run's counts start from the savepoint's
    }

    /** Waits for the client's job to run and complete a checkpoint; fails if the client ends first. */
    private static String awaitRunningWithACheckpoint(Process client, String name) throws Exception {
        String[] job = new String[1];
        FlinkClusterProcesses.await("a running job with a completed checkpoint", Duration.ofSeconds(90), () -> {
            if (!client.isAlive()) {
                String output;
                try {
                    output = Files.readString(cluster.clientOutput(name));
                } catch (IOException e) {
                    output = e.toString();
                }
                throw new AssertionError("the client ended before the job ran with a checkpoint (exit "
                        + client.exitValue() + "):\n" + output);
            }
            try {
                job[0] = cluster.jobIn("RUNNING");
                return job[0] != null && cluster.completedCheckpoints(job[0]) >= 1;
            } catch (Exception e) {
                return false;
            }
        });
        return job[0];
    }

    private static void awaitExit(Process client, String name) throws Exception {
        boolean ended = client.waitFor(4, TimeUnit.MINUTES);
        String output = Files.readString(cluster.clientOutput(name));
        assertTrue(ended, "client still running:\n" + output);
        assertEquals(0, client.exitValue(), "client failed:\n" + output);
    }

    /** The file line (1 = header) of the failure: the second claim of the first day with three claims on a quota. */
    static int failAt;

    /** A claim on one of the library scenario's quotas: the pair, the line, home use, the agreement's code. */
    private static boolean quotaClaim(String[] f, Map<String, Integer> column) {
        String importer = f[column.get("importer")];
        String origin = f[column.get("origin")];
        String hs = f[column.get("hs_code")];
        boolean onAQuota = importer.equals("AZE") && origin.equals("PAK") && hs.startsWith("100630")
                || importer.equals("PAK") && origin.equals("AZE") && hs.startsWith("310210");
        return onAQuota && f[column.get("procedure")].equals("home_use")
                && f[column.get("preference")].equals("PK-AZ-PTA");
    }

    private static Map<String, Integer> columns(String header) {
        Map<String, Integer> column = new HashMap<>();
        String[] names = header.split(",");
        for (int i = 0; i < names.length; i++) {
            column.put(names[i], i);
        }
        return column;
    }

    /** The registration day (UTC) of a record line. */
    private static LocalDate day(String[] f, Map<String, Integer> column) {
        return OffsetDateTime.parse(f[column.get("registered_at")])
                .atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static int secondClaimOfADayWithSeveral(List<String> lines) {
        Map<String, Integer> column = columns(lines.get(0));
        Map<LocalDate, List<Integer>> claimsByDay = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (quotaClaim(f, column)) {
                claimsByDay.computeIfAbsent(day(f, column), d -> new ArrayList<>()).add(i + 1);
            }
        }
        return claimsByDay.values().stream().filter(c -> c.size() >= 3).findFirst()
                .orElseThrow(() -> new AssertionError("no day with three quota claims")).get(1);
    }

    /** Whether claims of one day come both before the line and at or after it. */
    private static boolean claimsOfTheSameDayAround(List<String> lines, int fileLine) {
        Map<String, Integer> column = columns(lines.get(0));
        LocalDate failedDay = day(lines.get(fileLine - 1).split(",", -1), column);
        boolean before = false;
        boolean after = false;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (quotaClaim(f, column) && day(f, column).equals(failedDay)) {
                before |= i + 1 < fileLine;
                after |= i + 1 >= fileLine;
            }
        }
        return before && after;
    }

    /**
     * The outputs of one or more runs, taken together, equal the reference: impact rows (final rows, sorted as the
     * contract sorts them), rejected and late records (as multisets: every line once).
     */
    private static void assertSameOutputs(Path expected, List<Path> runs) throws IOException {
        for (String file : List.of("impact.csv", "rejected.csv", "late.csv", "quotas.csv")) {
            List<String> want = body(expected.resolve(file));
            List<String> got = new ArrayList<>();
            for (Path run : runs) {
                got.addAll(body(run.resolve(file)));
            }
            want.sort(null);
            got.sort(null);
            assertEquals(want.size(), got.size(), file + ": line count (" + runs + ")");
            assertEquals(want, got, file + " (" + runs + ")");
            assertEquals(new HashSet<>(got).size(), got.size(), file + ": a line came twice");
        }
    }

    /**
     * The run summary (counts per outcome and scenario) equals the uninterrupted run's: the counts of a restarted
     * task resume from its checkpoint instead of starting again at zero.
     */
    private static void assertSameSummary(Path expected, Path run) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readTree(expected.resolve("summary.json").toFile()),
                json.readTree(run.resolve("summary.json").toFile()), "summary.json of " + run);
    }

    private static List<String> body(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return new ArrayList<>();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        if (!lines.isEmpty()) {
            lines.remove(0); // header
        }
        return lines;
    }

    /** The job jar plus this test's classes under {@code prefix}: a user jar with a test-only main class. */
    private static Path jobJarWith(Path target, String prefix) throws IOException {
        Set<String> names = new HashSet<>();
        try (JarFile job = new JarFile(JOB_JAR.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            for (JarEntry e : java.util.Collections.list(job.entries())) {
                if (e.getName().equals("META-INF/MANIFEST.MF") || !names.add(e.getName())) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = job.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            Path classes = Paths.get("target/test-classes");
            try (Stream<Path> files = Files.walk(classes.resolve(prefix).getParent())) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = classes.relativize(f).toString().replace('\\', '/');
                    if (Files.isRegularFile(f) && name.startsWith(prefix) && names.add(name)) {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return target;
    }
}
