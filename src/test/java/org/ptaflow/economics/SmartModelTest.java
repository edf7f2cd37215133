package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The worked cases A–D of economics.md §4, utilisation, and the edges of trade diversion. */
class SmartModelTest {

    private static final double TOLERANCE = 1e-6;

    /** Case A: Mk = 10, MK = 90, t0 = 20 % both, t1k = 0, εm = −1.5, σ = 1.5, εx = 99, u = 1. */
    private static SmartEstimate caseA(double em, double sigma, double ex, double u) {
        return SmartModel.estimate(10, 90, 0.20, 0.0, 0.20, u, em, sigma, ex);
    }

    @Test
    void caseAGivesThePublishedNumbers() {
        SmartEstimate e = caseA(-1.5, 1.5, 99, 1);
        assertEquals(2.5, e.tradeCreation(), TOLERANCE);
        assertEquals(2.1951220, e.tradeDiversion(), TOLERANCE);
        assertEquals(2.5 + 2.1951220, e.tradeEffect(), TOLERANCE);
        assertEquals(14.6951220, 10 + e.tradeEffect(), TOLERANCE, "M1k = Mk + TC + TD");
        assertEquals(87.8048780, 90 - e.tradeDiversion(), TOLERANCE, "M1K = MK − TD");
        assertEquals(17.5609756 - 20, e.revenueChange(), TOLERANCE, "ΔTR = TR1 − TR0");
        assertEquals(-2.4390244, e.revenueChange(), TOLERANCE);
        assertEquals(0.25, e.welfare(), TOLERANCE);
    }

    @Test
    void caseARelativePriceChangeIsMinusOneSixth() {
        // x = −1/6, g = σ/6 = 0.25: TD = 10 × 90 × 0.25 / (100 + 2.5) = 225 / 102.5.
        assertEquals(225 / 102.5, caseA(-1.5, 1.5, 99, 1).tradeDiversion(), 1e-12);
    }

    @Test
    void caseBFiniteExportSupplyDampsTradeCreation() {
        // 2.5 / (1 − (−1.5 / 5)) = 2.5 / 1.3
        assertEquals(1.9230769, caseA(-1.5, 1.5, 5, 1).tradeCreation(), TOLERANCE);
    }

    @Test
    void caseCDoublingImportDemandElasticityDoublesTradeCreation() {
        assertEquals(5, caseA(-3, 1.5, 99, 1).tradeCreation(), TOLERANCE);
    }

    @Test
    void caseDDiversionGrowsWithSubstitutionElasticityButStaysBelowOthersImports() {
        assertEquals(4.2857143, caseA(-1.5, 3, 99, 1).tradeDiversion(), TOLERANCE);
        assertEquals(18, caseA(-1.5, 15, 99, 1).tradeDiversion(), TOLERANCE);
        assertEquals(64.2857143, caseA(-1.5, 150, 99, 1).tradeDiversion(), TOLERANCE);
        assertTrue(caseA(-1.5, 1e9, 99, 1).tradeDiversion() <= 90);
    }

    @Test
    void zeroUtilisationChangesNothing() {
        SmartEstimate e = caseA(-1.5, 1.5, 99, 0);
        assertEquals(0, e.tradeCreation(), 0);
        assertEquals(0, e.tradeDiversion(), 0);
        assertEquals(0, e.revenueChange(), 1e-12);
        assertEquals(0, e.welfare(), 0);
    }

    @Test
    void halfUtilisationHalvesTheRateCut() {
        // t1k_eff = 0.10; TC = −1.5 × 10 × (−0.10) / 1.2 = 1.25; x = 1.1/1.2 − 1 = −1/12, g = 0.125,
        // TD = 900 × 0.125 / 101.25 = 1.1111111; TR1 = 0.1 × (10 + 1.25 + 1.1111111) + 0.2 × (90 − 1.1111111)
        // = 1.2361111 + 17.7777778 = 19.0138889; W = ½ × 0.1 × 1.25 = 0.0625.
        SmartEstimate e = caseA(-1.5, 1.5, 99, 0.5);
        assertEquals(1.25, e.tradeCreation(), TOLERANCE);
        assertEquals(1.1111111, e.tradeDiversion(), TOLERANCE);
        assertEquals(19.0138889 - 20, e.revenueChange(), TOLERANCE);
        assertEquals(0.0625, e.welfare(), TOLERANCE);
    }

    @Test
    void noOthersMeansNoDiversion() {
        SmartEstimate e = SmartModel.estimate(10, 0, 0.20, 0, 0, 1, -1.5, 1.5, 99);
        assertEquals(0, e.tradeDiversion(), 0);
        assertEquals(2.5, e.tradeCreation(), TOLERANCE);
        // TR0 = 2, TR1 = 0: ΔTR = −2.
        assertEquals(-2, e.revenueChange(), TOLERANCE);
    }

    @Test
    void noBeneficiaryImportsMeansNoEffect() {
        SmartEstimate e = SmartModel.estimate(0, 90, 0.20, 0, 0.20, 1, -1.5, 1.5, 99);
        assertEquals(0, e.tradeCreation(), 0);
        assertEquals(0, e.tradeDiversion(), 0);
        assertEquals(0, e.revenueChange(), 1e-12);
    }

    @Test
    void diversionAwayFromTheBeneficiaryNeverExceedsItsImports() {
        // A rate rise from 0 to 100 % with σ = 10: x = 1, g = −10 floored at −1, so TD = −Mk.
        SmartEstimate e = SmartModel.estimate(10, 90, 0.0, 1.0, 0.0, 1, -1.5, 10, 99);
        assertEquals(-10, e.tradeDiversion(), 1e-12);
    }

    @Test
    void windowSumsFeedTheModelAsValueWeightedRates() {
        // Case A from records: beneficiary 10 USD at MFN 20 with a full cut to 0, others 90 USD at MFN 20.
        WindowSums sums = WindowSums.ofBeneficiaryRecord(10_000_000L, 20, 0, false);
        sums.add(WindowSums.ofOthersRecord(90_000_000L, 20));
        SmartEstimate e = SmartModel.estimate(sums, 1, -1.5, 1.5, 99);
        assertEquals(2.5, e.tradeCreation(), TOLERANCE);
        assertEquals(2.1951220, e.tradeDiversion(), TOLERANCE);
        assertEquals(-2.4390244, e.revenueChange(), TOLERANCE);
    }

    @Test
    void impossibleParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> caseA(0.5, 1.5, 99, 1));   // εm > 0
        assertThrows(IllegalArgumentException.class, () -> caseA(-1.5, -1, 99, 1));   // σ < 0
        assertThrows(IllegalArgumentException.class, () -> caseA(-1.5, 1.5, 0, 1));   // εx = 0
        assertThrows(IllegalArgumentException.class, () -> caseA(-1.5, 1.5, 99, 1.2)); // u > 1
        assertThrows(IllegalArgumentException.class, () -> caseA(Double.NaN, 1.5, 99, 1));
    }

    @Test
    void estimateIsSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SmartEstimate.class);
    }
}
