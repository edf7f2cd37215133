package org.ptaflow.evaluation;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How well one prediction of the change in the beneficiary's imports matched the realised change, over a group of
 * lines (economics.md §8). The prediction is the model's ({@link #MODEL}), one of the naive baselines
 * ({@link #NO_CHANGE}, {@link #TREND}) or the calibrated model's.
 *
 * <p>Correlation and slope are weighted by the base value Mk, so that the lines that carry the trade count for
 * more; the errors are per line, unweighted, in USD, so that they read as "a line is typically off by so much".
 *
 * @param lines the number of lines in the group
 * @param correlation the base-value-weighted Pearson correlation of predicted and realised; NaN with no
 *     lines, a zero weight sum, or no variance in either (the no-change baseline always predicts 0, so its
 *     correlation is NaN)
 * @param slope the slope {@code b} of realised = a + b × predicted, fitted by weighted least squares (weights the
 *     base values, with an intercept): 1 is perfect, below 1 the model overstates the changes; NaN where the
 *     predictions do not vary or the weights sum to zero
 * @param meanAbsoluteError mean of |predicted − realised|, USD; NaN with no lines
 * @param rootMeanSquareError √(mean of (predicted − realised)²), USD; NaN with no lines
 * @param signShare the share of lines where sign(predicted) = sign(realised), with 0 a sign of its own (a
 *     prediction of exactly 0 is right only where nothing changed; a rise or a fall is never "right" against 0);
 *     NaN with no lines
 * @param bandCoverage the share of lines whose realised change lies in [p05, p95] of the prediction's band, over
 *     the lines that have a band; NaN where no line has one (uncertainty off, or a prediction without bands)
 */
public record EvaluationMetrics(int lines, double correlation, double slope, double meanAbsoluteError,
        double rootMeanSquareError, double signShare, double bandCoverage) {

    /** The SMART estimate on the base period: TC + TD. */
    public static final ToDoubleFunction<EvaluatedLine> MODEL = EvaluatedLine::predicted;
    /** The no-change baseline: the outcome period repeats the base. */
    public static final ToDoubleFunction<EvaluatedLine> NO_CHANGE = line -> 0.0;
    /** The trend baseline: the base period's own trend carried forward ({@link EvaluatedLine#trend()}). */
    public static final ToDoubleFunction<EvaluatedLine> TREND = EvaluatedLine::trend;

    /** The metrics of a prediction without bands ({@code bandCoverage} NaN). */
    public static EvaluationMetrics of(List<EvaluatedLine> lines, ToDoubleFunction<EvaluatedLine> prediction) {
        return compute(lines, prediction, false);
    }

    /** The metrics of the model's prediction with its p05–p95 band ({@link EvaluatedLine#predictedP05()}). */
    public static EvaluationMetrics ofModelWithBands(List<EvaluatedLine> lines) {
        return compute(lines, MODEL, true);
    }

    private static EvaluationMetrics compute(List<EvaluatedLine> lines, ToDoubleFunction<EvaluatedLine> prediction,
            boolean bands) {
        int n = lines.size();
        double[] predicted = new double[n];
        double[] realised = new double[n];
        double[] weights = new double[n];
        double absolute = 0;
        double squared = 0;
        int hits = 0;
        int banded = 0;
        int inside = 0;
        for (int i = 0; i < n; i++) {
            EvaluatedLine line = lines.get(i);
            predicted[i] = prediction.applyAsDouble(line);
            realised[i] = line.realised();
            weights[i] = line.baseValue();
            double error = predicted[i] - realised[i];
            absolute += Math.abs(error);
            squared += error * error;
            if (Math.signum(predicted[i]) == Math.signum(realised[i])) {
                hits++;
            }
            if (bands && line.hasBand()) {
                banded++;
                if (line.predictedP05() <= realised[i] && realised[i] <= line.predictedP95()) {
                    inside++;
                }
            }
        }
        WeightedMoments m = WeightedMoments.of(predicted, realised, weights);
        return new EvaluationMetrics(n,
                m.correlation(),
                m.slope(),
                n == 0 ? Double.NaN : absolute / n,
                n == 0 ? Double.NaN : Math.sqrt(squared / n),
                n == 0 ? Double.NaN : (double) hits / n,
                banded == 0 ? Double.NaN : (double) inside / banded);
    }

    /** Weighted means, variances and covariance of x (predicted) and y (realised). */
    private record WeightedMoments(double varX, double varY, double cov) {
        static WeightedMoments of(double[] x, double[] y, double[] w) {
            double sumW = 0;
            double sumX = 0;
            double sumY = 0;
            for (int i = 0; i < x.length; i++) {
                sumW += w[i];
                sumX += w[i] * x[i];
                sumY += w[i] * y[i];
            }
            if (!(sumW > 0)) {
                return new WeightedMoments(Double.NaN, Double.NaN, Double.NaN);
            }
            double meanX = sumX / sumW;
            double meanY = sumY / sumW;
            double varX = 0;
            double varY = 0;
            double cov = 0;
            // Second pass about the means: one pass of Σw·x² − (Σw·x)² loses the digits of lines worth millions.
            for (int i = 0; i < x.length; i++) {
                double dx = x[i] - meanX;
                double dy = y[i] - meanY;
                varX += w[i] * dx * dx;
                varY += w[i] * dy * dy;
                cov += w[i] * dx * dy;
            }
            return new WeightedMoments(varX / sumW, varY / sumW, cov / sumW);
        }

        double correlation() {
            return varX > 0 && varY > 0 ? cov / Math.sqrt(varX * varY) : Double.NaN;
        }

        double slope() {
            return varX > 0 ? cov / varX : Double.NaN;
        }
    }
}
