package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The same 100,000 simulated records give a byte-identical {@code impact.csv} (and {@code taxes.csv}: the scenario has
 * border taxes) at parallelism 1 and 2, in a backtest
 * in streaming and in BATCH execution mode, and in a live run (time-ordered input, so nothing is late), and a scenario evaluated beside another gives the rows
 * it gives alone. The simulated file includes bad records and duplicates, so the accounting is exercised too.
 */
class BacktestDeterminismTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    static final int RECORDS = 100_000;

    @TempDir
    static Path dir;
    static Path input;
    static Scenario requests;
    static Scenario phase1;

    @BeforeAll
    static void simulate() throws Exception {
        requests = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        phase1 = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-phase1.yaml"));
        CustomsSimulator simulator = new CustomsSimulator(SimulatorSettings.defaults(7)
                .withBadRecordShare(0.002).withDuplicateShare(0.003)
                // far into the staging, so that concessions are in force and estimates are not zero
                .withStart(java.time.Instant.parse("2025-06-01T00:00:00Z")));
        input = dir.resolve("records.csv");
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            w.write(simulator.csvHeader());
            w.write('\n');
            for (long i = 0; i < RECORDS; i++) {
                w.write(simulator.csvLine(i));
                w.write('\n');
            }
        }
    }

    @Test
    void impactCsvIsIdenticalAtParallelismOneAndTwoAndInLiveMode() throws Exception {
        Path p1 = run(1, ImpactPipeline.Settings.forBacktest(), List.of(requests), "p1");
        Path p2 = run(2, ImpactPipeline.Settings.forBacktest(), List.of(requests), "p2");
        Path live = run(2, ImpactPipeline.Settings.forLive(Duration.ofHours(1)), List.of(requests), "live");
        Path batch = run(2, ImpactPipeline.Settings.forBacktest(), List.of(requests), "batch", true);

        byte[] expected = Files.readAllBytes(p1.resolve("impact.csv"));
        List<Map<String, String>> rows = csvByHeader(p1.resolve("impact.csv"));
        // Not a vacuous comparison: every calendar month of the input has rows for both directions of the
        // agreement, and some of them forgo revenue.
        Set<String> expectedWindows = new TreeSet<>();
        for (Map<String, String> record : csvByHeader(input)) {
            String month = registrationMonth(record.get("registered_at"));
            if (month != null) {
                expectedWindows.add(month + " PAK<-AZE");
                expectedWindows.add(month + " AZE<-PAK");
            }
        }
        Set<String> windows = new TreeSet<>();
        for (Map<String, String> row : rows) {
            windows.add(row.get("window_start").substring(0, 7) + " " + row.get("importer") + "<-"
                    + row.get("beneficiary"));
        }
        assertEquals(expectedWindows, windows);
        assertTrue(rows.stream().anyMatch(r -> !r.get("revenue_forgone").equals("0")),
                "some revenue forgone: the concessions are in force");
        assertArrayEquals(expected, Files.readAllBytes(p2.resolve("impact.csv")), "parallelism 2");
        assertArrayEquals(expected, Files.readAllBytes(live.resolve("impact.csv")), "live run");
        assertArrayEquals(expected, Files.readAllBytes(batch.resolve("impact.csv")), "BATCH execution mode");

        // The scenario has border taxes: their long form is identical too, and not empty of sales tax forgone.
        byte[] taxes = Files.readAllBytes(p1.resolve("taxes.csv"));
        assertTrue(csvByHeader(p1.resolve("taxes.csv")).stream().anyMatch(
                t -> t.get("tax").equals("sales_tax") && !t.get("forgone").equals("0")), "sales tax forgone");
        for (Path out : List.of(p2, live, batch)) {
            assertArrayEquals(taxes, Files.readAllBytes(out.resolve("taxes.csv")), "taxes.csv of " + out);
        }

        for (Path out : List.of(p1, p2, live, batch)) {
            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertEquals(RECORDS, summary.get("read").asLong());
            assertTrue(summary.get("reconciles").asBoolean(), out + " summary reconciles");
            JsonNode counts = summary.get("scenarios").get(requests.id());
            // The simulator's shares (0.3 % duplicates, 0.2 % bad records) of 100,000 records are a few hundred
            // each; at least one of each shows that the accounting is exercised, which is all this test needs.
            assertTrue(counts.get("duplicates").asLong() >= 1, "the simulated duplicates are found");
            assertTrue(counts.get("rejected").asLong() >= 1, "the simulated bad records are rejected");
            assertEquals(0, counts.get("late").asLong());
        }
        assertEquals(Files.readAllLines(p1.resolve("rejected.csv")).size(),
                Files.readAllLines(p2.resolve("rejected.csv")).size());
    }

    @Test
    void scenariosSideBySideGiveTheRowsTheyGiveAlone() throws Exception {
        Path both = run(2, ImpactPipeline.Settings.forBacktest(), List.of(requests, phase1), "both");
        Path alone = run(2, ImpactPipeline.Settings.forBacktest(), List.of(phase1), "phase1-alone");
        Path requestsAlone = run(2, ImpactPipeline.Settings.forBacktest(), List.of(requests), "requests-alone");

        Map<String, List<String>> byScenario = Files.readAllLines(both.resolve("impact.csv")).stream().skip(1)
                .collect(Collectors.groupingBy(l -> l.substring(0, l.indexOf(','))));
        assertEquals(Files.readAllLines(alone.resolve("impact.csv")).stream().skip(1).toList(),
                byScenario.get(phase1.id()));
        assertEquals(Files.readAllLines(requestsAlone.resolve("impact.csv")).stream().skip(1).toList(),
                byScenario.get(requests.id()));
    }

    private static Path run(int parallelism, ImpactPipeline.Settings settings, List<Scenario> scenarios, String name)
            throws Exception {
        return run(parallelism, settings, scenarios, name, false);
    }

    private static Path run(int parallelism, ImpactPipeline.Settings settings, List<Scenario> scenarios, String name,
            boolean batchMode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (batchMode) {
            conf.set(org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE,
                    org.apache.flink.api.common.RuntimeExecutionMode.BATCH);
        }
        env.configure(conf);
        env.setParallelism(parallelism);
        Path out = dir.resolve(name);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int status = FlinkJob.run(env, FlinkJob.Sources.records(e -> InputFiles.source(e, List.of(input))), scenarios,
                settings, out, null, null, "determinism " + name, quiet);
        assertEquals(0, status);
        return out;
    }

    /** A CSV file's lines as maps from the header's column names (values in this project's CSV hold no commas). */
    static List<Map<String, String>> csvByHeader(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            Map<String, String> row = new java.util.HashMap<>();
            for (int i = 0; i < header.length && i < values.length; i++) {
                row.put(header[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@code YYYY-MM} of a registration instant in UTC, or null for the simulator's deliberately bad dates. */
    static String registrationMonth(String registeredAt) {
        try {
            return java.time.OffsetDateTime.parse(registeredAt).toInstant().toString().substring(0, 7);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
