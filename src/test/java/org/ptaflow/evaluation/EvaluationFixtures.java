package org.ptaflow.evaluation;

import java.util.function.DoubleUnaryOperator;

/** Lines for the evaluation tests, with the numbers that matter in front. */
final class EvaluationFixtures {
    private EvaluationFixtures() {}

    /**
     * A PAK ← AZE line without bands, not least traded, elasticity −1.5, whose prediction is all trade creation
     * (TD = 0) and scales with κ ({@code κ × predicted}).
     */
    static EvaluatedLine line(String hs6, double base, double firstHalf, double secondHalf, double outcome,
            double predicted) {
        return line(hs6, base, firstHalf, secondHalf, outcome, predicted, Double.NaN, Double.NaN);
    }

    static EvaluatedLine line(String hs6, double base, double firstHalf, double secondHalf, double outcome,
            double predicted, double p05, double p95) {
        return new EvaluatedLine("PAK", "AZE", hs6, HsSections.ofLine(hs6), base, firstHalf, secondHalf, outcome,
                -1.5, predicted, 0, predicted, p05, p95, false, kappa -> kappa * predicted);
    }

    /**
     * A line for calibration: trade creation {@code creation} at κ = 1, scaled by κ, plus a diversion
     * {@code diversion} that κ does not touch (TD depends on σ, not on the import-demand elasticity); realised
     * change {@code realised} on a base of 1000.
     */
    static EvaluatedLine fitted(String hs6, double elasticity, double creation, double diversion, double realised,
            boolean leastTraded) {
        DoubleUnaryOperator withFactor = kappa -> kappa * creation + diversion;
        return new EvaluatedLine("PAK", "AZE", hs6, HsSections.ofLine(hs6), 1000, 500, 500, 1000 + realised,
                elasticity, creation, diversion, creation + diversion, Double.NaN, Double.NaN, leastTraded,
                withFactor);
    }
}
