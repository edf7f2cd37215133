package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.evaluation.EvaluationFixtures.fitted;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptaflow.economics.SmartModel;

/**
 * The factor per section where the prediction is κ × a + d (trade creation scales with the elasticity, diversion
 * does not), so that the least-squares κ has a closed form: κ = Σ a (r − d) / Σ a².
 */
class CalibrationTest {
    private static final double FIT = 1e-7;

    /**
     * Section II, three lines of chapter 10: a = (10, 20, 30), d = 2, realised r = (10, 20, 22), so r − d =
     * (8, 18, 20) and κ = (80 + 360 + 600) / (100 + 400 + 900) = 1040 / 1400 = 26 / 35. A least-traded line of
     * the section (a = 1000, realised −5000) would drag κ far below 0 if it were fitted: it is not.
     */
    private static final List<EvaluatedLine> RICE = List.of(
            fitted("100630", -1.5, 10, 2, 10, false),
            fitted("100640", -2.0, 20, 2, 20, false),
            fitted("100199", -1.5, 30, 2, 22, false),
            fitted("100710", -1.5, 1000, 0, -5000, true));

    @Test
    void factorIsTheClosedFormLeastSquaresOfTheFittedLines() {
        Calibration c = Calibration.fit(RICE);
        assertEquals(26.0 / 35, c.factor(2), FIT);
        Calibration.Section s = c.sections().get(0);
        assertEquals(2, s.section());
        assertTrue(s.calibrated());
        assertEquals(4, s.lines());
        assertEquals(3, s.linesFitted());
    }

    /**
     * Before (κ = 1): predictions 12, 22, 32 against 10, 20, 22: errors 2, 2, 10, RMSE √(108 / 3) = 6.
     * After: errors κa − (r − d) = −4/7, −22/7, 16/7: RMSE √((16 + 484 + 256) / 49 / 3) = √(36 / 7) = 6 / √7.
     */
    @Test
    void errorBeforeAndAfterOverTheFittedLines() {
        Calibration.Section s = Calibration.fit(RICE).sections().get(0);
        assertEquals(6, s.rmseBefore(), FIT);
        assertEquals(6 / Math.sqrt(7), s.rmseAfter(), FIT);
    }

    /**
     * Leave one out, each line scored by κ fitted on the other two:
     * without 100630: κ = (360 + 600) / (400 + 900) = 48/65, error 480/65 − 8 = −8/13;
     * without 100640: κ = (80 + 600) / (100 + 900) = 0.68, error 13.6 − 18 = −4.4;
     * without 100199: κ = (80 + 360) / (100 + 400) = 0.88, error 26.4 − 20 = 6.4.
     * RMSE √(((8/13)² + 4.4² + 6.4²) / 3) = 4.498…, worse than the in-sample 6/√7 = 2.268: the fit flatters
     * itself on the lines it has seen.
     */
    @Test
    void outOfSampleScoresEachLineWithTheFactorFittedWithoutIt() {
        Calibration c = Calibration.fit(RICE);
        assertEquals(48.0 / 65 * 10 + 2, c.outOfSamplePrediction(RICE.get(0)), 1e-6);
        assertEquals(0.68 * 20 + 2, c.outOfSamplePrediction(RICE.get(1)), 1e-6);
        assertEquals(0.88 * 30 + 2, c.outOfSamplePrediction(RICE.get(2)), 1e-6);
        double expected = Math.sqrt((Math.pow(8.0 / 13, 2) + 4.4 * 4.4 + 6.4 * 6.4) / 3);
        Calibration.Section s = c.sections().get(0);
        assertEquals(expected, s.rmseOutOfSample(), 1e-6);
        assertTrue(s.rmseOutOfSample() > s.rmseAfter() + 2);
        // In sample, every line gets the section's κ.
        assertEquals(26.0 / 35 * 20 + 2, c.calibratedPrediction(RICE.get(1)), 1e-6);
    }

