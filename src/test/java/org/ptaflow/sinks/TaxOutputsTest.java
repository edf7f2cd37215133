package org.ptaflow.sinks;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;

/**
 * The border-tax outputs (contract §4): the five impact columns after {@code welfare}, {@code taxes.csv} and the
 * {@code tax-rows} JSON, on an impact row built by hand with two taxes, one of them creditable.
 */
public class TaxOutputsTest {
    @TempDir
    Path dir;

    static final String TAXES_HEADER = "scenario,window_start,window_end,importer,beneficiary,hs6,tax,creditable,"
            + "at_mfn,statutory,forgone,collected,revenue_change";

    static long usd(long whole) {
        return whole * Money.MICROS_PER_USD;
    }

    /**
     * Worked case P of economics.md §6 cut down to two taxes: value 1,000,000 USD, MFN 16 %, claimed and eligible
     * at 8 %; sales tax 18 % on [value, customs_duty]; withholding 5.5 % on [value, customs_duty, sales_tax],
     * creditable. By hand:
     * <ul>
     * <li>at MFN: duty 160,000; sales tax 0.18 × 1,160,000 = 208,800; withholding 0.055 × 1,368,800 = 75,284</li>
     * <li>statutory: duty 80,000; sales tax 0.18 × 1,080,000 = 194,400; withholding 0.055 × 1,274,400 = 70,092</li>
     * <li>forgone: duty 80,000; sales tax 14,400; withholding 5,192 (creditable: in no total)</li>
     * <li>taxes_at_mfn 208,800, taxes_statutory 194,400, taxes_forgone 14,400; total forgone 94,400 (case P's)</li>
     * </ul>
     * Collected: duty 79,500.50 on 2 records, sales tax 190,000.25 on 1, withholding on none (an empty field).
     * The estimates are set by hand (case A's ΔTR −2.4390244 and case A+'s sales-tax ΔTR +0.0109756; the
     * withholding's 0.5 is made up): total revenue change = −2.4390244 + 0.0109756 = −2.4280488, the creditable
     * withholding left out.
     */
    public static ImpactRow caseP(String hs6, boolean finalRow) {
        ImpactRow r = new ImpactRow();
        r.key = new ImpactKey("pk-az", "PAK", "AZE", hs6);
        r.windowStart = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        r.windowEnd = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
        r.finalRow = finalRow;
        WindowSums s = new WindowSums();
        s.records = 2;
        s.valueBeneficiary = s.dutiableValue = s.eligibleValue = s.preferentialValue = usd(1_000_000);
        s.dutyAtMfn = usd(160_000);
        s.dutyStatutory = s.dutyAtScenarioRate = usd(80_000);
        s.potentialSaving = usd(80_000);
        s.taxAtMfn = new long[] {usd(208_800), usd(75_284)};
        s.taxStatutory = new long[] {usd(194_400), usd(70_092)};
        s.taxFullPreference = new long[] {usd(194_400), usd(70_092)};
        s.othersTaxAtMfn = new long[] {0, 0};
        s.dutyCollected = 79_500_500_000L;
        s.dutyCollectedRecords = 2;
        s.taxCollected = new long[] {190_000_250_000L, 0};
        s.taxCollectedRecords = new long[] {1, 0};
        r.sums = s;
        r.tradeCreation = r.tradeDiversion = r.tradeEffect = r.welfare = 0;
        r.revenueChange = -2.4390244;
        r.scenarioHasTaxes = true;
        r.taxNames = new String[] {"sales_tax", "withholding_tax"};
        r.taxCreditable = new boolean[] {false, true};
        r.taxRevenueChange = new double[] {0.0109756, 0.5};
        r.totalRevenueChange = -2.4280488;
        r.totalRevenueChangeP05 = r.totalRevenueChangeP50 = r.totalRevenueChangeP95 = Double.NaN;
        return r;
    }

    static final String P_IDENTITY = "pk-az,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,PAK,AZE,";

    /** The three lines of case P by hand: duty first, then the taxes in list order; six decimals for estimates. */
    static List<String> casePLines(String hs6) {
        return List.of(
                P_IDENTITY + hs6 + ",customs_duty,false,160000,80000,80000,79500.5,-2.439024",
                P_IDENTITY + hs6 + ",sales_tax,false,208800,194400,14400,190000.25,0.010976",
                P_IDENTITY + hs6 + ",withholding_tax,true,75284,70092,5192,,0.5");
    }

    @Test
    void theImpactRowsTaxColumnsCountTheNonCreditableTaxesOnly() {
        String[] line = ImpactCsv.line(caseP("870323", true), false).split(",", -1);
        String[] header = ImpactCsv.header(false).split(",");
        int welfare = List.of(header).indexOf("welfare");
        assertEquals(List.of("taxes_at_mfn", "taxes_statutory", "taxes_forgone", "total_revenue_forgone",
                "total_revenue_change"), List.of(header).subList(welfare + 1, header.length));
        assertEquals(List.of("208800", "194400", "14400", "94400", "-2.428049"),
                List.of(line).subList(welfare + 1, line.length));
    }

    @Test
    void taxesCsvHasTheDutyThenEachTaxOfTheRow() {
        assertEquals(TAXES_HEADER, TaxColumns.header());
        List<String> lines = TaxLine.of(caseP("870323", true)).stream().map(TaxColumns::line).toList();
        assertEquals(casePLines("870323"), lines);
    }

