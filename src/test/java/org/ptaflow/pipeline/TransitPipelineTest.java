package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.TransitAlertColumns;
import org.ptaflow.sinks.TransitColumns;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * The transit half of the whole job on hand-built movements (March 2025, PAK territory, partner AZE, road limit 8
 * days, orphan wait 7 days): its rows and alerts worked out by hand below, the same at parallelism 1 and 2, in
 * streaming and BATCH mode; and a live run's last row per key equal to the backtest's.
 *
 * <p>The clock of the backtest ends at the latest valid event, M4's exit on 10 March 12:00. By hand:
 * <ul>
 *   <li>M1 road KHI→TOR, 3 Mar 08:00 → 5 Mar 20:00: 60 h, on time.</li>
 *   <li>M4 road KHI→TOR, 1 Mar 00:00, deadline 9 Mar 00:00 (overdue alert), exits 10 Mar 12:00 (late exit):
 *       228 h. The corridor row KHI→TOR: 2 movements, 2 exited, p50 = the 1st of [60, 228] (⌈0.5 × 2⌉ = 1) = 60,
 *       p90 = the 2nd (⌈1.8⌉ = 2) = 228, 1 overdue, no exposure (both left).</li>
 *   <li>M2 (20,000 USD) and M3 (30,000 USD) road from KHI, still open at the clock's end (deadlines 12 and 14
 *       March): PAK's MFN on chapter 90 is 11 %, sales tax 17 % on value + duty, withholding tax 6 % creditable
 *       (not at risk). M2: duty 2,200 + sales tax 0.17 × 22,200 = 3,774 → 5,974; M3: 3,300 + 0.17 × 33,300 =
 *       5,661 → 8,961. Open row: exposure 14,935 against guarantees 1,000 + 500 = 1,500.</li>
 *   <li>M5 air from ISB, cancelled: in its open row with 1 movement, nothing exited, nothing at risk.</li>
 *   <li>M9 road from BQM on 9 March without HS code: open, deadline 17 March after the clock (no alert), exposure
 *       0, guarantee 200.</li>
 *   <li>M7: an exit at TOR on 1 March 12:00 whose departure never comes: orphan at its own time (the wait ends 8
 *       March, before the clock's end).</li>
 *   <li>Also a repeated departure of M1 (duplicate), a departure of another territory (out of scope) and a bad
 *       mode (rejected): 13 events read = 10 accepted + 1 rejected + 1 duplicate + 1 out of scope.</li>
 * </ul>
 */
public class TransitPipelineTest {
    public static final String HEADER = "movement_id,event,at,office,transport_mode,territory,origin,destination,"
            + "declared_value,currency,gross_mass_kg,hs_code,guarantee";

    /** The customs records beside the movements: one record, so that the customs half has an input. */
    public static final String RECORDS_HEADER = QuotaPipelineTest.HEADER;

    public static final List<String> EVENTS = List.of(
            "M4,departure,2025-03-01T00:00:00Z,PKKHI,road,PAK,AZE,AFG,50000,USD,9000,901890,0",
            "M7,exit,2025-03-01T12:00:00Z,PKTOR,,,,,,,,,",
            "M5,departure,2025-03-02T00:00:00Z,PKISB,air,PAK,AZE,TUR,7000,USD,150.5,901890,0",
            "M5,cancelled,2025-03-02T06:00:00Z,PKISB,,,,,,,,,",
            "M1,departure,2025-03-03T08:00:00Z,PKKHI,road,PAK,AZE,AFG,50000,USD,10000,901890,0",
            "M8,departure,2025-03-03T09:00:00Z,AFKBL,road,AFG,AZE,AFG,1000,USD,,,",
            "M1,departure,2025-03-03T08:00:00Z,PKKHI,road,PAK,AZE,AFG,50000,USD,10000,901890,0",
            "MX,departure,2025-03-03T10:00:00Z,PKKHI,boat,PAK,AZE,AFG,1000,USD,,,",
            "M2,departure,2025-03-04T00:00:00Z,PKKHI,road,PAK,AZE,AFG,20000,USD,4000,901890,1000",
            "M1,exit,2025-03-05T20:00:00Z,PKTOR,,,,,,,,,",
            "M3,departure,2025-03-06T00:00:00Z,PKKHI,road,PAK,AZE,AFG,30000,USD,6000,90189000,500",
            "M9,departure,2025-03-09T00:00:00Z,PKBQM,road,PAK,AZE,AFG,8000,USD,,,200",
            "M4,exit,2025-03-10T12:00:00Z,PKTOR,,,,,,,,,");

    static final long CLOCK_END = Instant.parse("2025-03-10T12:00:00Z").toEpochMilli();

    @TempDir
    static Path dir;

    static Scenario scenario;

    @BeforeAll
    static void writeScenario() throws Exception {
        scenario = ScenarioLoader.load(writeScenario(dir));
    }

    /**
     * Writes the test scenario (the whole-job scenario with PAK's sales tax and creditable withholding tax on chapter
     * 90, and a transit section for PAK with partner AZE) into {@code dir}; returns its YAML file.
     */
    public static Path writeScenario(Path dir) throws Exception {
        String base = WholeJobScenario.copyInto(dir);
        Files.writeString(dir.resolve("pak-st.csv"), "hs_prefix,rate,valid_from,valid_to\n90,17,2020-01-01,\n");
        Files.writeString(dir.resolve("pak-wht.csv"), "hs_prefix,rate,valid_from,valid_to\n90,6,2020-01-01,\n");
        String yaml = base + """
                taxes:
                  PAK:
                    - { name: sales_tax, rates: pak-st.csv, base: [value, customs_duty] }
                    - { name: wht, rates: pak-wht.csv, base: [value, customs_duty, sales_tax], creditable: true }
                transit:
                  territory: PAK
                  partners: [AZE]
                  time_limits: { road: P8D, rail: P10D, sea: P30D, air: P3D }
                  orphan_wait: P7D
                """;
        return Files.writeString(dir.resolve("transit.yaml"), yaml);
    }

    /** The rows of transit.csv, by hand (see the class comment), in TransitColumns.ORDER. */
    public static List<String> expectedRows() {
        String w = "test-pta,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,";
        return List.of(
                w + "PKBQM,,road,outbound,AZE,AFG,1,8000,0.000,0,,,0,0,200",
                w + "PKISB,,air,outbound,AZE,TUR,1,7000,150.500,0,,,0,0,0",
                w + "PKKHI,,road,outbound,AZE,AFG,2,50000,10000.000,0,,,0,14935,1500",
                w + "PKKHI,PKTOR,road,outbound,AZE,AFG,2,100000,19000.000,2,60,228,1,0,0");
    }

    @Test
    void backtestRowsAndAlertsAreTheHandCountsAtParallelismOneAndTwoInStreamingAndBatchMode() throws Exception {
        ImpactPipeline.Settings backtest = ImpactPipeline.Settings.forBacktest().withTransitClockEnd(CLOCK_END);
        for (int parallelism : new int[] {1, 2}) {
            for (boolean batch : new boolean[] {false, true}) {
                String run = "p" + parallelism + (batch ? " batch" : " streaming");
                Result r = run(EVENTS, parallelism, batch, backtest);
                assertEquals(expectedRows(), r.rowLines(), run);
                assertEquals(List.of(
                        "M7,orphan,2025-03-01T12:00:00Z,PKTOR",
                        "M4,overdue,2025-03-09T00:00:00Z,PKKHI",
                        "M4,late_exit,2025-03-10T12:00:00Z,PKTOR"), r.alertHeads(), run);
                assertEquals(1, r.rejected.size(), run);
                assertEquals("bad_mode", r.rejected.get(0).reason, run);
                assertEquals("MX,departure,2025-03-03T10:00:00Z,PKKHI,boat,PAK,AZE,AFG,1000,USD,,,",
                        r.rejected.get(0).originalText, run);
            }
        }
    }

    @Test
    void aLiveRunEndsWithTheBacktestsRowsWhenTheClockHasPassedEveryDeadline() throws Exception {
        // An event of another territory on 30 April moves both clocks past every deadline and wait of March: M2,
        // M3 and M9 go overdue (12, 14 and 17 March) in both runs, and the live run's last row of each key is the
        // backtest's.
        List<String> events = new ArrayList<>(EVENTS);
        events.add("M10,departure,2025-04-30T00:00:00Z,AFKBL,road,AFG,AZE,AFG,1000,USD,,,");
        long clockEnd = Instant.parse("2025-04-30T00:00:00Z").toEpochMilli();
        Result backtest = run(events, 2, false,
                ImpactPipeline.Settings.forBacktest().withTransitClockEnd(clockEnd));
        Result live = run(events, 2, false,
                ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withWatermarkPerRecord());
        assertEquals(backtest.rowLines(), live.rowLines());
        assertEquals(backtest.alertHeads(), live.alertHeads());
        // Overdue by hand: M4 9 March, M2 12 March, M3 14 March, M9 17 March; M4 also exited late.
        assertEquals(List.of(
                "M7,orphan,2025-03-01T12:00:00Z,PKTOR",
                "M4,overdue,2025-03-09T00:00:00Z,PKKHI",
                "M4,late_exit,2025-03-10T12:00:00Z,PKTOR",
                "M2,overdue,2025-03-12T00:00:00Z,PKKHI",
                "M3,overdue,2025-03-14T00:00:00Z,PKKHI",
                "M9,overdue,2025-03-17T00:00:00Z,PKBQM"), backtest.alertHeads());
        // The live run emitted the open row of KHI again as M1 and M4 left it: more rows than keys.
        assertTrue(live.rowsEmitted > live.rowLines().size(), "live rows emitted " + live.rowsEmitted);
        // The open KHI row now counts its two open movements as overdue.
        assertTrue(backtest.rowLines().contains("test-pta,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,"
                + "PKKHI,,road,outbound,AZE,AFG,2,50000,10000.000,0,,,2,14935,1500"), backtest.rowLines().toString());
    }

    @Test
    void twoTransitScenariosGetTheirOwnRowsAndTheAlertsOnce() throws Exception {
        // A second scenario with the same tables under another id: its rows are its own, and transit-alerts.csv,
        // which names no scenario, has the first scenario's alerts only (not each one twice).
        Scenario second = ScenarioLoader.load(Files.writeString(dir.resolve("second.yaml"),
                Files.readString(dir.resolve("transit.yaml")).replace("id: test-pta", "id: test-pta-2")));
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(2);
        List<SourceLine> transitLines = new ArrayList<>();
        for (int i = 0; i < EVENTS.size(); i++) {
            transitLines.add(SourceLine.csv("transit.csv", i + 2, HEADER, EVENTS.get(i)));
        }
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(env.fromData(List.of(SourceLine.csv("records.csv", 2,
                RECORDS_HEADER, "D1,1,2025-03-05,PAK,AZE,31021000,100,USD,TEST-PTA,,"))).setParallelism(1), null,
                env.fromData(transitLines).setParallelism(1), List.of(scenario, second),
                ImpactPipeline.Settings.forBacktest().withTransitClockEnd(CLOCK_END));
        List<JobOutput> out = new ArrayList<>();
        try (CloseableIterator<JobOutput> it = outputs.transitRows().map(JobOutput::of)
                .union(outputs.transitAlerts().map(JobOutput::of)).executeAndCollect("two transit scenarios")) {
            it.forEachRemaining(out::add);
        }
        assertEquals(3, out.stream().filter(o -> o.transitAlert != null).count());
        for (String id : List.of("test-pta", "test-pta-2")) {
            assertEquals(expectedRows().stream().map(r -> r.replaceFirst("^test-pta,", id + ",")).toList(),
                    out.stream().filter(o -> o.transitRow != null && o.transitRow.scenario.equals(id))
                            .map(o -> o.transitRow).sorted(TransitColumns.ORDER).map(TransitColumns::line).toList(),
                    id);
        }
    }

    record Result(Map<TransitRow.Key, TransitRow> rows, long rowsEmitted, List<TransitAlert> alerts,
            List<RejectedRecord> rejected) {
        /** transit.csv's lines: the latest row of each key with movements, in the file's order. */
        List<String> rowLines() {
            return rows.values().stream().filter(r -> r.movements > 0).sorted(TransitColumns.ORDER)
                    .map(TransitColumns::line).collect(Collectors.toList());
        }

        /** movement_id,kind,at,office of each alert, in transit-alerts.csv's order. */
        List<String> alertHeads() {
            return alerts.stream().sorted(TransitAlertColumns.ORDER).map(a -> String.join(",",
                    List.of(TransitAlertColumns.values(a)).subList(0, 4).stream().map(Object::toString).toList()))
                    .collect(Collectors.toList());
        }
    }

    static Result run(List<String> events, int parallelism, boolean batch, ImpactPipeline.Settings settings)
            throws Exception {
        return run(scenario, HEADER, events, parallelism, batch, settings);
    }

    /** The transit half of the whole job over {@code events} (CSV lines under {@code header}) of {@code scenario}. */
    static Result run(Scenario scenario, String header, List<String> events, int parallelism, boolean batch,
            ImpactPipeline.Settings settings) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(parallelism);
        if (batch) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        }
        List<SourceLine> transitLines = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            transitLines.add(SourceLine.csv("transit.csv", i + 2, header, events.get(i)));
        }
        DataStream<SourceLine> customs = env.fromData(List.of(SourceLine.csv("records.csv", 2,
                QuotaPipelineTest.HEADER, "D1,1,2025-03-05,PAK,AZE,31021000,100,USD,TEST-PTA,,"))).setParallelism(1);
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(customs, null,
                env.fromData(transitLines).setParallelism(1), List.of(scenario), settings);
        DataStream<JobOutput> all = outputs.transitRows().map(JobOutput::of)
                .union(outputs.transitAlerts().map(JobOutput::of), outputs.rejected().map(JobOutput::of));
        Map<TransitRow.Key, TransitRow> rows = new LinkedHashMap<>();
        List<TransitAlert> alerts = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        long emitted = 0;
        try (CloseableIterator<JobOutput> it = all.executeAndCollect("transit pipeline test")) {
            while (it.hasNext()) {
                JobOutput o = it.next();
                if (o.transitRow != null) {
                    rows.put(o.transitRow.key(), o.transitRow);
                    emitted++;
                } else if (o.transitAlert != null) {
                    alerts.add(o.transitAlert);
                } else if (o.rejected != null) {
                    rejected.add(o.rejected);
                }
            }
        }
        rejected.sort(Comparator.comparing(r -> r.source + r.line));
        return new Result(rows, emitted, alerts, rejected);
    }
}