    @Test
    void aLeastTradedLineGetsItsSectionsFactorInAndOutOfSample() {
        Calibration c = Calibration.fit(RICE);
        EvaluatedLine least = RICE.get(3);
        assertEquals(26.0 / 35 * 1000, c.calibratedPrediction(least), 1e-4);
        assertEquals(c.calibratedPrediction(least), c.outOfSamplePrediction(least), 0);
    }

    /**
     * Section XI has one line to fit (and one least traded): not calibrated, κ = 1, the model's own prediction.
     * Section VI has two: κ = (10 × 5 + 20 × 12) / (100 + 400) = 0.58, but leaving one out leaves one, too few
     * to fit, so out of sample each line keeps κ = 1.
     */
    @Test
    void sectionsWithTooFewLinesKeepTheScenariosElasticities() {
        List<EvaluatedLine> lines = List.of(
                fitted("520100", -1.5, 10, 0, 50, false),
                fitted("520210", -1.5, 40, 0, 0, true),
                fitted("310210", -1.5, 10, 0, 5, false),
                fitted("310230", -1.5, 20, 0, 12, false));
        Calibration c = Calibration.fit(lines);
        assertFalse(c.calibrated(11));
        assertEquals(1, c.factor(11), 0);
        assertEquals(10, c.calibratedPrediction(lines.get(0)), 0);
        Calibration.Section textiles = c.sections().get(1);
        assertEquals(11, textiles.section());
        assertEquals(2, textiles.lines());
        assertEquals(1, textiles.linesFitted());
        assertEquals(40, textiles.rmseBefore(), FIT);
        assertEquals(40, textiles.rmseAfter(), FIT);

        assertTrue(c.calibrated(6));
        assertEquals(0.58, c.factor(6), FIT);
        assertEquals(10, c.outOfSamplePrediction(lines.get(2)), 0);
        assertEquals(20, c.outOfSamplePrediction(lines.get(3)), 0);
        assertEquals(1, c.factor(4), 0, "a section without lines keeps κ = 1");
    }

    /**
     * Lines without a concession predict the same whatever κ (here only a diversion d, a = 0): they are not fitted
     * and do not count towards the two lines a fit needs. Section II has one line that responds (a = 10, d = 2,
     * realised 30) and two that do not: not calibrated, κ = 1, no by_hs rows. Counting the two would have fitted
     * κ = (30 − 2) / 10 = 2.8 to the one line. Section VI has two lines that respond (a = 10 and 20, realised 5 and
     * 12) and one that does not (d = 3, realised 7): κ = (50 + 240) / (100 + 400) = 0.58 as without it, two lines
     * fitted, and leaving one out leaves one, so out of sample 310210 keeps κ = 1 (10); counting the inert line
     * would have scored it with κ = 12 / 20 = 0.6 fitted on 310230 alone (6).
     */
    @Test
    void linesWhosePredictionDoesNotMoveWithTheFactorAreNotFitted() {
        List<EvaluatedLine> lines = List.of(
                fitted("100630", -1.5, 10, 2, 30, false),
                fitted("100640", -2.0, 0, 5, 1, false),
                fitted("100710", -1.5, 0, 4, 9, false),
                fitted("310210", -1.5, 10, 0, 5, false),
                fitted("310230", -1.5, 20, 0, 12, false),
                fitted("310240", -1.5, 0, 3, 7, false));
        Calibration c = Calibration.fit(lines);

        assertFalse(c.calibrated(2));
        assertEquals(1, c.factor(2), 0);
        Calibration.Section vegetables = c.sections().get(0);
        assertEquals(3, vegetables.lines());
        assertEquals(1, vegetables.linesFitted());
        assertEquals(12, c.calibratedPrediction(lines.get(0)), 0, "the model's own 10 + 2");

        assertTrue(c.calibrated(6));
        assertEquals(0.58, c.factor(6), FIT);
        Calibration.Section fertilisers = c.sections().get(1);
        assertEquals(3, fertilisers.lines());
        assertEquals(2, fertilisers.linesFitted());
        assertEquals(10, c.outOfSamplePrediction(lines.get(3)), 0);
        assertEquals(3, c.calibratedPrediction(lines.get(5)), 0, "κ does not move it");
        assertEquals(3, c.outOfSamplePrediction(lines.get(5)), 0);

        List<String> prefixes = CalibratedElasticities.of(lines, c, -1.5).rows().stream()
                .map(CalibratedElasticities.Row::hsPrefix).toList();
        assertTrue(prefixes.contains("310240") && prefixes.contains("31"), prefixes.toString());
        assertTrue(prefixes.stream().noneMatch(p -> p.startsWith("06") || p.startsWith("10")),
                "no rows for section II, which was not calibrated: " + prefixes);
    }

