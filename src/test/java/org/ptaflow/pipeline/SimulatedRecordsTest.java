package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
import org.ptaflow.sinks.ImpactCsv;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.RecordColumns;

/**
 * Records the simulator makes directly (lines of format {@code simulated}: an index, no text) give the job's outputs
 * the records parsed from the simulator's text give: the same impact rows, the same rejected records (the parser's
 * rejections of the deliberate defects and the scenarios' own, original text included) and the same late records
 * with their text. A live run with a watermark after every record, so that lateness is the same in both; two
 * scenarios, one of which rejects many sound records (it lacks most MFN lines and the simulator's currencies), so
 * that texts are remade for rejections as well as for late records.
 */
class SimulatedRecordsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int RECORDS = 8_000;
    private static final SimulatorSettings SIMULATOR = SimulatorSettings.defaults(13).withRecordsPerSimulatedDay(40)
            .withBadRecordShare(0.02).withDuplicateShare(0.02).withStart(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void recordsMadeDirectlyGiveTheOutputsOfTheirParsedText() throws Exception {
        Scenario requests = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        Scenario test = ScenarioLoader.load(Paths.get(getClass().getResource("/pipeline/test-pta.yaml").toURI()));
        List<Scenario> scenarios = List.of(requests, test);
        CustomsSimulator simulator = new CustomsSimulator(SIMULATOR);

        List<String> fromText = outputs(scenarios, i -> SourceLine.csv("simulator", i, simulator.csvHeader(),
                simulator.csvLine(i)), false);
        List<String> direct = outputs(scenarios, i -> SourceLine.simulated("simulator", i), true);

        assertEquals(fromText, direct);
        assertTrue(fromText.stream().filter(o -> o.startsWith("late,")).count() > 10, "late records");
        assertTrue(fromText.stream().filter(o -> o.startsWith("rejected,simulator,") && o.contains(",test-pta,"))
                .count() > 100, "the test scenario's own rejections of sound records");
        assertTrue(fromText.stream().filter(o -> o.startsWith("rejected,simulator,") && o.contains(",,")).count() > 10,
                "the parser's rejections of the deliberate defects");
        assertTrue(fromText.stream().filter(o -> o.startsWith("impact,")).count() > 100, "impact rows");
    }

    /**
     * The job's impact rows, rejected and late records as text, sorted: every 53rd record of the first half held
     * back and sent after the rest, so that it is late.
     */
    private static List<String> outputs(List<Scenario> scenarios, Function<Long, SourceLine> line, boolean direct)
            throws Exception {
        List<SourceLine> lines = new ArrayList<>();
        List<SourceLine> heldBack = new ArrayList<>();
        for (long i = 0; i < RECORDS; i++) {
            (i % 53 == 0 && i < RECORDS / 2 ? heldBack : lines).add(line.apply(i));
        }
        lines.addAll(heldBack);
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(2);
        ImpactPipeline.Settings settings = ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withWatermarkPerRecord();
        if (direct) {
            settings = settings.withSimulatedRecords(SIMULATOR);
        }
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(env.fromData(lines).setParallelism(1), null, scenarios,
                settings);
        CloseableIterator<JobOutput> collected = outputs.impactRows().map(JobOutput::of)
                .union(outputs.rejected().map(JobOutput::of), outputs.late().map(JobOutput::of)).collectAsync();
        env.execute("simulated records, " + (direct ? "made directly" : "parsed from text"));
        List<String> all = new ArrayList<>();
        collected.forEachRemaining(o -> all.add(text(o)));
        collected.close();
        all.sort(null);
        return all;
    }

    private static String text(JobOutput o) {
        if (o.rejected != null) {
            return "rejected," + values(RecordColumns.REJECTED, o.rejected);
        }
        if (o.late != null) {
            return "late," + values(RecordColumns.LATE, o.late);
        }
        return "impact," + ImpactCsv.line(o.impact, true);
    }

    private static <T> String values(List<RecordColumns.Column<T>> columns, T record) {
        StringBuilder b = new StringBuilder();
        for (RecordColumns.Column<T> c : columns) {
            b.append(c.value().apply(record)).append(',');
        }
        return b.toString();
    }
}
