package org.ptaflow.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ptaflow.pipeline.RunCounters;

/**
 * The summary's per-source accounting from hand-made counter values: two sources, one scenario. Each source's
 * counts must add up to its own read, and the sources' reads to the run's; a count lost in one source shows as
 * {@code reconciles: false} even where the run's totals alone would still add up.
 */
class RunSummaryTest {
    private static final List<String> IDS = List.of("pta");

    /** a.csv: 10 read = 6 accepted + 1 malformed + 2 duplicates + 1 out of scope; b.jsonl: 5 read = 3 accepted + 2 no_fx_rate. */
    private static Map<String, Object> counters() {
        Map<String, Object> acc = new HashMap<>();
        put(acc, "a.csv", "read", 10);
        put(acc, "a.csv", "rejected.malformed", 1);
        put(acc, "a.csv", "scenario.pta.accepted", 6);
        put(acc, "a.csv", "scenario.pta.duplicates", 2);
        put(acc, "a.csv", "scenario.pta.out_of_scope", 1);
        put(acc, "b.jsonl", "read", 5);
        put(acc, "b.jsonl", "scenario.pta.accepted", 3);
        put(acc, "b.jsonl", "scenario.pta.rejected.no_fx_rate", 2);
        acc.put(RunCounters.MAX_EVENT_TIME, 42L);
        acc.put("collect sink accumulator", new byte[] {1, 2}); // not a count: ignored
        return acc;
    }

    /** A source's count, and the run's total of the same count beside it (as RunCounters keeps both). */
    private static void put(Map<String, Object> acc, String source, String count, long n) {
        acc.put(RunCounters.sourceCountName(source, count), n);
        acc.merge(count, n, (x, y) -> (Long) x + (Long) y);
    }

    @Test
    void eachSourceAndTheRunAddUp() {
        RunSummary s = RunSummary.fromAccumulators(counters(), IDS);
        assertEquals(15, s.read);
        assertEquals(9, s.scenarios.get("pta").accepted);
        assertEquals(3, s.scenarios.get("pta").rejectedTotal());
        assertEquals(List.of("a.csv", "b.jsonl"), List.copyOf(s.sources.keySet()));
        RunSummary a = s.sources.get("a.csv");
        assertEquals(10, a.read);
        assertEquals(Map.of("malformed", 1L), a.rejectedByParser);
        assertEquals(6, a.scenarios.get("pta").accepted);
        assertEquals(1, a.scenarios.get("pta").rejectedTotal());
        RunSummary b = s.sources.get("b.jsonl");
        assertEquals(5, b.read);
        assertEquals(Map.of("no_fx_rate", 2L), b.scenarios.get("pta").rejected);
        assertEquals(42L, s.maxEventTime);
        assertTrue(s.reconciles());

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> json = (Map<String, Map<String, Object>>) s.toJson().get("sources");
        assertEquals(5L, json.get("b.jsonl").get("read"));
        assertEquals(true, json.get("b.jsonl").get("reconciles"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> bScenarios = (Map<String, Map<String, Object>>) json.get("b.jsonl").get("scenarios");
        assertEquals(2L, bScenarios.get("pta").get("rejected_by_scenario"));
        assertEquals(0L, bScenarios.get("pta").get("unaccounted"));
    }

    @Test
    void aRecordLostInOneSourceShowsEvenWhenTheTotalsAddUp() {
        Map<String, Object> acc = counters();
        // One record moved from b's accepted to a's: the totals still add up, the sources do not.
        acc.put(RunCounters.sourceCountName("a.csv", "scenario.pta.accepted"), 7L);
        acc.put(RunCounters.sourceCountName("b.jsonl", "scenario.pta.accepted"), 2L);
        RunSummary s = RunSummary.fromAccumulators(acc, IDS);
        assertEquals(s.read, s.scenarios.get("pta").accountedFor(), "the totals alone add up");
        assertFalse(s.sources.get("a.csv").reconciles());
        assertFalse(s.reconciles());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> json = (Map<String, Map<String, Object>>) s.toJson().get("sources");
        assertEquals(false, json.get("b.jsonl").get("reconciles"));
    }

    @Test
    void sourcesThatDoNotAddUpToTheRunsReadDoNotReconcile() {
        Map<String, Object> acc = counters();
        acc.put(RunCounters.READ, 16L);
        acc.put("scenario.pta.accepted", 10L); // the run's own identity holds: 16 = 10 + 3 + 2 + 1
        RunSummary s = RunSummary.fromAccumulators(acc, IDS);
        assertEquals(s.read, s.scenarios.get("pta").accountedFor());
        assertTrue(s.sources.values().stream().allMatch(RunSummary::reconciles));
        assertFalse(s.reconciles(), "15 read in the sources, 16 in all");
    }

    @Test
    void sourceNamesMayHoldBracketsAndDots() {
        String name = "extract [2025].v2].csv";
        String[] split = RunCounters.splitSourceCountName(RunCounters.sourceCountName(name, "scenario.pta.late"));
        assertEquals(name, split[0]);
        assertEquals("scenario.pta.late", split[1]);
        assertEquals(null, RunCounters.splitSourceCountName("scenario.pta.late"));
    }

    @Test
    void theIdentityNamesNoTaxBaseForARunWithBorderTaxesWhateverItsData() {
        RunSummary without = RunSummary.fromAccumulators(counters(), IDS);
        assertEquals(RunSummary.IDENTITY, without.toJson().get("identity"), "a run without taxes: as before");

        // The same counts (no record rejected for its tax base) in a run whose scenario has taxes.
        RunSummary taxedNoRejection = RunSummary.fromAccumulators(counters(), IDS).withBorderTaxes(true);
        assertTrue(((String) taxedNoRejection.toJson().get("identity"))
                .contains("no_fx_rate, no_mfn_rate, no_tax_base of"));

        Map<String, Object> acc = counters();
        // One more record read from b.jsonl (its count 5 → 6, the run's 15 → 16), rejected for its tax base.
        acc.put(RunCounters.sourceCountName("b.jsonl", "read"), 6L);
        acc.merge("read", 1L, (x, y) -> (Long) x + (Long) y);
        put(acc, "b.jsonl", "scenario.pta.rejected.no_tax_base", 1);
        RunSummary with = RunSummary.fromAccumulators(acc, IDS).withBorderTaxes(true);
        assertEquals(taxedNoRejection.toJson().get("identity"), with.toJson().get("identity"));
        assertTrue(with.reconciles(), "6 read in b.jsonl = 3 accepted + 2 no_fx_rate + 1 no_tax_base");
    }

    @Test
    void theIdentityNamesNoQuotaUnitForARunWithQuotas() {
        Map<String, Object> acc = counters();
        acc.put(RunCounters.sourceCountName("b.jsonl", "read"), 6L);
        acc.merge("read", 1L, (x, y) -> (Long) x + (Long) y);
        put(acc, "b.jsonl", "scenario.pta.rejected.no_quota_unit", 1);
        RunSummary with = RunSummary.fromAccumulators(acc, IDS).withBorderTaxes(true).withQuotas(true);
        assertTrue(((String) with.toJson().get("identity"))
                .contains("(no_fx_rate, no_mfn_rate, no_tax_base, no_quota_unit of that scenario's tables)"));
        assertTrue(with.reconciles(), "6 read in b.jsonl = 3 accepted + 2 no_fx_rate + 1 no_quota_unit");
    }
}
