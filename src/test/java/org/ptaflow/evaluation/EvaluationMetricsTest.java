package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.evaluation.EvaluationFixtures.line;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three-line case of issue 15, computed by hand.
 *
 * <pre>
 * line     base  halves   outcome  realised r  model p  band       trend t = 4 × (second − first)
 * A 100630  100  40 / 60    160       +60        30    [20, 70]   4 × 20  = +80
 * B 520100  200  105 / 95   170       −30         0    [−10, 10]  4 × −10 = −40
 * C 310210  300  150 / 150  330       +30        40    [30, 50]   0
 * </pre>
 *
 * Weights are the base values, 100 : 200 : 300, i.e. 1/6, 2/6, 3/6.
 */
class EvaluationMetricsTest {
    private static final double EXACT = 1e-9;

    private static final List<EvaluatedLine> THREE = List.of(
            line("100630", 100, 40, 60, 160, 30, 20, 70),
            line("520100", 200, 105, 95, 170, 0, -10, 10),
            line("310210", 300, 150, 150, 330, 40, 30, 50));

    @Test
    void theLinesAreWhatTheTableSays() {
        assertEquals(List.of(60.0, -30.0, 30.0), THREE.stream().map(EvaluatedLine::realised).toList());
        assertEquals(List.of(80.0, -40.0, 0.0), THREE.stream().map(EvaluatedLine::trend).toList());
    }

    /**
     * Model. Weighted means: p̄ = (30 + 2 × 0 + 3 × 40) / 6 = 25, r̄ = (60 − 60 + 90) / 6 = 15.
     * Deviations p − p̄ = (5, −25, 15), r − r̄ = (45, −45, 15).
     * var p = (25 + 2 × 625 + 3 × 225) / 6 = 1950 / 6 = 325; var r = (2025 + 2 × 2025 + 3 × 225) / 6 = 1125;
     * cov = (5 × 45 + 2 × 25 × 45 + 3 × 15 × 15) / 6 = (225 + 2250 + 675) / 6 = 525.
     * Correlation 525 / √(325 × 1125) = 21 / √585 = 0.868243; slope 525 / 325 = 21 / 13 = 1.615385.
     * Errors p − r = (−30, 30, 10): MAE 70 / 3, RMSE √(1900 / 3).
     * Signs: A + +, B 0 against −: a miss (0 is a sign of its own), C + +: 2 of 3.
     * Bands: 60 in [20, 70], −30 not in [−10, 10], 30 in [30, 50] (the bound counts): 2 of 3.
     */
    @Test
    void modelAgainstTheThreeLines() {
        EvaluationMetrics m = EvaluationMetrics.ofModelWithBands(THREE);
        assertEquals(3, m.lines());
        assertEquals(21 / Math.sqrt(585), m.correlation(), EXACT);
        assertEquals(0.868243, m.correlation(), 1e-6);
        assertEquals(21.0 / 13, m.slope(), EXACT);
        assertEquals(70.0 / 3, m.meanAbsoluteError(), EXACT);
        assertEquals(Math.sqrt(1900.0 / 3), m.rootMeanSquareError(), EXACT);
        assertEquals(2.0 / 3, m.signShare(), EXACT);
        assertEquals(2.0 / 3, m.bandCoverage(), EXACT);
    }

    @Test
    void theModelWithoutItsBandsHasNoCoverage() {
        EvaluationMetrics m = EvaluationMetrics.of(THREE, EvaluationMetrics.MODEL);
        assertTrue(Double.isNaN(m.bandCoverage()));
        assertEquals(21.0 / 13, m.slope(), EXACT);
    }

    /**
     * No change: predicts 0 everywhere. Errors −r = (−60, 30, −30): MAE 120 / 3 = 40, RMSE √(5400 / 3) = √1800.
     * No sign right (every realised change is non-zero). A constant prediction has no variance: no correlation,
     * no slope.
     */
    @Test
    void noChangeBaseline() {
        EvaluationMetrics m = EvaluationMetrics.of(THREE, EvaluationMetrics.NO_CHANGE);
        assertEquals(3, m.lines());
        assertEquals(40, m.meanAbsoluteError(), EXACT);
        assertEquals(Math.sqrt(1800), m.rootMeanSquareError(), EXACT);
        assertEquals(0, m.signShare(), EXACT);
        assertTrue(Double.isNaN(m.correlation()));
        assertTrue(Double.isNaN(m.slope()));
        assertTrue(Double.isNaN(m.bandCoverage()));
    }

