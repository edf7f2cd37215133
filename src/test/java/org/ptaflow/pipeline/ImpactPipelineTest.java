package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.sinks.ImpactCsv;
import org.ptaflow.sinks.JobOutput;

/**
 * The whole job on a mini cluster at parallelism 2, on a small set of records whose impact rows were computed by
 * hand (money, counts, rates) and from the SMART formulas of economics.md §4 evaluated independently (estimates; see
 * the comment on each expected row). The records cover: both directions, staging that starts inside a window, a line
 * rate replacing the rule, national currencies (AZN, PKR on and between FX dates), transit, a claim of another
 * agreement, a claim on a line without concession, an "others"-only line, two beneficiaries of one importer, a month
 * boundary in a non-UTC offset, duplicates (identical and conflicting), every rejection reason, an importer out of
 * scope, and a record that is late in a live run.
 */
public class ImpactPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    /** Columns in a deliberately unusual order: the parser must not depend on the contract's order. */
    public static final String HEADER =
            "registered_at,declaration_id,item_no,importer,origin,hs_code,customs_value,currency,procedure,preference,quantity";

    /** In event-time order except the last record, so that a live run sees exactly one late record. */
    public static final List<String> RECORDS = List.of(
            // January, AZE imports rice: PAK (beneficiary, claims) and IND (others) — economics.md case A.
            "2024-01-05T10:00:00Z,D1,1,AZE,PAK,10063010,10,USD,home_use,TEST-PTA,",
            "2024-01-06,D2,1,AZE,IND,100630,90,USD,home_use,,",
            // January, PAK imports: urea in PKR between FX dates (0.004): 250000 PKR = 1000 USD; MFN 0: not dutiable.
            "2024-01-10,D10,1,PAK,AZE,31021000,250000,PKR,home_use,TEST-PTA,",
            // jet fuel at +05:00 = 2024-01-15T03:00Z, on the FX date (0.005): 200000 PKR = 1000 USD.
            "2024-01-15T08:00:00+05:00,D11,1,PAK,AZE,27101911,200000,PKR,home_use,TEST-PTA,",
            "2024-01-20,D12,1,PAK,ARE,271019,3000,USD,home_use,,5",
            "2024-01-21,D13,1,PAK,AZE,271019,500,USD,transit,TEST-PTA,",
            // a claim on a line without concession: pays MFN.
            "2024-01-22,D14,1,PAK,AZE,90189000,50,USD,home_use,TEST-PTA,",
            // others-only line: no row.
            "2024-01-23,D15,1,PAK,CHN,870323,700,USD,home_use,,",
            // an identical copy of D11, and a conflicting copy of D12 (other quantity): both duplicates.
            "2024-01-15T08:00:00+05:00,D11,1,PAK,AZE,27101911,200000,PKR,home_use,TEST-PTA,",
            "2024-01-20,D12,1,PAK,ARE,271019,3000,USD,home_use,,6",
            // every rejection reason
            "2024-01-24,D18,1,PAK,CHN,870323,,USD,home_use,,",
            "2024-01-24,D19,1,PAK,CHN,870323,\"1,000\",USD,home_use,,",
            "2024-01-24,D20,1,PAK,CHN,870323,-5,USD,home_use,,",
            "2024-01-24T10:00:00,D21,1,PAK,CHN,870323,5,USD,home_use,,",
            "2024-01-24,D22,1,pak,CHN,870323,5,USD,home_use,,",
            "2024-01-24,D23,1,PAK,CHN,10063,5,USD,home_use,,",
            "2024-01-24,D24,1,PAK,CHN,870323,5,USD,bonded,,",
            "2024-01-24,D25,1,PAK,CHN,870323,5,usd,home_use,,",
            "2024-01-24,D26,0,PAK,CHN,870323,5,USD,home_use,,",
            "2024-01-24,D27,1,PAK",
            "2024-01-24,D28,1,PAK,CHN,870323,5,EUR,home_use,,",
            "2024-01-24,D29,1,PAK,CHN,99050000,5,USD,home_use,,",
            // an importer the scenario does not cover
            "2024-01-24,D30,1,IND,PAK,100630,5,USD,home_use,,",
            // a valid record with the key of the rejected D19: a rejection claims no key.
            "2024-01-25,D19,1,PAK,CHN,870323,300,USD,home_use,,",
            // 2024-01-31T23:30-02:00 is 2024-02-01T01:30Z: February.
            "2024-01-31T23:30:00-02:00,D8,1,AZE,PAK,100630,10,USD,home_use,,",
            "2024-02-05,D3,1,AZE,PAK,100630,20,AZN,home_use,TEST-PTA,",
            "2024-02-06,D4,1,AZE,IND,100630,90,USD,home_use,,",
            // February linen: staging 0.5 from 2024-02-15, line rate 10 under MFN 20 -> 15 after that date.
            "2024-02-10,D5,1,AZE,PAK,630260,100,USD,home_use,TEST-PTA,",
            "2024-02-20,D6,1,AZE,PAK,630260,200,USD,home_use,TEST-PTA,",
            "2024-02-21,D7,1,AZE,PAK,630260,100,USD,home_use,OTHER-PTA,",
            // March: two beneficiaries of AZE on one line; each is the other's "others".
            "2024-03-05,D34,1,AZE,TUR,100630,50,USD,home_use,TEST-PTA,",
            "2024-03-06,D35,1,AZE,PAK,100630,30,USD,home_use,TEST-PTA,",
            // April: others only; moves the watermark of a live run past March.
            "2024-04-02,D33,1,AZE,IND,100630,90,USD,home_use,,",
            // January linen after all that: late in a live run (allowed lateness P0D), counted in a backtest.
            "2024-01-05,D32,1,AZE,PAK,630260,100,USD,home_use,,");

    static final String COLUMNS = "scenario,window_start,window_end,importer,beneficiary,hs6,records,"
            + "value_beneficiary,value_others,dutiable_value,eligible_value,preferential_value,utilization,t0,t1,"
            + "duty_at_mfn,duty_statutory,revenue_forgone,trade_creation,trade_diversion,trade_effect,revenue_change,"
            + "welfare,taxes_at_mfn,taxes_statutory,taxes_forgone,total_revenue_forgone,total_revenue_change";

    /**
     * Hand-computed rows. Money and rates: by hand from the records above. Estimates: economics.md §4 with
     * εm = −1.5, σ = 1.5, εx = 99, u = 1, rates as fractions; the January rice row is the document's case A.
     */
    public static final List<String> EXPECTED_BACKTEST = List.of(
            // case A: Mk 10, MK 90, t0 20%, t1 0 → TC 2.5, TD 2.1951220, ΔTR −2.4390244, W 0.25
            "test-pta,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,AZE,PAK,100630,1,10,90,10,10,10,1,20,0,2,0,2,"
                    + "2.5,2.195122,4.695122,-2.439024,0.25",
            // D32 (backtest only): staging not started in January → not eligible, t1 = t0, no effect
            "test-pta,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,AZE,PAK,630260,1,100,0,100,0,0,,20,20,20,20,0,"
                    + "0,0,0,0,0",
            // jet fuel: Mk 1000, MK 3000, t 11% → 0: TC = 1.5·1000·0.11/1.11 = 148.648649; g = 1.5·(1 − 1/1.11);
            // TD = 3,000,000 g / (4000 + 1000 g) = 107.491857; ΔTR = 0.11·(3000 − TD) − 0.11·4000 = −121.824104;
            // W = ½·0.11·TC = 8.175676
            "test-pta,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,PAK,AZE,271019,1,1000,3000,1000,1000,1000,1,11,0,"
                    + "110,0,110,148.648649,107.491857,256.140505,-121.824104,8.175676",
            // urea: MFN 0, nothing dutiable, no effect
            "test-pta,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,PAK,AZE,310210,1,1000,0,0,0,0,,0,0,0,0,0,"
                    + "0,0,0,0,0",
            // instruments: a claim on a line without concession pays MFN 11%: 5.5
            "test-pta,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,PAK,AZE,901890,1,50,0,50,0,0,,11,11,5.5,5.5,0,"
                    + "0,0,0,0,0",
            // Feb rice: D8 10 (no claim) + D3 20 AZN = 10 USD (claims); others D4 90. TC 5; g 0.25;
            // TD = 20·90·0.25/115 = 3.913043; ΔTR = 0.2·(90 − TD) − 0.2·110 = −4.782609; W = 0.5
            "test-pta,2024-02-01T00:00:00Z,2024-03-01T00:00:00Z,AZE,PAK,100630,2,20,90,20,20,10,0.5,20,0,4,2,2,"
                    + "5,3.913043,8.913043,-4.782609,0.5",
            // Feb linen: D5 100 @ t1 20 (before staging), D6 200 @ 15 claims, D7 100 @ 15 other agreement.
            // t1 = (2000 + 3000 + 1500)/400 = 16.25; duty 80, statutory 20 + 30 + 20 = 70.
            // TC = 1.5·400·0.0375/1.2 = 18.75; no others → TD 0; ΔTR = 0.1625·418.75 − 80 = −11.953125;
            // W = ½·0.0375·18.75 = 0.3515625
            "test-pta,2024-02-01T00:00:00Z,2024-03-01T00:00:00Z,AZE,PAK,630260,3,400,0,400,300,200,0.666667,20,"
                    + "16.25,80,70,10,18.75,0,18.75,-11.953125,0.3515625",
            // March rice, PAK: Mk 30, MK 50 (TUR). TC 7.5; TD = 30·50·0.25/87.5 = 4.285714;
            // ΔTR = 0.2·(50 − TD) − 16 = −6.857143; W 0.75
            "test-pta,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,AZE,PAK,100630,1,30,50,30,30,30,1,20,0,6,0,6,"
                    + "7.5,4.285714,11.785714,-6.857143,0.75",
            // March rice, TUR: Mk 50, MK 30 (PAK). TC 12.5; TD = 50·30·0.25/92.5 = 4.054054;
            // ΔTR = 0.2·(30 − TD) − 16 = −10.810811; W 1.25
            "test-pta,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,AZE,TUR,100630,1,50,30,50,50,50,1,20,0,10,0,10,"
                    + "12.5,4.054054,16.554054,-10.810811,1.25");

    private static Scenario scenario;

    @BeforeAll
    static void loadScenario() throws Exception {
        Path yaml = Paths.get(ImpactPipelineTest.class.getResource("/pipeline/test-pta.yaml").toURI());
        scenario = ScenarioLoader.load(yaml);
    }

    @Test
    void backtestGivesTheHandComputedRows() throws Exception {
        List<JobOutput> outputs = run(ImpactPipeline.Settings.forBacktest(), RECORDS);

        assertRows(EXPECTED_BACKTEST, finalRows(outputs));
        assertTrue(lateRecords(outputs).isEmpty(), "a backtest has no late records");
    }

    @Test
    void everyRejectionReasonIsReportedWithTheOriginalText() throws Exception {
        List<JobOutput> outputs = run(ImpactPipeline.Settings.forBacktest(), RECORDS);

        Map<String, String> reasonByDeclaration = new TreeMap<>();
        for (JobOutput o : outputs) {
            if (o.rejected != null) {
                String declaration = o.rejected.originalText.split(",")[1];
                reasonByDeclaration.put(declaration, o.rejected.reason);
                assertTrue(RECORDS.contains(o.rejected.originalText), "original text kept: " + o.rejected.originalText);
            }
        }
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("D18", "missing_field"), Map.entry("D19", "bad_number"), Map.entry("D20", "negative_value"),
                Map.entry("D21", "bad_date"), Map.entry("D22", "bad_country"), Map.entry("D23", "bad_hs_code"),
                Map.entry("D24", "bad_procedure"), Map.entry("D25", "bad_currency"), Map.entry("D26", "bad_item_no"),
                Map.entry("D27", "malformed"), Map.entry("D28", "no_fx_rate"), Map.entry("D29", "no_mfn_rate")));
        assertEquals(expected, reasonByDeclaration);
        long scenarioRejections = outputs.stream().filter(o -> o.rejected != null)
                .filter(o -> "test-pta".equals(o.rejected.scenario)).count();
        assertEquals(2, scenarioRejections, "no_fx_rate and no_mfn_rate name the scenario");
    }

    @Test
    void liveRunGivesTheSameFinalRowsAndReportsTheLateRecord() throws Exception {
        List<JobOutput> outputs =
                run(ImpactPipeline.Settings.forLive(Duration.ZERO).withWatermarkPerRecord(), RECORDS);

        List<String> expected = new ArrayList<>(EXPECTED_BACKTEST);
        expected.removeIf(row -> row.contains(",2024-01-01T00:00:00Z,") && row.contains(",630260,"));
        assertRows(expected, finalRows(outputs));
        List<LateRecord> late = lateRecords(outputs);
        assertEquals(1, late.size());
        assertEquals("D32", late.get(0).declarationId);
        assertEquals("test-pta", late.get(0).scenario);
        assertEquals(RECORDS.get(RECORDS.size() - 1), late.get(0).originalText);
    }

    @Test
    void recordOrderDoesNotChangeAnyDigit() throws Exception {
        List<String> reversed = new ArrayList<>(RECORDS);
        java.util.Collections.reverse(reversed);

        assertRows(EXPECTED_BACKTEST, finalRows(run(ImpactPipeline.Settings.forBacktest(), reversed)));
    }

    // ---------------------------------------------------------------------------------------------------------

    static List<JobOutput> run(ImpactPipeline.Settings settings, List<String> records) throws Exception {
        return run(scenario, HEADER, settings, records);
    }

    /** The job at parallelism 2 over CSV lines under {@code header}; every output comes back through one collect. */
    static List<JobOutput> run(Scenario scenario, String header, ImpactPipeline.Settings settings,
            List<String> records) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(2);

        List<SourceLine> lines = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            lines.add(SourceLine.csv("records.csv", i + 2, header, records.get(i)));
        }
        DataStream<SourceLine> source = env.fromData(lines).setParallelism(1);
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(source, null, List.of(scenario), settings);
        DataStream<JobOutput> all = outputs.impactRows().map(JobOutput::of)
                .union(outputs.rejected().map(JobOutput::of), outputs.late().map(JobOutput::of));
        List<JobOutput> collected = new ArrayList<>();
        try (CloseableIterator<JobOutput> it = all.executeAndCollect("impact pipeline test")) {
            it.forEachRemaining(collected::add);
        }
        return collected;
    }

    static List<ImpactRow> finalRows(List<JobOutput> outputs) {
        return outputs.stream().filter(o -> o.impact != null && o.impact.finalRow).map(o -> o.impact)
                .sorted(ImpactCsv.CONTRACT_ORDER).collect(Collectors.toList());
    }

    static List<LateRecord> lateRecords(List<JobOutput> outputs) {
        return outputs.stream().filter(o -> o.late != null).map(o -> o.late).collect(Collectors.toList());
    }

    /**
     * Compares rows column by column: identity, counts, money and rates exactly as printed; the estimates
     * (trade_creation … welfare) within 1e-6, since the hand values are rounded.
     */
    static void assertRows(List<String> expected, List<ImpactRow> actual) {
        assertEquals(COLUMNS, ImpactCsv.header(false));
        assertLines(expected, actual.stream().map(r -> ImpactCsv.line(r, false)).collect(Collectors.toList()));
    }

    /**
     * The scenarios here have no {@code taxes:}: contract §4 then gives the five tax columns after {@code welfare}
     * as 0, 0, 0, {@code revenue_forgone}, {@code revenue_change}. A hand row written up to {@code welfare} gets them
     * from that rule.
     */
    static String[] withoutTaxes(String[] hand, String[] names) {
        List<String> all = Arrays.asList(names);
        int welfare = all.indexOf("welfare");
        if (hand.length != welfare + 1) {
            return hand;
        }
        String[] full = Arrays.copyOf(hand, names.length);
        full[welfare + 1] = "0";
        full[welfare + 2] = "0";
        full[welfare + 3] = "0";
        full[welfare + 4] = hand[all.indexOf("revenue_forgone")];
        full[welfare + 5] = hand[all.indexOf("revenue_change")];
        return full;
    }

    /** As {@link #assertRows}, on rows already printed as CSV lines without band columns. */
    public static void assertLines(List<String> expected, List<String> actualLines) {
        assertEquals(expected.size(), actualLines.size(), "rows:\n" + String.join("\n", actualLines));
        String[] names = COLUMNS.split(",");
        int firstEstimate = Arrays.asList(names).indexOf("trade_creation");
        for (int i = 0; i < expected.size(); i++) {
            String[] want = withoutTaxes(expected.get(i).split(",", -1), names);
            String[] got = actualLines.get(i).split(",", -1);
            assertEquals(names.length, got.length, actualLines.get(i));
            for (int c = 0; c < names.length; c++) {
                String where = "row " + i + " column " + names[c] + "\n  expected " + expected.get(i) + "\n  actual   "
                        + actualLines.get(i);
                if (c < firstEstimate) {
                    assertEquals(want[c], got[c], where);
                } else {
                    assertEquals(Double.parseDouble(want[c]), Double.parseDouble(got[c]), 1e-6, where);
                }
            }
        }
    }
}
