package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcessionRuleTest {
    private static final double EPS = 1e-6;

    @ParameterizedTest(name = "swiss 16: {0} -> {1}")
    @CsvSource({"3, 2.526316", "11, 6.518519", "16, 8", "20, 8.888889", "35, 10.980392"})
    void swissFormulaMatchesThePublishedChecks(double t0, double expected) {
        assertEquals(expected, new ConcessionRule.Swiss(16).fullCutRate(t0), EPS);
    }

    @Test
    void linearCutOfEightyPercentTakesTwentyToFour() {
        assertEquals(4, new ConcessionRule.ShareCut("linear_cut", 0.8).fullCutRate(20), EPS);
    }

    @Test
    void marginOfPreferenceHalvesTheMfnRate() {
        assertEquals(10, new ConcessionRule.ShareCut("margin_of_preference", 0.5).fullCutRate(20), EPS);
        assertEquals(0, new ConcessionRule.ShareCut("margin_of_preference", 1).fullCutRate(20), EPS);
    }

    @Test
    void newRateIgnoresTheMfnRate() {
        assertEquals(5, new ConcessionRule.NewRate(5).fullCutRate(20), EPS);
        assertEquals(5, new ConcessionRule.NewRate(5).fullCutRate(3), EPS, "the cap min(r, t0) is the scenario's");
    }

    @Test
    void maxRateOnlyLowersRatesAboveIt() {
        assertEquals(8, new ConcessionRule.MaxRate(8).fullCutRate(20), EPS);
        assertEquals(3, new ConcessionRule.MaxRate(8).fullCutRate(3), EPS);
    }

    @Test
    void swissWithAnotherCoefficient() {
        // a = 10, t0 = 10: 100 / 20 = 5
        assertEquals(5, new ConcessionRule.Swiss(10).fullCutRate(10), EPS);
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConcessionRule.NewRate(-1));
        assertThrows(IllegalArgumentException.class, () -> new ConcessionRule.MaxRate(-0.5));
        assertThrows(IllegalArgumentException.class, () -> new ConcessionRule.ShareCut("linear_cut", 1.2));
        assertThrows(IllegalArgumentException.class, () -> new ConcessionRule.ShareCut("margin_of_preference", -0.1));
        assertThrows(IllegalArgumentException.class, () -> new ConcessionRule.Swiss(0));
        assertThrows(IllegalArgumentException.class, () -> new ConcessionRule.ShareCut("linear_cut", Double.NaN));
    }
}
