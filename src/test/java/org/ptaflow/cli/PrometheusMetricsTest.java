package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.sources.CustomsFileFormat;

/**
 * Scrapes Flink's Prometheus reporter, configured as {@code run --prometheus-port} configures it, while a live job
 * runs over nine known records, and checks the counters and gauges against values worked out by hand from those
 * records (not from the job's outputs). The job reads its folder continuously, so it is still running (and its
 * metrics registered) when the test scrapes; the test cancels it.
 */
class PrometheusMetricsTest {
    @TempDir
    Path tmp;

    /**
     * The test scenario (pipeline/test-pta.yaml): AZE's MFN on rice (100630) is 20 %, and its rice concession to
     * PAK is new_rate 0. USA is not an importer the scenario covers.
     */
    static final List<String> RECORDS = List.of(
            "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,currency,procedure,preference",
            "P1,1,2024-01-05,AZE,PAK,10063010,100,USD,home_use,TEST-PTA", // accepted: forgone 20 % of 100 = 20
            "P2,1,2024-01-06,AZE,PAK,10063010,50,USD,home_use,TEST-PTA", // accepted: forgone 10
            "P3,1,2024-01-07,AZE,IND,100630,90,USD,home_use,", // accepted ("others"): no revenue forgone
            "P1,1,2024-01-05,AZE,PAK,10063010,100,USD,home_use,TEST-PTA", // duplicate of P1
            "P4,1,2024-01-08,AZE,PAK,100630,-5,USD,home_use,", // rejected: negative_value
            "P5,1,2024-01-08,AZE,PAK,10063,5,USD,home_use,", // rejected: bad_hs_code (5 digits)
            "P6,1,2024-01-09,USA,PAK,100630,10,USD,home_use,", // out of scope
            "P7,1,2024-01-09,AZE,PAK,100630,1,XXX,home_use,", // rejected for the scenario: no_fx_rate
            // accepted; moves the watermark (out-of-orderness 1 h) past January, which closes with a final row
            "P8,1,2024-03-10T12:00:00Z,AZE,PAK,10063010,40,USD,home_use,TEST-PTA");

    @Test
    void theReporterExposesTheRunsCountersAndGauges() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<Scenario> scenarios = List.of(ScenarioLoader.load(Paths.get(
                getClass().getClassLoader().getResource("pipeline/test-pta.yaml").toURI())));
        CompletableFuture<JobClient> client = new CompletableFuture<>();
        Thread job = startJob(RECORDS, scenarios, port, client);

        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("ptaflow_read", 9.0);
        expected.put("ptaflow_rejected_negative_value", 1.0);
        expected.put("ptaflow_rejected_bad_hs_code", 1.0);
        expected.put("ptaflow_scenario_test_pta_accepted", 4.0);
        expected.put("ptaflow_scenario_test_pta_duplicates", 1.0);
        expected.put("ptaflow_scenario_test_pta_out_of_scope", 1.0);
        expected.put("ptaflow_scenario_test_pta_rejected_no_fx_rate", 1.0);
        // one row: January's final row of (AZE, PAK, 100630); no early rows (the scenario has no update_every)
        expected.put("ptaflow_scenario_test_pta_rows_emitted", 1.0);
        // January's final row (AZE, PAK, 100630): 20 + 10 USD; March's window has not fired
        expected.put("ptaflow_scenario_test_pta_revenue_forgone_current_window", 30.0);
        expected.put("ptaflow_scenario_test_pta_current_window_start",
                (double) Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
        // the same counts for the one source, labelled with its name
        expected.put("ptaflow_source_read", 9.0);
        expected.put("ptaflow_source_rejected_negative_value", 1.0);
        expected.put("ptaflow_source_scenario_test_pta_accepted", 4.0);
        expected.put("ptaflow_source_scenario_test_pta_duplicates", 1.0);
        expected.put("ptaflow_source_scenario_test_pta_rejected_no_fx_rate", 1.0);
        expected.put("ptaflow_last_event_time", (double) Instant.parse("2024-03-10T12:00:00Z").toEpochMilli());

        String page = scrape(port, expected, client, job);
        assertEquals(expected, values(page, expected.keySet()), "scraped metrics (page had " + page.length()
                + " chars)");
        assertTrue(page.contains("flink_taskmanager_job_task_operator_ptaflow_read{"), "operator scope and labels");
        assertEquals(1, page.lines().filter(l -> l.startsWith("flink_taskmanager_job_task_operator_ptaflow_read{"))
                .count(), "one series of read: the parser's (parallelism 1), not one more per counting operator");
        // (the reporter writes a label value's dots as underscores; only the parser registers "read")
        assertTrue(Pattern.compile("(?m)^flink_taskmanager_job_task_operator_ptaflow_source_read\\{[^}]*source=\"records_csv\""
                + "[^}]*\\} 9\\.0$").matcher(page).find(), "the source's counter carries its name as a label: "
                + page.lines().filter(l -> l.contains("ptaflow_source_read")).toList());
    }

