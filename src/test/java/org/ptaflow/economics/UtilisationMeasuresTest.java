package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The utilisation worked case of economics.md §3 and the empty-ratio rule. */
class UtilisationMeasuresTest {

    private static final double NO_CONCESSION = Double.NaN;

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
    void workedCaseGivesTheRatiosOfSection3() {
        UtilisationMeasures m = UtilisationMeasures.of(workedCase());
        assertEquals(0.857143, m.coverage().getAsDouble(), 1e-6);
        assertEquals(0.75, m.utilisation().getAsDouble(), 1e-12);
        assertEquals(0.642857, m.utility().getAsDouble(), 1e-6);
    }

    @Test
    void workedCaseGivesTheRevenueOfSection3() {
        WindowSums sums = workedCase();
        UtilisationMeasures m = UtilisationMeasures.of(sums);
        assertEquals(usd(75), m.revenueForgone());
        assertEquals(usd(100), m.potentialSaving());
        assertEquals(usd(25), m.unusedSaving());
        assertEquals(usd(56), sums.dutyStatutory);
        assertEquals(usd(131), sums.dutyAtMfn);
    }

    @Test
    void workedCaseGivesValueWeightedMfnAndScenarioRates() {
        // t0 = 131 / 1000 = 13.1 %. t1 per record: rice 0 + 0, linen 150×10% + 50×10%, urea 0, instruments 11 = 31 → 3.1 %.
        WindowSums sums = workedCase();
        assertEquals(usd(31), sums.dutyAtScenarioRate);
        assertEquals(13.1, sums.t0Percent().getAsDouble(), 1e-12);
        assertEquals(3.1, sums.t1Percent().getAsDouble(), 1e-12);
    }

    @Test
    void ratioWithZeroDenominatorIsEmptyNotZero() {
        // Only a zero-MFN record: nothing dutiable, nothing eligible.
        WindowSums sums = WindowSums.ofBeneficiaryRecord(usd(300), 0, NO_CONCESSION, false);
        UtilisationMeasures m = UtilisationMeasures.of(sums);
        assertTrue(m.coverage().isEmpty());
        assertTrue(m.utilisation().isEmpty());
        assertTrue(m.utility().isEmpty());
        assertEquals(0L, m.unusedSaving());
    }

    @Test
    void dutiableButNothingEligibleHasZeroCoverageAndNoUtilisation() {
        UtilisationMeasures m = UtilisationMeasures.of(WindowSums.ofBeneficiaryRecord(usd(100), 11, NO_CONCESSION, false));
        assertEquals(0.0, m.coverage().getAsDouble());
        assertEquals(0.0, m.utility().getAsDouble());
        assertFalse(m.utilisation().isPresent());
    }
}
