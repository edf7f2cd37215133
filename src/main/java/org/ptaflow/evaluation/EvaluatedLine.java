package org.ptaflow.evaluation;

import java.util.function.DoubleUnaryOperator;

/**
 * One importer, beneficiary and HS6 line of an evaluation (economics.md §8): what the base period held, what the
 * outcome period held, and what the SMART estimate on the base predicted. Amounts are USD.
 *
 * @param section the line's HS section (1 to 21), which calibration fits one factor for
 * @param baseValue Mk over the N months before the entry into force
 * @param baseFirstHalf Mk over the first half of the base (for the trend baseline)
 * @param baseSecondHalf Mk over the second half of the base
 * @param outcomeValue Mk over the N months from the entry into force
 * @param elasticity the import-demand elasticity the scenario gives the line (before calibration)
 * @param predictedTc trade creation TC on the base with the rates in force on the entry into force
 * @param predictedTd trade diversion TD on the same base and rates
 * @param predicted TC + TD: the predicted change in the beneficiary's imports (the caller adds the two, so that
 *     the file shows the same sum the metrics score)
 * @param predictedP05 with uncertainty on, the 5th percentile of TC + TD over the draws; NaN otherwise
 * @param predictedP95 with uncertainty on, the 95th percentile; NaN otherwise
 * @param leastTraded base Mk under 1 % of the largest line's base Mk in the whole run
 * @param predictionWithFactor κ → TC + TD with the import-demand elasticity scaled by κ (κ = 1 gives
 *     {@code predicted}); what calibration varies
 */
public record EvaluatedLine(String importer, String beneficiary, String hs6, int section, double baseValue,
        double baseFirstHalf, double baseSecondHalf, double outcomeValue, double elasticity, double predictedTc,
        double predictedTd, double predicted, double predictedP05, double predictedP95, boolean leastTraded,
        DoubleUnaryOperator predictionWithFactor) {

    /** The realised change: Mk(outcome) − Mk(base). */
    public double realised() {
        return outcomeValue - baseValue;
    }

    /** The model's error on the line: predicted − realised (positive where the model overstated the change). */
    public double error() {
        return predicted - realised();
    }

    /** Whether the line has a p05–p95 band (uncertainty on). */
    public boolean hasBand() {
        return !Double.isNaN(predictedP05) && !Double.isNaN(predictedP95);
    }

    /** The trend baseline: 4 × (Mk(second half of base) − Mk(first half)), economics.md §8. */
    public double trend() {
        return 4 * (baseSecondHalf - baseFirstHalf);
    }
}