    @Test
    void aTaxLineAsJsonAndItsKafkaKey() {
        TaxLine withholding = TaxLine.of(caseP("870323", false)).get(2);
        String json = new String(OutputJson.bytes(OutputJson.tax(withholding)), StandardCharsets.UTF_8);
        assertEquals("{\"scenario\":\"pk-az\",\"window_start\":\"2024-03-01T00:00:00Z\","
                + "\"window_end\":\"2024-04-01T00:00:00Z\",\"importer\":\"PAK\",\"beneficiary\":\"AZE\","
                + "\"hs6\":\"870323\",\"final\":false,\"tax\":\"withholding_tax\",\"creditable\":true,"
                + "\"at_mfn\":75284,\"statutory\":70092,\"forgone\":5192,\"collected\":null,\"revenue_change\":0.5}",
                json);
        TaxLine duty = TaxLine.of(caseP("870323", true)).get(0);
        assertTrue(new String(OutputJson.bytes(OutputJson.tax(duty)), StandardCharsets.UTF_8)
                .contains("\"collected\":79500.5,"), "exact decimal of the collected duty");
        assertEquals("pk-az|2024-03-01T00:00:00Z|PAK|AZE|870323|withholding_tax",
                new String(new KafkaOutputs.TaxTopicKey().serialize(withholding), StandardCharsets.UTF_8));
    }

    @Test
    void aRowOfAScenarioWithoutTaxesHasNoTaxLines() {
        ImpactRow rice = ImpactColumnsTest.rice();
        assertEquals(List.of(), TaxLine.of(rice));
        rice.taxNames = null; // a row built without the tax fields at all
        assertEquals(List.of(), TaxLine.of(rice));
    }

    @Test
    void aRowOfAnImporterWithoutTaxesInAScenarioWithTaxesHasItsDutyLineOnly() {
        // The scenario lists taxes for another importer: this row's line in taxes.csv is its customs duty.
        ImpactRow rice = ImpactColumnsTest.rice();
        rice.scenarioHasTaxes = true;
        List<TaxLine> lines = TaxLine.of(rice);
        assertEquals(1, lines.size());
        assertEquals(TaxLine.CUSTOMS_DUTY, lines.get(0).name());
    }

    @Test
    void aBoundedRunWritesTaxesCsvSortedAsImpactCsvWithTheDutyFirst() throws Exception {
        try (OutputFolder folder = new OutputFolder(dir, false, false)) {
            // arrival order: the later HS6 first, a row without taxes between, and an early row that never counts
            folder.accept(JobOutput.of(caseP("870323", true)));
            folder.accept(JobOutput.of(ImpactColumnsTest.rice()));
            folder.accept(JobOutput.of(caseP("020130", false)));
            folder.accept(JobOutput.of(caseP("020130", true)));
            folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pk-az", "pta")));
        }
        List<String> expected = new ArrayList<>();
        expected.add(TAXES_HEADER);
        expected.addAll(casePLines("020130"));
        expected.addAll(casePLines("870323"));
        assertEquals(expected, Files.readAllLines(dir.resolve("taxes.csv")));
        assertFalse(Files.exists(dir.resolve("taxes.csv.tmp")));
    }

    @Test
    void aRunWithoutTaxesWritesNoTaxesCsv() throws Exception {
        for (boolean live : new boolean[] {false, true}) {
            Path out = dir.resolve(live ? "live" : "bounded");
            try (OutputFolder folder = new OutputFolder(out, false, live)) {
                ImpactRow early = ImpactColumnsTest.rice();
                early.finalRow = false;
                folder.accept(JobOutput.of(early));
                folder.accept(JobOutput.of(ImpactColumnsTest.rice()));
                folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pta")));
            }
            assertTrue(Files.exists(out.resolve("impact.csv")));
            assertFalse(Files.exists(out.resolve("taxes.csv")), live ? "live" : "bounded");
            assertFalse(Files.exists(out.resolve("taxes-live.csv")), live ? "live" : "bounded");
        }
    }

    @Test
    void aLiveRunAppendsTheFinalRowsLinesAsTheyCome() throws Exception {
        try (OutputFolder folder = new OutputFolder(dir, false, true)) {
            folder.accept(JobOutput.of(caseP("870323", false)));
            assertFalse(Files.exists(dir.resolve("taxes.csv")), "an early row has no lines in taxes.csv");
            assertTrue(Files.exists(dir.resolve("taxes-live.csv")), "but has them in taxes-live.csv");
            folder.accept(JobOutput.of(caseP("870323", true)));
            List<String> expected = new ArrayList<>();
            expected.add(TAXES_HEADER);
            expected.addAll(casePLines("870323"));
            assertEquals(expected, Files.readAllLines(dir.resolve("taxes.csv")), "readable while the run goes on");
            List<String> everyRow = new ArrayList<>();
            everyRow.add("final," + TAXES_HEADER);
            casePLines("870323").forEach(l -> everyRow.add("false," + l));
            casePLines("870323").forEach(l -> everyRow.add("true," + l));
            assertEquals(everyRow, Files.readAllLines(dir.resolve("taxes-live.csv")), "early and final, as they came");
        }
    }

    @Test
    void aTaxLineTravelsAsAPojo() {
        assertSerializedAsPojoWithoutKryo(TaxLine.class);
    }
}