    /**
     * Trend t = (80, −40, 0). t̄ = (80 − 80 + 0) / 6 = 0; var t = (6400 + 2 × 1600) / 6 = 1600;
     * cov = (80 × 45 + 2 × 40 × 45 + 0) / 6 = 7200 / 6 = 1200. Correlation 1200 / √(1600 × 1125) = 2 / √5;
     * slope 1200 / 1600 = 0.75. Errors t − r = (20, −10, −30): MAE 20, RMSE √(1400 / 3).
     * Signs: A + +, B − −, C 0 against +: 2 of 3.
     */
    @Test
    void trendBaseline() {
        EvaluationMetrics m = EvaluationMetrics.of(THREE, EvaluationMetrics.TREND);
        assertEquals(2 / Math.sqrt(5), m.correlation(), EXACT);
        assertEquals(0.75, m.slope(), EXACT);
        assertEquals(20, m.meanAbsoluteError(), EXACT);
        assertEquals(Math.sqrt(1400.0 / 3), m.rootMeanSquareError(), EXACT);
        assertEquals(2.0 / 3, m.signShare(), EXACT);
    }

    @Test
    void aZeroPredictionIsRightWhereNothingChanged() {
        // base 50, outcome 50: realised 0, and the prediction 0 has its sign.
        EvaluationMetrics m = EvaluationMetrics.of(List.of(line("100630", 50, 25, 25, 50, 0)),
                EvaluationMetrics.MODEL);
        assertEquals(1, m.signShare(), EXACT);
    }

    @Test
    void weightsThatSumToZeroLeaveCorrelationAndSlopeUndefined() {
        // Two lines new in the outcome period: base 0, so no weight; the unweighted errors still count.
        List<EvaluatedLine> newTrade = List.of(line("100630", 0, 0, 0, 40, 10), line("100640", 0, 0, 0, 20, 30));
        EvaluationMetrics m = EvaluationMetrics.of(newTrade, EvaluationMetrics.MODEL);
        assertTrue(Double.isNaN(m.correlation()));
        assertTrue(Double.isNaN(m.slope()));
        assertEquals((30 + 10) / 2.0, m.meanAbsoluteError(), EXACT);
        assertEquals(1, m.signShare(), EXACT);
    }

    @Test
    void anEmptyGroupHasNoMetrics() {
        EvaluationMetrics m = EvaluationMetrics.ofModelWithBands(List.of());
        assertEquals(0, m.lines());
        assertTrue(Double.isNaN(m.meanAbsoluteError()));
        assertTrue(Double.isNaN(m.rootMeanSquareError()));
        assertTrue(Double.isNaN(m.signShare()));
        assertTrue(Double.isNaN(m.correlation()));
    }

    @Test
    void leastTradedLinesAreAGroupApart() {
        // D: base 2 (under 1 % of C's 300), outcome 12: realised +10 against a prediction of 0.
        EvaluatedLine d = new EvaluatedLine("PAK", "AZE", "090240", 2, 2, 1, 1, 12, -1.5, 0, 0, 0,
                Double.NaN, Double.NaN, true, kappa -> 0);
        List<EvaluatedLine> four = List.of(THREE.get(0), THREE.get(1), THREE.get(2), d);
        assertEquals(List.of(d), LineGroup.LEAST_TRADED.of(four));
        assertEquals(THREE, LineGroup.OTHERS.of(four));
        assertEquals(four, LineGroup.ALL.of(four));
        EvaluationMetrics least = EvaluationMetrics.of(LineGroup.LEAST_TRADED.of(four), EvaluationMetrics.MODEL);
        assertEquals(1, least.lines());
        assertEquals(10, least.meanAbsoluteError(), EXACT);
        assertEquals(0, least.signShare(), EXACT);
        EvaluationMetrics others = EvaluationMetrics.of(LineGroup.OTHERS.of(four), EvaluationMetrics.MODEL);
        assertEquals(21.0 / 13, others.slope(), EXACT);
    }
}
