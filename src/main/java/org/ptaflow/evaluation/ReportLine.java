package org.ptaflow.evaluation;

/**
 * One importer, beneficiary and HS6 line as the evaluation report plots it: a point of predicted (x) against
 * realised (y) change. Amounts are USD.
 *
 * @param importer who collects the duty
 * @param beneficiary whose goods get the preference
 * @param hs6 the first six digits of the line
 * @param predicted TC + TD on the base period with the scenario's elasticities
 * @param realised Mk(outcome) − Mk(base)
 * @param calibrated TC + TD with the line's section's calibrated factor; NaN where the report has none
 * @param leastTraded base Mk under 1 % of the largest line's, plotted apart
 */
public record ReportLine(String importer, String beneficiary, String hs6, double predicted, double realised,
        double calibrated, boolean leastTraded) {

    /** The report's point for an evaluated line, given what the calibrated model predicts for it. */
    public static ReportLine of(EvaluatedLine line, double calibrated) {
        return new ReportLine(line.importer(), line.beneficiary(), line.hs6(), line.predicted(), line.realised(),
                calibrated, line.leastTraded());
    }
}