    /** Scrapes until the expected values are there (or 90 s pass), then cancels the job; returns the last page. */
    private static String scrape(int port, Map<String, Double> expected, CompletableFuture<JobClient> client,
            Thread job) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Double> seen = Map.of();
        String page = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try {
            while (System.nanoTime() < deadline) {
                try {
                    page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    seen = values(page, expected.keySet());
                    if (seen.equals(expected)) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // the reporter starts with the cluster
                }
                Thread.sleep(500);
            }
        } finally {
            if (client.isDone()) {
                client.get().cancel().get(30, TimeUnit.SECONDS);
            }
            job.join(30_000);
        }
        return page;
    }

    /** Runs the live job over {@code records} with the Prometheus reporter on a free port, in a thread. */
    private Thread startJob(List<String> records, List<Scenario> scenarios, int port,
            CompletableFuture<JobClient> client) throws Exception {
        Path input = tmp.resolve("in");
        Files.createDirectories(input);
        Files.write(input.resolve("records.csv"), records, StandardCharsets.UTF_8);
        Map<String, String> flink = new HashMap<>(RunCommand.prometheusReporter(port));
        // one reader: a second, idle one would hold the watermark back for the 30 s idleness timeout
        flink.put("parallelism.default", "1");
        StreamExecutionEnvironment env = FlinkJob.environment(flink, "prometheus test");
        env.registerJobListener(new JobListener() {
            @Override
            public void onJobSubmitted(JobClient jobClient, Throwable t) {
                client.complete(jobClient);
            }

            @Override
            public void onJobExecuted(JobExecutionResult result, Throwable t) {}
        });
        FileSource<org.ptaflow.records.SourceLine> endless = FileSource.forRecordStreamFormat(
                new CustomsFileFormat("records.csv"), new org.apache.flink.core.fs.Path(input.toUri()))
                .monitorContinuously(Duration.ofSeconds(1)).build();
        Thread job = new Thread(() -> {
            try {
                FlinkJob.run(env, FlinkJob.Sources.records(e -> e.fromSource(endless, WatermarkStrategy.noWatermarks(),
                        "records")), scenarios,
                        ImpactPipeline.Settings.forLive(Duration.ofHours(1)), tmp.resolve("out"), null, null,
                        "prometheus test", new PrintStream(java.io.OutputStream.nullOutputStream()));
            } catch (Exception e) {
                // cancelled at the end of the test
            }
        }, "prometheus-test-job");
        job.setDaemon(true);
        job.start();
        return job;
    }

    @Test
    void eachQuotaHasAFillAndAStatusGauge() throws Exception {
        // The test scenario with a quota of 500 kg a year on AZE's rice from PAK (economics.md §7).
        Path tables = tmp.resolve("scenario");
        Path yaml = Files.writeString(tables.resolve("quota.yaml"), org.ptaflow.pipeline.WholeJobScenario.copyInto(tables)
                + "quotas:\n  - { id: aze-rice-from-pak, importer: AZE, beneficiary: PAK, lines: [\"100630\"],"
                + " volume: 500, unit: kg }\n");
        List<String> records = List.of(
                "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,currency,preference,"
                        + "quantity,unit",
                // 200 + 260 kg claimed on 2024-01-10: served in full, 460 of 500 = 0.92 ≥ 0.9: critical.
                "Q1,1,2024-01-10T09:00:00Z,AZE,PAK,10063010,400,USD,TEST-PTA,200,kg",
                "Q2,1,2024-01-10T10:00:00Z,AZE,PAK,10063010,520,USD,TEST-PTA,260,kg",
                // moves the watermark (out-of-orderness 1 h) past the end of 2024-01-10: the day is allocated
                "Q3,1,2024-01-12T12:00:00Z,AZE,IND,100630,40,USD,,,");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CompletableFuture<JobClient> client = new CompletableFuture<>();
        Thread job = startJob(records, List.of(ScenarioLoader.load(yaml)), port, client);
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("ptaflow_quota_test_pta_aze_rice_from_pak_fill", 0.92);
        expected.put("ptaflow_quota_test_pta_aze_rice_from_pak_status", 1.0);
        String page = scrape(port, expected, client, job);
        assertEquals(expected, values(page, expected.keySet()), "the quota's gauges");
    }

    /**
     * Each wanted metric summed over its series (one per subtask), or, for the gauges, the largest value: a
     * subtask that saw no record reports no event time, and the window gauge of a subtask without rows is zero.
     */
    static Map<String, Double> values(String page, Iterable<String> names) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : names) {
            boolean gauge = name.contains("current_window") || name.contains("event_time");
            Matcher m = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_" + Pattern.quote(name)
                    + "\\{[^}]*\\} (\\S+)$").matcher(page);
            Double v = null;
            while (m.find()) {
                double x = Double.parseDouble(m.group(1));
                v = v == null ? x : gauge ? Math.max(v, x) : v + x;
            }
            if (v != null) {
                values.put(name, v);
            }
        }
        return values;
    }
}
