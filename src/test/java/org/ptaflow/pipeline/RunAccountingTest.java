package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.RunSummary;

/**
 * The run's accounting on a live simulated run with every kind of outcome — bad records and duplicates from the
 * simulator's defect shares, late records (a share of the records held back to the end of the stream), records of
 * an importer no scenario covers — through two scenarios whose outcomes differ (one lacks most MFN lines and the
 * simulator's currencies): for each scenario, the summary's counts (the job's accumulators) and the job's metrics
 * both keep read = accepted + rejected + duplicates + late + out of scope, in all and for each of the two sources,
 * and the rejected and late outputs hold exactly as many records as the counts say.
 */
class RunAccountingTest {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

    private static final int SIMULATED = 6_000;

    @Test
    void everyRecordEndsOnceInEachScenarioInTheSummaryAndInTheMetrics() throws Exception {
        Scenario requests = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        Scenario test = ScenarioLoader.load(Paths.get(getClass().getResource("/pipeline/test-pta.yaml").toURI()));
        List<Scenario> scenarios = List.of(requests, test);
        List<SourceLine> lines = input();

        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(2);
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(env.fromData(lines).setParallelism(1), null, scenarios,
                ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withWatermarkPerRecord());
        CloseableIterator<JobOutput> collected = outputs.impactRows().map(JobOutput::of)
                .union(outputs.rejected().map(JobOutput::of), outputs.late().map(JobOutput::of)).collectAsync();
        JobClient client = env.executeAsync("run accounting");
        List<JobOutput> all = new ArrayList<>();
        collected.forEachRemaining(all::add);
        collected.close();
        JobExecutionResult result = client.getJobExecutionResult().get();

        List<String> ids = List.of(requests.id(), test.id());
        RunSummary summary = RunSummary.fromAccumulators(result.getAllAccumulatorResults(), ids);
        Map<String, Long> metrics = counterSums(client.getJobID());
        assertEquals(lines.size(), summary.read, "every line is read once");
        assertEquals(summary.read, metrics.get("read"), "the metric agrees");
        long parserRejected = summary.rejectedByParser.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(parserRejected > 0, "the simulated bad records are rejected");
        assertEquals(parserRejected, all.stream().filter(o -> o.rejected != null && o.rejected.scenario.isEmpty()).count());
        summary.rejectedByParser.forEach((reason, n) -> assertEquals(n, metrics.get("rejected_" + reason), reason));

        for (String id : ids) {
            RunSummary.ScenarioCounts c = summary.scenarios.get(id);
            String where = id + ": " + summary.toJson();
            assertTrue(c.duplicates > 0, "duplicates: " + where);
            assertTrue(c.late > 0, "late records: " + where);
            assertTrue(c.outOfScope > 0, "out of scope: " + where);
            assertTrue(c.accepted > 0, "accepted: " + where);
            assertEquals(summary.read, c.accepted + c.rejectedTotal() + c.duplicates + c.late + c.outOfScope,
                    "read = accepted + rejected + duplicates + late + out of scope: " + where);

            long scenarioRejected = c.rejectedTotal() - parserRejected;
            assertEquals(scenarioRejected, all.stream().filter(o -> o.rejected != null && o.rejected.scenario.equals(id))
                    .count(), "the rejected output holds the scenario's own rejections: " + where);
            assertEquals(c.late, all.stream().filter(o -> o.late != null && o.late.scenario.equals(id)).count(),
                    "the late output holds every late record: " + where);

            String m = "scenario_" + id + "_";
            long metricRejected = parserRejected;
            for (Map.Entry<String, Long> e : metrics.entrySet()) {
                if (e.getKey().startsWith(m + "rejected_")) {
                    metricRejected += e.getValue();
                }
            }
            assertEquals(c.accepted, metrics.getOrDefault(m + "accepted", 0L), where);
            assertEquals(c.duplicates, metrics.getOrDefault(m + "duplicates", 0L), where);
            assertEquals(c.late, metrics.getOrDefault(m + "late", 0L), where);
            assertEquals(c.outOfScope, metrics.getOrDefault(m + "out_of_scope", 0L), where);
            assertEquals(c.rejectedTotal(), metricRejected, where);
            assertEquals(metrics.get("read"), metrics.getOrDefault(m + "accepted", 0L) + metricRejected
                    + metrics.getOrDefault(m + "duplicates", 0L) + metrics.getOrDefault(m + "late", 0L)
                    + metrics.getOrDefault(m + "out_of_scope", 0L), "the metrics keep the identity: " + where);
        }
        // Per source: what each source sent (counted here from the input), and the same identity for each.
        Map<String, Long> sent = new java.util.TreeMap<>();
        lines.forEach(l -> sent.merge(l.source, 1L, Long::sum));
        assertEquals(sent.keySet(), summary.sources.keySet(), "a summary for each source");
        Map<String, Map<String, Long>> sourceMetrics = counterSumsBySource(client.getJobID());
        assertEquals(sent.keySet(), sourceMetrics.keySet(), "metrics for each source");
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            RunSummary source = summary.sources.get(e.getKey());
            Map<String, Long> m = sourceMetrics.get(e.getKey());
            String where = e.getKey() + ": " + summary.toJson().get("sources");
            assertEquals(e.getValue(), source.read, "read: " + where);
            assertEquals(e.getValue(), m.get("read"), "read metric: " + where);
            for (String id : ids) {
                RunSummary.ScenarioCounts c = source.scenarios.get(id);
                assertEquals(source.read, c.accountedFor(), id + ": " + where);
                String p = "scenario_" + id + "_";
                long metricAccounted = 0;
                for (Map.Entry<String, Long> metric : m.entrySet()) {
                    if (metric.getKey().startsWith("rejected_") || metric.getKey().equals(p + "accepted")
                            || metric.getKey().startsWith(p + "rejected_") || metric.getKey().equals(p + "duplicates")
                            || metric.getKey().equals(p + "late") || metric.getKey().equals(p + "out_of_scope")) {
                        metricAccounted += metric.getValue();
                    }
                }
                assertEquals(m.get("read"), metricAccounted, "the source's metrics keep the identity: " + id + " " + where);
                assertEquals(c.accepted, m.getOrDefault(p + "accepted", 0L), id + " " + where);
            }
            assertTrue(source.reconciles(), where);
        }
        RunSummary outOfScope = summary.sources.get("out-of-scope.csv");
        for (String id : ids) {
            assertEquals(0, outOfScope.scenarios.get(id).accepted, "no scenario covers the importer IND");
            assertTrue(outOfScope.scenarios.get(id).outOfScope > 0);
        }
        assertEquals(summary.read, summary.sources.values().stream().mapToLong(x -> x.read).sum());
        assertTrue(summary.reconciles());
        assertNotEquals(summary.scenarios.get(requests.id()).accepted, summary.scenarios.get(test.id()).accepted,
                "the scenarios decide differently, so the identity is really per scenario");
        assertEquals(0L, ((Number) ((Map<?, ?>) ((Map<?, ?>) summary.toJson().get("scenarios")).get(test.id()))
                .get("unaccounted")).longValue());
    }

    /**
     * Simulated records over about seven months (bad records and duplicates at 1 % each), every 97th held back and
     * sent after the rest (late, since its month closed long before), and records of an importer no scenario covers.
     */
    private static List<SourceLine> input() {
        CustomsSimulator simulator = new CustomsSimulator(SimulatorSettings.defaults(11).withRecordsPerSimulatedDay(30)
                .withBadRecordShare(0.01).withDuplicateShare(0.01).withStart(Instant.parse("2025-01-01T00:00:00Z")));
        String header = simulator.csvHeader();
        List<SourceLine> lines = new ArrayList<>();
        List<SourceLine> heldBack = new ArrayList<>();
        for (int i = 0; i < SIMULATED; i++) {
            SourceLine line = SourceLine.csv("simulated.csv", i + 2, header, simulator.csvLine(i));
            (i % 97 == 0 && i < SIMULATED / 2 ? heldBack : lines).add(line);
            if (i % 500 == 0) {
                String[] f = simulator.csvLine(i).split(",", -1);
                int importer = CustomsSimulator.COLUMNS.indexOf("importer");
                int declaration = CustomsSimulator.COLUMNS.indexOf("declaration_id");
                f[importer] = "IND";
                f[declaration] = "IND-" + i;
                lines.add(SourceLine.csv("out-of-scope.csv", i / 500 + 2, header, String.join(",", f)));
            }
        }
        lines.addAll(heldBack);
        return lines;
    }

    /** Each ptaflow per-source counter of the job, summed over subtasks, by source, then by metric name. */
    private static Map<String, Map<String, Long>> counterSumsBySource(JobID job) {
        Map<String, Map<String, Long>> sums = new java.util.TreeMap<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : METRICS.getMetricsByGroup().entrySet()) {
            Map<String, String> variables = g.getKey().getAllVariables();
            String source = variables.get("<source>");
            if (source == null || !job.toString().equals(variables.get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> m : g.getValue().entrySet()) {
                if (m.getValue() instanceof Counter counter) {
                    String name = m.getKey().substring(m.getKey().lastIndexOf('.') + 1);
                    sums.computeIfAbsent(source, k -> new java.util.TreeMap<>()).merge(name, counter.getCount(),
                            Long::sum);
                }
            }
        }
        return sums;
    }

    /** Each ptaflow counter of the job, summed over subtasks, by its metric name ("read", "scenario_x_late"). */
    private static Map<String, Long> counterSums(JobID job) {
        Map<String, Long> sums = new java.util.TreeMap<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : METRICS.getMetricsByGroup().entrySet()) {
            String[] scope = g.getKey().getScopeComponents();
            if (scope.length == 0 || !scope[scope.length - 1].equals("ptaflow")
                    || !job.toString().equals(g.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> m : g.getValue().entrySet()) {
                if (m.getValue() instanceof Counter counter) {
                    String name = m.getKey().substring(m.getKey().lastIndexOf('.') + 1);
                    sums.merge(name, counter.getCount(), Long::sum);
                }
            }
        }
        return sums;
    }
}
