package org.ptaflow.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.flags.FlagFixtures.USD;
import static org.ptaflow.flags.FlagFixtures.at;
import static org.ptaflow.flags.FlagFixtures.imports;
import static org.ptaflow.flags.FlagFixtures.month;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.scenario.ScenarioException;

/**
 * Rule {@code partner_shift} over hand-built month totals of PAK's rice imports (parties PAK, AZE, TUR; CHN is not
 * one). Shares and averages are worked by hand in each test.
 */
class PartnerShiftTest {
    @TempDir
    Path dir;

    private PartnerShift rule(String flagsSection) throws ScenarioException {
        return new PartnerShift(FlagFixtures.scenario(dir, flagsSection));
    }

    /** Jan, Mar, Apr 2024 (no imports in Feb): AZE 100 and CHN 100 each month, so AZE's share is 0.5 each. */
    private static Map<Integer, Map<String, Long>> evenHistory() {
        Map<Integer, Map<String, Long>> byMonth = new HashMap<>();
        byMonth.put(month("2024-01"), imports("AZE", 100, "CHN", 100));
        byMonth.put(month("2024-03"), imports("AZE", 100, "CHN", 100));
        byMonth.put(month("2024-04"), imports("AZE", 100, "CHN", 100));
        return byMonth;
    }

    @Test
    void aJumpOfTheBeneficiarysShareWhileChinasFallsIsFlagged() throws ScenarioException {
        // May: AZE 750 of 1000 = 0.75; its average over the 3 months with imports (Feb has none) is 0.5; the jump
        // 0.25 exceeds 0.2. CHN: 0.25 against its average 0.5. Had Feb counted as a month with share 0, AZE's
        // average would be 0.375.
        Map<Integer, Map<String, Long>> byMonth = evenHistory();
        byMonth.put(month("2024-05"), imports("AZE", 750, "CHN", 250));
        List<Flag> flags = rule("").check("PAK", "100630", month("2024-05"), byMonth);
        assertEquals(1, flags.size());
        Flag f = flags.get(0);
        assertEquals(Flag.PARTNER_SHIFT, f.rule);
        assertEquals("flags", f.scenario);
        assertEquals(null, f.declarationId);
        assertEquals(0, f.itemNo);
        assertEquals(null, f.consignment);
        assertEquals(at("2024-05-01T00:00:00Z"), f.registeredAt);
        assertEquals("PAK", f.importer);
        assertEquals("AZE", f.origin);
        assertEquals("100630", f.hsCode);
        assertEquals(750 * USD, f.valueMicros);
        assertEquals("AZE share 0.75 against its average 0.5 over 3 months (jump 0.25 > 0.2); "
                + "CHN 0.25 below its average 0.5", f.detail);
    }

    @Test
    void aDecoyJumpBelowTheThresholdIsNotFlagged() throws ScenarioException {
        // May: AZE 650 of 1000 = 0.65, 0.15 above its average 0.5: under 0.2, though CHN fell.
        Map<Integer, Map<String, Long>> byMonth = evenHistory();
        byMonth.put(month("2024-05"), imports("AZE", 650, "CHN", 350));
        assertTrue(rule("").check("PAK", "100630", month("2024-05"), byMonth).isEmpty());
        // The same month with a scenario threshold of 0.1 is flagged.
        assertEquals(1, rule("flags: { share_jump: 0.1 }\n").check("PAK", "100630", month("2024-05"), byMonth)
                .size());
    }

    @Test
    void aJumpAtTheExpenseOfAnotherPartyAloneIsNotFlagged() throws ScenarioException {
        // History: AZE 100, TUR 100 (both parties). May: AZE 900, TUR 100: AZE's share 0.9 against 0.5, but no
        // non-party origin lost share: trade moved between partners, not deflected from a third country.
        Map<Integer, Map<String, Long>> byMonth = new HashMap<>();
        for (String m : List.of("2024-01", "2024-02", "2024-03")) {
            byMonth.put(month(m), imports("AZE", 100, "TUR", 100));
        }
        byMonth.put(month("2024-05"), imports("AZE", 900, "TUR", 100));
        assertTrue(rule("").check("PAK", "100630", month("2024-05"), byMonth).isEmpty());
    }

