package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class WindowSumsTest {

    private static final double NO_CONCESSION = Double.NaN;
    private static final long HUNDRED_USD = 100_000_000L;

    @Test
    void claimedRecordOnACutLinePaysThePreferentialRate() {
        WindowSums s = WindowSums.ofBeneficiaryRecord(HUNDRED_USD, 20, 5, true);
        assertEquals(1, s.records);
        assertEquals(HUNDRED_USD, s.dutiableValue);
        assertEquals(HUNDRED_USD, s.eligibleValue);
        assertEquals(HUNDRED_USD, s.preferentialValue);
        assertEquals(20_000_000L, s.dutyAtMfn);
        assertEquals(5_000_000L, s.dutyStatutory);
        assertEquals(5_000_000L, s.dutyAtScenarioRate);
        assertEquals(15_000_000L, s.potentialSaving);
        assertEquals(15_000_000L, s.revenueForgone());
    }

    @Test
    void unclaimedEligibleRecordPaysMfnButHasItsScenarioRateAndPotentialSaving() {
        WindowSums s = WindowSums.ofBeneficiaryRecord(HUNDRED_USD, 20, 5, false);
        assertEquals(HUNDRED_USD, s.eligibleValue);
        assertEquals(0L, s.preferentialValue);
        assertEquals(20_000_000L, s.dutyStatutory);
        assertEquals(5_000_000L, s.dutyAtScenarioRate);
        assertEquals(15_000_000L, s.potentialSaving);
        assertEquals(0L, s.revenueForgone());
    }

    @Test
    void concessionNoBetterThanMfnIsNotEligibleAndKeepsMfnAsScenarioRate() {
        WindowSums s = WindowSums.ofBeneficiaryRecord(HUNDRED_USD, 10, 12, true);
        assertEquals(HUNDRED_USD, s.dutiableValue);
        assertEquals(0L, s.eligibleValue);
        assertEquals(0L, s.preferentialValue);
        assertEquals(10_000_000L, s.dutyStatutory);
        assertEquals(10_000_000L, s.dutyAtScenarioRate);   // t1 = min(pref, mfn) = mfn
        assertEquals(0L, s.potentialSaving);
    }

    @Test
    void lineWithoutConcessionHasMfnAsScenarioRate() {
        WindowSums s = WindowSums.ofBeneficiaryRecord(HUNDRED_USD, 11, NO_CONCESSION, true);
        assertEquals(0L, s.eligibleValue);
        assertEquals(11_000_000L, s.dutyAtScenarioRate);
        assertEquals(11_000_000L, s.dutyStatutory);
    }

    @Test
    void othersRecordCountsOnlyInOthersValueAndDuty() {
        WindowSums s = WindowSums.ofOthersRecord(HUNDRED_USD, 20);
        WindowSums expected = new WindowSums();
        expected.valueOthers = HUNDRED_USD;
        expected.othersDutyAtMfn = 20_000_000L;
        assertEquals(expected, s);
        assertEquals(0.20, s.othersT0(), 1e-12);
        assertTrue(Double.isNaN(s.t0k()), "no beneficiary imports: no t0k");
    }

    @Test
    void addDoesNotChangeItsArgumentAndCopyIsIndependent() {
        WindowSums a = WindowSums.ofBeneficiaryRecord(HUNDRED_USD, 20, 5, true);
        WindowSums b = WindowSums.ofOthersRecord(HUNDRED_USD, 20);
        WindowSums bBefore = b.copy();
        WindowSums aCopy = a.copy();
        assertNotSame(a, aCopy);
        assertEquals(a, aCopy);
        a.add(b);
        assertEquals(bBefore, b);
        assertEquals(HUNDRED_USD, aCopy.valueBeneficiary);
        assertEquals(0L, aCopy.valueOthers);
        assertEquals(HUNDRED_USD, a.valueOthers);
    }

    @Test
    void overflowIsAnErrorNotAWrapAround() {
        WindowSums a = new WindowSums();
        a.valueBeneficiary = Long.MAX_VALUE;
        WindowSums b = WindowSums.ofBeneficiaryRecord(1L, 0, NO_CONCESSION, false);
        assertThrows(ArithmeticException.class, () -> a.add(b));
    }

    @Test
    void undefinedMfnRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WindowSums.ofBeneficiaryRecord(1L, Double.NaN, 0, true));
        assertThrows(IllegalArgumentException.class, () -> WindowSums.ofOthersRecord(1L, -5));
    }

    @Test
    void isSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowSums.class);
    }

    // ---- merge order ------------------------------------------------------------------------------------------

    /** Rates of economics.md §2 checks (Swiss a=16) and a computed Swiss rate with a long binary expansion. */
    private static final double[] RATES = {0, 3, 2.526316, 48.0 / 19.0, 11, 6.518519, 8.888889, 10.980392, 20, 35};

    private record Generated(List<WindowSums> parts, BigDecimal beneficiaryUsd, BigDecimal exactDutyAtMfnUsd) {}

    /** ~1,000 records with awkward values: amounts × FX rates like 1/3 and 0.1, rates like 2.526316. */
    private static Generated awkwardRecords() {
        Random random = new Random(20240301L);
        BigDecimal[] fx = {
            BigDecimal.ONE.divide(BigDecimal.valueOf(3), 10, RoundingMode.HALF_EVEN),   // 0.3333333333
            new BigDecimal("0.1"),
            new BigDecimal("0.0035714286"),                                           // PKR → USD-like
            new BigDecimal("1.7"),
            BigDecimal.ONE.divide(BigDecimal.valueOf(7), MathContext.DECIMAL64),
        };
        List<WindowSums> parts = new ArrayList<>();
        BigDecimal beneficiary = BigDecimal.ZERO;
        BigDecimal exactDuty = BigDecimal.ZERO;
        for (int i = 0; i < 1_000; i++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(10_000_000) + 1, 2).add(new BigDecimal("0.1"));
            BigDecimal usd = amount.multiply(fx[random.nextInt(fx.length)]);
            long micros = Money.toMicros(usd);
            double mfn = RATES[random.nextInt(RATES.length)];
            if (random.nextInt(4) == 0) {
                parts.add(WindowSums.ofOthersRecord(micros, mfn));
                continue;
            }
            double pref = switch (random.nextInt(4)) {
                case 0 -> NO_CONCESSION;
                case 1 -> 0;
                case 2 -> mfn * (1 - 0.35);      // margin of preference 35 %
                default -> 16 * mfn / (16 + mfn); // Swiss a = 16
            };
            parts.add(WindowSums.ofBeneficiaryRecord(micros, mfn, pref, random.nextBoolean()));
            BigDecimal usdRounded = usd.setScale(6, RoundingMode.HALF_EVEN);
            beneficiary = beneficiary.add(usdRounded);
            exactDuty = exactDuty.add(usdRounded.multiply(BigDecimal.valueOf(mfn)).divide(BigDecimal.valueOf(100)));
        }
        return new Generated(parts, beneficiary, exactDuty);
    }

    private static WindowSums sequential(List<WindowSums> parts) {
        WindowSums acc = new WindowSums();
        for (WindowSums p : parts) {
            acc.add(p);
        }
        return acc;
    }

    /** Merges like a parallel stream: split in two at an uneven point, merge each half, then merge the halves. */
    private static WindowSums tree(List<WindowSums> parts, int from, int to) {
        if (to - from == 1) {
            return parts.get(from).copy();
        }
        int mid = from + Math.max(1, (to - from) / 3);
        WindowSums right = tree(parts, mid, to);
        WindowSums left = tree(parts, from, mid);
        right.add(left);   // right first: merge order differs from arrival order
        return right;
    }

    /** Splits into k interleaved partitions (like a keyBy over k subtasks), sums each, merges partials in reverse. */
    private static WindowSums partitioned(List<WindowSums> parts, int k) {
        List<WindowSums> partials = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            partials.add(new WindowSums());
        }
        for (int i = 0; i < parts.size(); i++) {
            partials.get(i % k).add(parts.get(i));
        }
        Collections.reverse(partials);
        return sequential(partials);
    }

    @Test
    void sumsAreIdenticalWhateverTheMergeOrder() {
        Generated g = awkwardRecords();
        WindowSums expected = sequential(g.parts());

        List<WindowSums> shuffled = new ArrayList<>(g.parts());
        Collections.shuffle(shuffled, new Random(7L));
        List<WindowSums> reversed = new ArrayList<>(g.parts());
        Collections.reverse(reversed);

        assertEquals(expected, sequential(shuffled));
        assertEquals(expected, sequential(reversed));
        assertEquals(expected, tree(g.parts(), 0, g.parts().size()));
        assertEquals(expected, tree(shuffled, 0, shuffled.size()));
        for (int k : new int[] {2, 3, 7, 16, 128}) {
            assertEquals(expected, partitioned(g.parts(), k), "k = " + k);
            assertEquals(expected, partitioned(shuffled, k), "shuffled, k = " + k);
        }
    }

    @Test
    void mergedBeneficiaryValueEqualsAnIndependentDecimalSum() {
        Generated g = awkwardRecords();
        WindowSums merged = tree(g.parts(), 0, g.parts().size());
        assertEquals(0, g.beneficiaryUsd().compareTo(Money.toUsd(merged.valueBeneficiary)),
                () -> g.beneficiaryUsd() + " vs " + Money.format(merged.valueBeneficiary));
    }

    @Test
    void mergedDutyIsWithinHalfAMicroPerRecordOfTheExactDecimalDuty() {
        Generated g = awkwardRecords();
        WindowSums merged = sequential(g.parts());
        BigDecimal error = Money.toUsd(merged.dutyAtMfn).subtract(g.exactDutyAtMfnUsd()).abs();
        BigDecimal bound = BigDecimal.valueOf(merged.records).multiply(new BigDecimal("0.0000005"));
        assertTrue(error.compareTo(bound) <= 0, () -> "rounding error " + error + " exceeds " + bound);
        // The bound is per beneficiary record, so it must count each of them once: the generator's own count.
        assertEquals(g.parts().stream().filter(p -> p.valueOthers == 0).count(), merged.records);
    }

    // ---- the worked case of economics.md §3 ----

    private static long usd(long amount) {
        return Money.toMicros(BigDecimal.valueOf(amount));
    }

    /**
     * Rice 100630 MFN 20 pref 0: 400, of which 300 claim; linen 630260 MFN 20 pref 10: 200, of which 150 claim;
     * urea 310210 MFN 0: 300; instruments 901890 MFN 11, no concession: 100.
     */
    private static WindowSums workedCase() {
        WindowSums sums = new WindowSums();
        sums.add(WindowSums.ofBeneficiaryRecord(usd(300), 20, 0, true));    // rice, claimed
        sums.add(WindowSums.ofBeneficiaryRecord(usd(100), 20, 0, false));   // rice, not claimed
        sums.add(WindowSums.ofBeneficiaryRecord(usd(150), 20, 10, true));   // linen, claimed
        sums.add(WindowSums.ofBeneficiaryRecord(usd(50), 20, 10, false));   // linen, not claimed
        sums.add(WindowSums.ofBeneficiaryRecord(usd(300), 0, NO_CONCESSION, false)); // urea
        sums.add(WindowSums.ofBeneficiaryRecord(usd(100), 11, NO_CONCESSION, false)); // instruments
        return sums;
    }

    @Test
    void workedCaseGivesTheValuesOfSection3() {
        WindowSums sums = workedCase();
        assertEquals(6, sums.records);
        assertEquals(usd(1000), sums.valueBeneficiary);
        assertEquals(usd(700), sums.dutiableValue);
        assertEquals(usd(600), sums.eligibleValue);
        assertEquals(usd(450), sums.preferentialValue);
    }

    @Test
    void workedCaseHasThreeQuartersUtilisation() {
        assertEquals(0.75, workedCase().utilisation(), 1e-12); // R / E = 450 / 600
    }

    @Test
    void workedCaseGivesTheRevenueOfSection3() {
        WindowSums sums = workedCase();
        assertEquals(usd(75), sums.revenueForgone());
        assertEquals(usd(100), sums.potentialSaving);
        assertEquals(usd(56), sums.dutyStatutory);
        assertEquals(usd(131), sums.dutyAtMfn);
    }

    @Test
    void workedCaseGivesValueWeightedMfnAndScenarioRates() {
        // t0 = 131 / 1000 = 13.1 %. t1 per record: rice 0 + 0, linen 150×10% + 50×10%, urea 0, instruments 11 = 31 → 3.1 %.
        WindowSums sums = workedCase();
        assertEquals(usd(31), sums.dutyAtScenarioRate);
        assertEquals(0.131, sums.t0k(), 1e-12);
        assertEquals(0.031, sums.t1k(), 1e-12);
        assertEquals(13.1, sums.t0Percent(), 1e-12);
        assertEquals(3.1, sums.t1Percent(), 1e-12);
    }

    @Test
    void utilisationWithNothingEligibleIsEmptyNotZero() {
        // Dutiable (MFN 11) but no concession: nothing eligible, so no utilisation rate at all.
        assertTrue(Double.isNaN(WindowSums.ofBeneficiaryRecord(usd(100), 11, NO_CONCESSION, false).utilisation()));
        // Only a zero-MFN record: nothing dutiable either.
        assertTrue(Double.isNaN(WindowSums.ofBeneficiaryRecord(usd(300), 0, NO_CONCESSION, false).utilisation()));
    }

    @Test
    void utilisationOfSummedValuesIsTheirRatio() {
        assertEquals(0.25, WindowSums.utilisation(usd(150), usd(600)), 1e-12);
        assertTrue(Double.isNaN(WindowSums.utilisation(0, 0)));
    }

    @Test
    void taxSumsAddElementWiseAndNullTakesACopy() {
        WindowSums a = WindowSums.ofOthersRecord(HUNDRED_USD, 20);
        WindowSums b = WindowSums.ofOthersRecord(HUNDRED_USD, 20);
        b.othersTaxAtMfn = new long[] {3, 5};
        b.dutyCollected = 7;
        b.dutyCollectedRecords = 1;
        a.add(b);
        assertArrayEquals(new long[] {3, 5}, a.othersTaxAtMfn);
        assertTrue(a.othersTaxAtMfn != b.othersTaxAtMfn, "a copy: adding more to a leaves b alone");
        a.add(b);
        assertArrayEquals(new long[] {6, 10}, a.othersTaxAtMfn);
        assertArrayEquals(new long[] {3, 5}, b.othersTaxAtMfn);
        assertEquals(14, a.dutyCollected);
        assertEquals(2, a.dutyCollectedRecords);
        assertEquals(null, a.taxAtMfn, "null stays null when nothing adds to it");
        WindowSums three = new WindowSums();
        three.othersTaxAtMfn = new long[3];
        assertThrows(IllegalArgumentException.class, () -> a.add(three));
    }

    @Test
    void sumsWithoutTaxArraysReadAsZeroTaxesAndAChangedTaxListIsRefused() {
        // Sums restored from before the scenario listed taxes: zeros for each of its taxes.
        WindowSums old = WindowSums.ofOthersRecord(100_000_000, 20);
        WindowSums widened = old.withTaxCount(2);
        assertArrayEquals(new long[] {0, 0}, widened.taxAtMfn);
        assertArrayEquals(new long[] {0, 0}, widened.othersTaxAtMfn);
        assertEquals(old.othersDutyAtMfn, widened.othersDutyAtMfn);
        assertNull(old.taxAtMfn, "the window's own sums are left as they are");
        // Sums of two taxes for an importer that now lists three cannot be mapped.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> widened.withTaxCount(3));
        assertTrue(e.getMessage().contains("changed across a savepoint"), e.getMessage());
    }
}