    /** Only a change with κ beyond rounding counts: relative to the prediction, at least 1 USD. */
    @Test
    void aLineRespondsToTheFactorWhenItsPredictionMovesWithIt() {
        assertFalse(Calibration.respondsToFactor(fitted("100630", -1.5, 0, 7, 0, false)), "diversion only");
        assertTrue(Calibration.respondsToFactor(fitted("100630", -1.5, 0.01, 0, 0, false)), "one cent of creation");
        EvaluatedLine rounding = new EvaluatedLine("PAK", "AZE", "100630", 2, 1000, 500, 500, 1000, -1.5, 0, 1e6,
                1e6, Double.NaN, Double.NaN, false, kappa -> 1e6 + kappa * 1e-4);
        assertFalse(Calibration.respondsToFactor(rounding), "1e-4 on a million is rounding (1e-9 × 1e6 = 1e-3)");
    }

    /** Realised changes against the predicted ones: the best κ would be negative; it stops at the floor. */
    @Test
    void aSectionThatMovedAgainstThePredictionStopsAtTheLowestFactor() {
        List<EvaluatedLine> lines = List.of(
                fitted("847130", -1.5, 10, 0, -10, false),
                fitted("847150", -1.5, 20, 0, -30, false));
        Calibration c = Calibration.fit(lines);
        assertEquals(Calibration.KAPPA_MIN, c.factor(16), 1e-9);
        assertTrue(c.factor(16) > 0);
    }

    /**
     * With a finite export supply (εx = 5) trade creation is not linear in κ: TC = κεm Mk Δ / (1 + t0) /
     * (1 − κεm/εx). Realised changes made with the SMART formula at κ = 0.6 (rates 20 % → 0, σ = 1.5, Mk and MK
     * varying by line) are fitted back to 0.6.
     */
    @Test
    void aNonLinearPredictionIsFittedBackToTheFactorThatMadeIt() {
        double truth = 0.6;
        List<EvaluatedLine> lines = new ArrayList<>();
        double[][] values = {{10, 90}, {50, 50}, {200, 20}, {5, 300}};
        for (int i = 0; i < values.length; i++) {
            double mk = values[i][0];
            double mK = values[i][1];
            java.util.function.DoubleUnaryOperator smart = kappa -> SmartModel.estimate(mk, mK, 0.20, 0.0, 0.20,
                    1.0, kappa * -1.5, 1.5, 5).tradeEffect();
            double realised = smart.applyAsDouble(truth);
            var atOne = SmartModel.estimate(mk, mK, 0.20, 0.0, 0.20, 1.0, -1.5, 1.5, 5);
            lines.add(new EvaluatedLine("AZE", "PAK", "10063" + i, 2, mk, mk / 2, mk / 2, mk + realised, -1.5,
                    atOne.tradeCreation(), atOne.tradeDiversion(), atOne.tradeEffect(), Double.NaN, Double.NaN,
                    false, smart));
        }
        assertEquals(truth, Calibration.fit(lines).factor(2), 1e-6);
    }
}
