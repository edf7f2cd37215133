package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.DEC_31_2023;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_01;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_15;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_31_LAST_MS;
import static org.ptaflow.pipeline.HarnessFixtures.SCENARIO;
import static org.ptaflow.pipeline.HarnessFixtures.Sums.sums;
import static org.ptaflow.pipeline.HarnessFixtures.USD;
import static org.ptaflow.pipeline.HarnessFixtures.at;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.Procedure;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The scenario join under Flink's keyed-broadcast harness: the order of tables and records, table updates,
 * routing to output keys, duplicates, lateness and rejections. Expected sums are computed by hand from the
 * fixture's rates ({@link HarnessFixtures}): in January a claiming AZE rice record pays 15 % instead of 20 %.
 */
class ApplyScenariosHarnessTest {

    @TempDir
    Path dir;

    private Scenario scenario;
    private KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> harness;

    @BeforeEach
    void setUp() throws Exception {
        scenario = HarnessFixtures.harnessScenario(dir);
        harness = HarnessFixtures.joinHarness(new ApplyScenarios(List.of(scenario), true, Duration.ofDays(1)));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    // ---- expected sums, by hand ----

    /** 100 USD of AZE rice in January, claiming: the staged preferential rate is 15 %. */
    private static WindowSums aze100UsdRiceInJanuary() {
        return HarnessFixtures.claimed100UsdRice(15);
    }

    // ---- helpers ----

    private void amend(String json) throws Exception {
        harness.processBroadcastElement(TariffAmendment.fromJson(json), 0L);
    }

    private void send(CustomsRecord r) throws Exception {
        harness.processElement(r, r.registeredAt);
    }

    /** Advances the watermark of both inputs (a two-input operator takes the minimum). */
    private void watermark(long t) throws Exception {
        harness.processWatermark(t);
        harness.processBroadcastWatermark(t);
    }

    private List<ScenarioContribution> output() {
        return harness.extractOutputValues();
    }

    private List<RejectedRecord> rejected() {
        var queue = harness.getSideOutput(OutputTags.REJECTED);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private List<LateRecord> late() {
        var queue = harness.getSideOutput(OutputTags.LATE);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** A run counter (accumulator) of the operator; 0 when never incremented. */
    private long count(String outcome) throws Exception {
        ((ScenarioJoinOperator) harness.getOperator()).processHeld(); // the batch processed, its counts flushed
        Map<String, Accumulator<?, ?>> accumulators =
                harness.getEnvironment().getAccumulatorRegistry().getUserMap();
        Accumulator<?, ?> acc = accumulators.get("scenario." + SCENARIO + "." + outcome);
        return acc == null ? 0 : ((Number) acc.getLocalValue()).longValue();
    }

    private static void assertContribution(ScenarioContribution c, String beneficiary, String hs6, long eventTime,
            WindowSums expected) {
        assertEquals(0, c.scenarioIndex);
        assertEquals(SCENARIO, c.scenario);
        assertEquals("PAK", c.importer);
        assertEquals(beneficiary, c.beneficiary, "beneficiary");
        assertEquals(hs6, c.hs6, "hs6");
        assertEquals(eventTime, c.eventTime, "event time");
        assertEquals(expected, c.sums, "sums for " + beneficiary);
    }

    /** Contributions by beneficiary; routing gives at most one per beneficiary per record. */
    private static Map<String, ScenarioContribution> byBeneficiary(List<ScenarioContribution> contributions) {
        return contributions.stream().collect(Collectors.toMap(c -> c.beneficiary, c -> c));
    }

    // ---- ordering of tables and records ----

    /**
     * Records quiet (idle) must not make the join idle downstream: the quota allocation and the windows then take
     * their watermark from the other join subtasks alone and can pass a claim's day before this subtask, active
     * again, emits the claim (ScenarioJoinOperator's class comment).
     */
    @Test
    void theJoinNeverTellsDownstreamItIsIdle() throws Exception {
        harness.getTwoInputOperator().processWatermarkStatus1(
                org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
        harness.getTwoInputOperator().processWatermarkStatus1(
                org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.ACTIVE);
        assertTrue(harness.getOutput().stream().noneMatch(
                e -> e instanceof org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus s && s.isIdle()),
                harness.getOutput().toString());
    }

    @Test
    void tableBeforeRecordEmitsTheBeneficiaryAndOthersContributions() throws Exception {
        send(record("10063010", "AZE", "100", JAN_15));

        List<ScenarioContribution> out = output();
        assertEquals(2, out.size(), out.toString());
        Map<String, ScenarioContribution> by = byBeneficiary(out);
        assertContribution(by.get("AZE"), "AZE", "100630", JAN_15, aze100UsdRiceInJanuary());
        assertContribution(by.get("TUR"), "TUR", "100630", JAN_15, HarnessFixtures.others100UsdRice());
        assertTrue(rejected().isEmpty());
        assertTrue(late().isEmpty());
        assertEquals(1, count("accepted"));
    }

    @Test
    void recordConvertedFromItsCurrencyWithTheFxRateInForce() throws Exception {
        CustomsRecord r = record("100630", "AZE", "25000", JAN_15);
        r.currency = "PKR"; // 25 000 PKR × 0.004 = 100 USD
        send(r);

        assertContribution(byBeneficiary(output()).get("AZE"), "AZE", "100630", JAN_15, aze100UsdRiceInJanuary());
    }

    @Test
    void anAmendmentMidWindowAppliesToLaterRecordsOnly() throws Exception {
        send(record("100630", "AZE", "100", JAN_10));
        List<ScenarioContribution> before = output();
        assertEquals(2, before.size());

        // An amendment sets the AZE line rate of rice to 10 %, fully in force from January 1st (instead of the
        // staged 15 %).
        amend("""
                {"scenario":"harness","kind":"concession","importer":"PAK","beneficiary":"AZE",
                 "hs_prefix":"100630","rate":10,"from":"2024-01-01"}""");
        assertEquals(2, output().size(), "an amendment re-emits nothing");
        assertEquals(1, count("amendments_applied"));

        send(record("100630", "AZE", "100", JAN_20));
        List<ScenarioContribution> after = output();
        assertEquals(4, after.size());
        assertContribution(byBeneficiary(after.subList(0, 2)).get("AZE"), "AZE", "100630", JAN_10,
                aze100UsdRiceInJanuary());
        WindowSums atTenPercent = HarnessFixtures.claimed100UsdRice(10);
        Map<String, ScenarioContribution> later = byBeneficiary(after.subList(2, 4));
        assertContribution(later.get("AZE"), "AZE", "100630", JAN_20, atTenPercent);
        assertContribution(later.get("TUR"), "TUR", "100630", JAN_20, HarnessFixtures.others100UsdRice());
    }

    @Test
    void anAmendmentForAScenarioTheJobDoesNotRunIsCountedAndIgnored() throws Exception {
        amend("""
                {"scenario":"other","kind":"mfn","importer":"PAK","hs_prefix":"10","rate":50,"from":"2024-01-01"}""");
        send(record("100630", "AZE", "100", JAN_10));
        assertEquals(aze100UsdRiceInJanuary(), byBeneficiary(output()).get("AZE").sums, "the MFN rate stays 20 %");
        assertEquals(0, count("amendments_applied"));
        Accumulator<?, ?> ignored = harness.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get("scenario.other.amendments_ignored");
        assertEquals(1L, ((Number) ignored.getLocalValue()).longValue());
    }

    @Test
    void theTablesAreThereBeforeTheFirstRecordSoNothingWaitsAndLatenessIsJudgedOnArrival() throws Exception {
        // The base tables are the operator's constructor arguments: a record that comes before any broadcast
        // element is processed at once, and judged against the watermark of its own arrival.
        watermark(FEB_01);
        send(record("100630", "AZE", "100", JAN_20));
        assertTrue(output().isEmpty());
        assertEquals(1, late().size(), "late on arrival: January closed at the February watermark");
        send(record("100630", "AZE", "100", FEB_10));
        assertEquals(2, output().size());
        assertEquals(2, HarnessFixtures.keyedStateEntries(harness), "one remembered key per record, nothing waiting");
    }

    @Test
    void lateIsJudgedByTheRecordsWatermarkAloneWhateverTheAmendmentInputSays() throws Exception {
        // The amendment input has said nothing (its task may not even have started): the records' watermark
        // alone makes January closed.
        harness.processWatermark(FEB_01);
        send(record("100630", "AZE", "100", JAN_20));
        assertEquals(1, late().size(), "late by the records' watermark, not held back by the amendment input");

        // An amendment input at the end of time moves nothing either.
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        send(record("100630", "AZE", "100", FEB_10));
        assertEquals(1, late().size());
        assertEquals(2, output().size(), "February is still open");
    }

    // ---- routing ----

    @Test
    void aRecordOfAnotherOriginCountsAsOthersForEveryBeneficiary() throws Exception {
        send(record("630260", "CHN", "50", JAN_15));

        List<ScenarioContribution> out = output();
        assertEquals(2, out.size(), out.toString());
        // 50 USD of linen at MFN 10 % → 5 USD, for the keys of AZE and of TUR alike.
        WindowSums others = sums().mK(50 * USD).othersDutyAtMfn(5 * USD).get();
        Map<String, ScenarioContribution> by = byBeneficiary(out);
        assertContribution(by.get("AZE"), "AZE", "630260", JAN_15, others);
        assertContribution(by.get("TUR"), "TUR", "630260", JAN_15, others);
    }

    @Test
    void aTurkishLinenRecordIsTheBeneficiaryOfItsOwnConcessionAndOthersForAze() throws Exception {
        CustomsRecord r = record("630260", "TUR", "50", JAN_15);
        r.preference = ""; // not claimed: eligible but not preferential
        send(r);

        Map<String, ScenarioContribution> by = byBeneficiary(output());
        assertEquals(2, by.size());
        // New rate 0, no staging: pref 0 < MFN 10 → eligible; not claimed → statutory duty at MFN (5 USD).
        assertContribution(by.get("TUR"), "TUR", "630260", JAN_15, sums().records(1).mk(50 * USD)
                .dutiable(50 * USD).eligible(50 * USD).dutyAtMfn(5 * USD).dutyStatutory(5 * USD)
                .dutyAtScenarioRate(0).potentialSaving(5 * USD).get());
        assertContribution(by.get("AZE"), "AZE", "630260", JAN_15, sums().mK(50 * USD).othersDutyAtMfn(5 * USD)
                .get());
    }

    @Test
    void aNonHomeUseRecordIsAcceptedButContributesNothing() throws Exception {
        CustomsRecord transit = record("100630", "AZE", "100", JAN_15);
        transit.procedure = Procedure.TRANSIT;
        send(transit);

        assertTrue(output().isEmpty());
        assertTrue(rejected().isEmpty());
        assertEquals(1, count("accepted"));
    }

    @Test
    void aRecordOfAnImporterNotCoveredIsOutOfScope() throws Exception {
        CustomsRecord r = record("100630", "AZE", "100", JAN_15);
        r.importer = "IND";
        send(r);

        assertTrue(output().isEmpty());
        assertTrue(rejected().isEmpty());
        assertEquals(0, count("accepted"));
        assertEquals(1, count("out_of_scope"));
    }

    // ---- duplicates ----

    @Test
    void anIdenticalRepeatEmitsNothing() throws Exception {
        CustomsRecord r = record("DUP-1", "100630", "AZE", "100", JAN_15);
        send(r);
        send(record("DUP-1", "100630", "AZE", "100", JAN_15));

        assertEquals(2, output().size());
        assertEquals(1, count("accepted"));
        assertEquals(1, count("duplicates"));
        assertEquals(0, count("conflicts"));
    }

    @Test
    void aDifferingRepeatKeepsTheFirstAndCountsAConflict() throws Exception {
        send(record("DUP-2", "100630", "AZE", "100", JAN_15));
        send(record("DUP-2", "100630", "AZE", "999", JAN_15));

        assertEquals(2, output().size());
        assertEquals(100 * USD, byBeneficiary(output()).get("AZE").sums.valueBeneficiary);
        assertEquals(1, count("duplicates"));
        assertEquals(1, count("conflicts"));
    }

    @Test
    void aRejectedRecordClaimsNoKey() throws Exception {
        CustomsRecord euro = record("KEY-1", "100630", "AZE", "100", JAN_15);
        euro.currency = "EUR"; // not in the FX table
        send(euro);
        assertEquals(1, rejected().size());
        assertTrue(output().isEmpty());

        send(record("KEY-1", "100630", "AZE", "100", JAN_15));

        assertEquals(2, output().size(), "the valid record with the same key is accepted");
        assertContribution(byBeneficiary(output()).get("AZE"), "AZE", "100630", JAN_15,
                aze100UsdRiceInJanuary());
        assertEquals(0, count("duplicates"));
        assertEquals(1, count("accepted"));
    }

    // ---- lateness ----

    @Test
    void aRecordOfAClosedWindowGoesToTheLateOutputOnly() throws Exception {
        watermark(FEB_01); // past the end of January; allowed lateness P0D
        CustomsRecord january = record("LATE-1", "100630", "AZE", "100", JAN_20);
        send(january);

        assertTrue(output().isEmpty(), "a late record contributes nothing");
        assertTrue(rejected().isEmpty());
        List<LateRecord> late = late();
        assertEquals(1, late.size());
        LateRecord l = late.get(0);
        assertEquals(SCENARIO, l.scenario);
        assertEquals("LATE-1", l.declarationId);
        assertEquals(1, l.itemNo);
        assertEquals(JAN_20, l.registeredAt);
        assertEquals(FEB_01, l.watermark);
        assertEquals(at("2024-01-01T00:00:00Z"), l.windowStart);
        assertEquals(january.originalText, l.originalText);
        assertEquals(1, count("late"));
        assertEquals(0, count("accepted"));

        send(record("100630", "AZE", "100", FEB_10));
        assertEquals(2, output().size(), "a record of the open window is accepted");
        assertEquals(1, late().size());
    }

    @Test
    void aRecordIsLateOnlyOnceTheWatermarkReachesTheLastMillisecondOfItsWindow() throws Exception {
        watermark(JAN_31_LAST_MS - 1);
        send(record("100630", "AZE", "100", JAN_20));
        assertEquals(2, output().size(), "window not yet fired: on time");

        watermark(JAN_31_LAST_MS); // the January window fires at this watermark
        send(record("100630", "AZE", "100", JAN_20));
        assertEquals(2, output().size());
        assertEquals(1, late().size());
    }

    @Test
    void eachScenarioOfARunJudgesLatenessWithItsOwnWindows() throws Exception {
        harness.close();
        // A second scenario with the same tables but daily windows and one day of allowed lateness.
        Scenario daily = HarnessFixtures.scenario(dir, "daily.yaml", HarnessFixtures.scenarioYaml("0.5")
                .replace("id: harness", "id: daily")
                .replace("windows: { size: month, allowed_lateness: P0D }",
                        "windows: { size: day, allowed_lateness: P1D }"));
        harness = HarnessFixtures.joinHarness(new ApplyScenarios(List.of(scenario, daily), true, Duration.ofDays(1)));

        // The 19th's daily window ends 2024-01-20T00:00Z; plus one day of lateness it closes at the 21st.
        watermark(at("2024-01-21T00:00:00Z"));
        send(record("100630", "AZE", "100", at("2024-01-19T12:00:00Z")));

        List<ScenarioContribution> out = output();
        assertEquals(2, out.size(), "on time for the monthly scenario: " + out);
        assertTrue(out.stream().allMatch(c -> c.scenarioIndex == 0 && c.scenario.equals(SCENARIO)));
        List<LateRecord> late = late();
        assertEquals(1, late.size());
        assertEquals("daily", late.get(0).scenario);
        assertEquals(at("2024-01-19T00:00:00Z"), late.get(0).windowStart);

        send(record("100630", "CHN", "100", at("2024-01-21T06:00:00Z")));
        assertEquals(6, output().size(), "a record on time for both goes to both scenarios' keys");
        assertEquals(2, output().subList(2, 6).stream().filter(c -> c.scenarioIndex == 1 && c.scenario.equals(
                "daily")).count());
    }

    // ---- rejections ----

    @Test
    void noFxRateIsRejectedWithTheScenarioAndReason() throws Exception {
        CustomsRecord early = record("100630", "AZE", "25000", DEC_31_2023);
        early.currency = "PKR"; // the first PKR rate is from 2024-01-01
        send(early);

        assertTrue(output().isEmpty());
        List<RejectedRecord> rejected = rejected();
        assertEquals(1, rejected.size());
        RejectedRecord r = rejected.get(0);
        assertEquals(SCENARIO, r.scenario);
        assertEquals("no_fx_rate", r.reason);
        assertEquals(early.originalText, r.originalText);
        assertEquals(early.source, r.source);
        assertEquals(early.line, r.line);
        assertEquals(1, count("rejected.no_fx_rate"));
        assertEquals(0, count("accepted"));
    }

    @Test
    void noMfnRateIsRejectedWithTheScenarioAndReason() throws Exception {
        CustomsRecord cotton = record("520100", "AZE", "100", JAN_15); // no MFN row for 5201
        send(cotton);

        assertTrue(output().isEmpty());
        List<RejectedRecord> rejected = rejected();
        assertEquals(1, rejected.size());
        assertEquals(SCENARIO, rejected.get(0).scenario);
        assertEquals("no_mfn_rate", rejected.get(0).reason);
        assertEquals(cotton.originalText, rejected.get(0).originalText);
        assertEquals(1, count("rejected.no_mfn_rate"));
    }

    // ---- border taxes (economics.md §6) ----

    /**
     * The harness scenario with two PAK taxes: fed, 250 PKR per kg of rice (= 1 USD per kg at 0.004), on [quantity];
     * sales tax 18 % on [value, customs_duty, fed], chapters 10 and 63.
     */
    private Scenario taxedScenario() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("tariffs"));
        java.nio.file.Files.writeString(dir.resolve("tariffs/pak-fed.csv"),
                "hs_prefix,rate,unit,currency,valid_from,valid_to\n100630,250,kg,PKR,2024-01-01,\n");
        java.nio.file.Files.writeString(dir.resolve("tariffs/pak-sales-tax.csv"),
                "hs_prefix,rate,valid_from,valid_to\n10,18,2024-01-01,\n63,18,2024-01-01,\n");
        return HarnessFixtures.scenario(dir, "taxed.yaml", HarnessFixtures.scenarioYaml("0.5") + """
                taxes:
                  PAK:
                    - { name: fed, rates: tariffs/pak-fed.csv, base: [quantity] }
                    - { name: sales_tax, rates: tariffs/pak-sales-tax.csv, base: [value, customs_duty, fed] }
                """);
    }

    private void useTaxedScenario() throws Exception {
        harness.close();
        harness = HarnessFixtures.joinHarness(new ApplyScenarios(List.of(taxedScenario()), true, Duration.ofDays(1)));
    }

    private static CustomsRecord riceInKg(String kg) {
        CustomsRecord r = record("100630", "AZE", "100", JAN_15);
        r.quantity = new java.math.BigDecimal(kg);
        r.unit = "KG";
        return r;
    }

    @Test
    void aTaxedRecordCarriesEachTaxInTheThreeStatesAndWhatWasCollected() throws Exception {
        useTaxedScenario();
        CustomsRecord r = riceInKg("10");
        r.collectedTaxes = new String[] {"sales_tax"};
        r.collectedAmounts = new java.math.BigDecimal[] {new java.math.BigDecimal("22.5")};
        send(r);

        Map<String, ScenarioContribution> by = byBeneficiary(output());
        WindowSums aze = by.get("AZE").sums;
        // fed 10 kg × 1 USD = 10 in every state; sales tax 18 % of 100 + duty + 10:
        // at MFN (duty 20) 23.4; statutory and full preference (duty 15) 22.5.
        assertEquals(List.of(10 * USD, 23_400_000L), List.of(aze.taxAtMfn[0], aze.taxAtMfn[1]));
        assertEquals(List.of(10 * USD, 22_500_000L), List.of(aze.taxStatutory[0], aze.taxStatutory[1]));
        assertEquals(List.of(10 * USD, 22_500_000L), List.of(aze.taxFullPreference[0], aze.taxFullPreference[1]));
        assertEquals(List.of(0L, 22_500_000L), List.of(aze.taxCollected[0], aze.taxCollected[1]));
        assertEquals(List.of(0L, 1L), List.of(aze.taxCollectedRecords[0], aze.taxCollectedRecords[1]));
        WindowSums tur = by.get("TUR").sums;
        assertEquals(List.of(10 * USD, 23_400_000L), List.of(tur.othersTaxAtMfn[0], tur.othersTaxAtMfn[1]));
        // What the others' key's row reads (its contribution carries only the others' array).
        assertEquals(0, tur.withTaxCount(2).taxCollectedRecords[1], "collected counts for the beneficiary's key only");
    }

    @Test
    void aRecordWithoutTheSpecificTaxsQuantityIsRejectedNoTaxBase() throws Exception {
        useTaxedScenario();
        CustomsRecord noQuantity = record("100630", "AZE", "100", JAN_15);
        send(noQuantity);
        CustomsRecord tonnes = riceInKg("0.01");
        tonnes.unit = "t";
        send(tonnes);

        assertTrue(output().isEmpty());
        List<RejectedRecord> rejected = rejected();
        assertEquals(2, rejected.size());
        assertEquals("no_tax_base", rejected.get(0).reason);
        assertEquals(SCENARIO, rejected.get(0).scenario);
        assertEquals(noQuantity.originalText, rejected.get(0).originalText);
        assertTrue(rejected.get(0).message.contains("fed"), rejected.get(0).message);
        assertEquals("no_tax_base", rejected.get(1).reason);
        assertEquals(2, count("rejected.no_tax_base"));
        assertEquals(0, count("accepted"));

        // Linen has no specific tax in force, and a transit record carries no tax: both accepted without quantity.
        send(record("630260", "TUR", "50", JAN_15));
        CustomsRecord transit = record("100630", "AZE", "100", JAN_15);
        transit.procedure = Procedure.TRANSIT;
        send(transit);
        assertEquals(2, count("accepted"));
        assertEquals(2, count("rejected.no_tax_base"));
        // The same (declaration, item) with its quantity: the rejection claimed no key.
        CustomsRecord again = riceInKg("10");
        again.declarationId = noQuantity.declarationId;
        send(again);
        assertEquals(3, count("accepted"));
    }

    @Test
    void aTaxAmendmentAppliesToLaterRecordsOfItsTaxOnly() throws Exception {
        useTaxedScenario();
        amend("""
                {"scenario":"harness","kind":"tax","importer":"PAK","tax":"sales_tax","hs_prefix":"10","rate":17,
                 "from":"2024-01-01"}""");
        assertEquals(1, count("amendments_applied"));
        // A tax the scenario does not have is refused, not applied.
        amend("""
                {"scenario":"harness","kind":"tax","importer":"PAK","tax":"vat","hs_prefix":"10","rate":50,
                 "from":"2024-01-01"}""");
        assertEquals(1, count("amendments_refused"));
        send(riceInKg("10"));

        WindowSums aze = byBeneficiary(output()).get("AZE").sums;
        // 17 % of 130 = 22.1 at MFN; of 125 = 21.25 statutory; the fed keeps its own table (10).
        assertEquals(List.of(10 * USD, 22_100_000L), List.of(aze.taxAtMfn[0], aze.taxAtMfn[1]));
        assertEquals(21_250_000L, aze.taxStatutory[1]);
    }
}