    @Test
    void anAverageNeedsThreeMonthsWithImportsAmongTheTwelveBefore() throws ScenarioException {
        // Apr 2023 is 13 months before May 2024: outside the history. With Mar and Apr 2024 only two months count.
        Map<Integer, Map<String, Long>> byMonth = new HashMap<>();
        byMonth.put(month("2023-04"), imports("AZE", 100, "CHN", 100));
        byMonth.put(month("2024-03"), imports("AZE", 100, "CHN", 100));
        byMonth.put(month("2024-04"), imports("AZE", 100, "CHN", 100));
        byMonth.put(month("2024-05"), imports("AZE", 900, "CHN", 100));
        PartnerShift rule = rule("");
        assertTrue(rule.check("PAK", "100630", month("2024-05"), byMonth).isEmpty());
        // May 2023 is 12 months before: the third month, and the same May is flagged (0.9 against 0.5).
        byMonth.put(month("2023-05"), imports("AZE", 100, "CHN", 100));
        List<Flag> flags = rule.check("PAK", "100630", month("2024-05"), byMonth);
        assertEquals(1, flags.size());
        assertTrue(flags.get(0).detail.startsWith("AZE share 0.9 against its average 0.5 over 3 months"),
                flags.get(0).detail);
    }

    @Test
    void aBeneficiaryAbsentFromTheHistoryCountsShareZeroThere() throws ScenarioException {
        // History: CHN alone (share 1) in Jan, Feb, Mar. May: AZE 300, CHN 700: AZE 0.3 against 0 (jump 0.3),
        // CHN 0.7 against 1. TUR, also PAK's beneficiary, did not ship: share 0 against 0, no flag for it.
        Map<Integer, Map<String, Long>> byMonth = new HashMap<>();
        for (String m : List.of("2024-01", "2024-02", "2024-03")) {
            byMonth.put(month(m), imports("CHN", 500));
        }
        byMonth.put(month("2024-05"), imports("AZE", 300, "CHN", 700));
        List<Flag> flags = rule("").check("PAK", "100630", month("2024-05"), byMonth);
        assertEquals(1, flags.size());
        assertEquals("AZE", flags.get(0).origin);
        assertEquals("AZE share 0.3 against its average 0 over 3 months (jump 0.3 > 0.2); CHN 0.7 below its "
                + "average 1", flags.get(0).detail);
    }

    @Test
    void aMonthWithoutImportsOfTheLineOrAnImporterWithoutBeneficiariesRaisesNothing() throws ScenarioException {
        Map<Integer, Map<String, Long>> byMonth = evenHistory();
        PartnerShift rule = rule("");
        assertTrue(rule.check("PAK", "100630", month("2024-05"), byMonth).isEmpty());
        byMonth.put(month("2024-05"), imports("AZE", 750, "CHN", 250));
        // IND is covered but grants no concession: no beneficiary whose share could jump.
        assertTrue(rule.check("IND", "100630", month("2024-05"), byMonth).isEmpty());
    }

    @Test
    void monthsAreCalendarMonthsInUtc() {
        assertEquals(month("2024-05"), PartnerShift.monthOf(at("2024-05-31T23:59:59.999Z")));
        assertEquals(month("2024-06"), PartnerShift.monthOf(at("2024-06-01T00:00:00Z")));
        assertEquals(month("2024-01") - 1, month("2023-12"));
        assertEquals(at("2024-02-01T00:00:00Z"), PartnerShift.monthStart(month("2024-02")));
        assertEquals(at("2024-02-29T23:59:59.999Z"), PartnerShift.monthEnd(month("2024-02")));
    }
}
