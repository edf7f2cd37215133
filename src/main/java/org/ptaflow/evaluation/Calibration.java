package org.ptaflow.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.fitting.leastsquares.ParameterValidator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * One factor κ per HS section on the import-demand elasticities, fitted to what happened (economics.md §8): κ
 * minimises Σ (predicted with the elasticities × κ − realised)² over the section's lines, the least-traded lines
 * left out (their changes are noise or new trade the model cannot see, and would pull κ about). κ = 1 keeps the
 * scenario's elasticities; κ = 0.5 says the lines responded half as much as the scenario assumed.
 *
 * <p>The fit is commons-math3's Levenberg–Marquardt over θ = ln κ, started at κ = 1, with a central finite
 * difference for the Jacobian: the prediction is a black box ({@link EvaluatedLine#predictionWithFactor()}), linear
 * in κ for trade creation with infinite export supply, not linear once supply is finite. Fitting ln κ keeps κ > 0,
 * so a calibrated elasticity stays negative (an elasticity of 0 or above is no import-demand elasticity, and a
 * scenario refuses it). θ is held within ln {@link #KAPPA_MIN} .. ln {@link #KAPPA_MAX}: where the realised changes
 * go against the predicted ones the best κ would be 0 or below, and the fit stops at {@link #KAPPA_MIN} instead of
 * running off to −∞; read a κ of 0.001 as "this section did not respond as the model says at all".
 *
 * <p>Only lines whose prediction moves with κ are fitted: a line without a concession (t1 = t0) predicts the same
 * whatever κ, so it says nothing about κ, and counting it would let one responsive line and a few inert ones pass
 * for a fit over several ({@link #respondsToFactor}). A section with fewer than two lines to fit is not calibrated:
 * κ = 1. Out of sample, each fitted line is scored with the κ fitted on the section's other fitted lines
 * (leave-one-out; κ = 1 when fewer than two remain); a line not fitted (least traded, or inert) is scored with its
 * section's κ, which is out of sample for it already.
 */
public final class Calibration {
    /** The smallest factor the fit gives: see the class comment. */
    public static final double KAPPA_MIN = 1e-3;
    /** The largest factor the fit gives, so that a section whose predictions barely move cannot diverge. */
    public static final double KAPPA_MAX = 1e3;

    /** Steps in θ for the central difference: small against θ's scale (ln κ, order 1), large against rounding. */
    private static final double STEP = 1e-6;
    private static final int MAX_ITERATIONS = 1000;

    /**
     * The fit of one HS section.
     *
     * @param section the HS section, 1 to 21 ({@link HsSections#NONE} for lines outside the HS chapters, never
     *     calibrated)
     * @param factor κ, 1 when not calibrated
     * @param calibrated whether κ was fitted (at least two lines to fit)
     * @param lines the section's evaluated lines, least traded included
     * @param linesFitted the lines κ was fitted on: the section's lines that are not least traded and whose
     *     prediction moves with κ
     * @param rmseBefore the root mean square error of the model (κ = 1) over the fitted lines, USD
     * @param rmseAfter the same with κ, in sample
     * @param rmseOutOfSample the same with each line scored by the κ fitted without it (leave-one-out)
     */
    public record Section(int section, double factor, boolean calibrated, int lines, int linesFitted,
            double rmseBefore, double rmseAfter, double rmseOutOfSample) {}

    private final Map<Integer, Section> sections;
    /** Per line: the prediction with its section's κ, and the prediction with the κ fitted without it. */
    private final Map<LineKey, double[]> predictions;

    /** A line's identity: one line per importer, beneficiary and HS6 in an evaluation. */
    private record LineKey(String importer, String beneficiary, String hs6) {
        static LineKey of(EvaluatedLine line) {
            return new LineKey(line.importer(), line.beneficiary(), line.hs6());
        }
    }

    private Calibration(Map<Integer, Section> sections, Map<LineKey, double[]> predictions) {
        this.sections = sections;
        this.predictions = predictions;
    }

    /** Fits every section that has lines. */
    public static Calibration fit(List<EvaluatedLine> lines) {
        Map<Integer, List<EvaluatedLine>> bySection = new TreeMap<>();
        for (EvaluatedLine line : lines) {
            bySection.computeIfAbsent(line.section(), s -> new ArrayList<>()).add(line);
        }
        Map<Integer, Section> sections = new TreeMap<>();
        Map<LineKey, double[]> predictions = new HashMap<>();
        for (Map.Entry<Integer, List<EvaluatedLine>> e : bySection.entrySet()) {
            int section = e.getKey();
            List<EvaluatedLine> sectionLines = e.getValue();
            List<EvaluatedLine> fitted = sectionLines.stream()
                    .filter(l -> !l.leastTraded() && respondsToFactor(l)).toList();
            boolean calibrated = section != HsSections.NONE && fitted.size() >= 2;
            double kappa = calibrated ? fitFactor(fitted, 1.0) : 1.0;
            double[] outOfSample = new double[fitted.size()];
            for (int i = 0; i < fitted.size(); i++) {
                double leftOut = 1.0;
                if (section != HsSections.NONE && fitted.size() - 1 >= 2) {
                    List<EvaluatedLine> others = new ArrayList<>(fitted);
                    others.remove(i);
                    // Started from the section's κ, which the fit without one line is seldom far from.
                    leftOut = fitFactor(others, kappa);
                }
                outOfSample[i] = fitted.get(i).predictionWithFactor().applyAsDouble(leftOut);
            }
            for (EvaluatedLine line : sectionLines) {
                double inSample = calibrated ? line.predictionWithFactor().applyAsDouble(kappa) : line.predicted();
                if (predictions.put(LineKey.of(line), new double[] {inSample, inSample}) != null) {
                    throw new IllegalArgumentException("two lines for " + LineKey.of(line));
                }
            }
            for (int i = 0; i < fitted.size(); i++) {
                predictions.get(LineKey.of(fitted.get(i)))[1] = outOfSample[i];
            }
            double[] realised = fitted.stream().mapToDouble(EvaluatedLine::realised).toArray();
            sections.put(section, new Section(section, kappa, calibrated, sectionLines.size(), fitted.size(),
                    rmse(fitted.stream().mapToDouble(EvaluatedLine::predicted).toArray(), realised),
                    rmse(fitted.stream().mapToDouble(l -> predictions.get(LineKey.of(l))[0]).toArray(), realised),
                    rmse(outOfSample, realised)));
        }
        return new Calibration(Collections.unmodifiableMap(sections), predictions);
    }

    /** The sections that have lines, by section number. */
    public List<Section> sections() {
        return List.copyOf(sections.values());
    }

    /** κ of a section: 1 where it was not calibrated or has no lines. */
    public double factor(int section) {
        Section s = sections.get(section);
        return s == null ? 1.0 : s.factor();
    }

    /** Whether a section's κ was fitted. */
    public boolean calibrated(int section) {
        Section s = sections.get(section);
        return s != null && s.calibrated();
    }

    /** The line's prediction with its section's κ (in sample for the lines κ was fitted on). */
    public double calibratedPrediction(EvaluatedLine line) {
        return lookUp(line)[0];
    }

    /** The line's prediction with the κ fitted on its section's other lines (out of sample). */
    public double outOfSamplePrediction(EvaluatedLine line) {
        return lookUp(line)[1];
    }

    /** {@link #calibratedPrediction} as a prediction for {@link EvaluationMetrics}. */
    public ToDoubleFunction<EvaluatedLine> inSample() {
        return this::calibratedPrediction;
    }

    /** {@link #outOfSamplePrediction} as a prediction for {@link EvaluationMetrics}. */
    public ToDoubleFunction<EvaluatedLine> outOfSample() {
        return this::outOfSamplePrediction;
    }

    private double[] lookUp(EvaluatedLine line) {
        double[] p = predictions.get(LineKey.of(line));
        if (p == null) {
            throw new IllegalArgumentException("line " + line.importer() + "/" + line.beneficiary() + "/"
                    + line.hs6() + " was not among the lines calibrated");
        }
        return p;
    }

    /**
     * Whether the line's prediction changes with κ: compared at κ = 1 and κ = 2, relative to the prediction's size
     * (at least 1 USD), so that rounding in a black-box prediction does not count as a response. A line without a
     * concession (t1 = t0) has no trade creation to scale and does not respond.
     */
    static boolean respondsToFactor(EvaluatedLine line) {
        double atOne = line.predictionWithFactor().applyAsDouble(1.0);
        double atTwo = line.predictionWithFactor().applyAsDouble(2.0);
        return Math.abs(atTwo - atOne) > 1e-9 * Math.max(1.0, Math.abs(atOne));
    }

    /**
     * The κ minimising Σ (predictionWithFactor(κ) − realised)² over {@code lines}, by Levenberg–Marquardt on
     * ln κ from {@code startKappa}, within {@link #KAPPA_MIN} .. {@link #KAPPA_MAX}.
     */
    static double fitFactor(List<EvaluatedLine> lines, double startKappa) {
        int n = lines.size();
        double[] realised = lines.stream().mapToDouble(EvaluatedLine::realised).toArray();
        MultivariateJacobianFunction model = (RealVector point) -> {
            double theta = point.getEntry(0);
            double[] value = new double[n];
            double[][] jacobian = new double[n][1];
            double kappa = Math.exp(theta);
            double up = Math.exp(theta + STEP);
            double down = Math.exp(theta - STEP);
            for (int i = 0; i < n; i++) {
                var prediction = lines.get(i).predictionWithFactor();
                value[i] = prediction.applyAsDouble(kappa);
                jacobian[i][0] = (prediction.applyAsDouble(up) - prediction.applyAsDouble(down)) / (2 * STEP);
            }
            return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
        };
        double low = Math.log(KAPPA_MIN);
        double high = Math.log(KAPPA_MAX);
        ParameterValidator withinBounds = point -> {
            double theta = point.getEntry(0);
            return new ArrayRealVector(new double[] {Math.max(low, Math.min(high, theta))}, false);
        };
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(new double[] {Math.log(startKappa)})
                .model(model)
                .target(realised)
                .parameterValidator(withinBounds)
                .maxEvaluations(MAX_ITERATIONS)
                .maxIterations(MAX_ITERATIONS)
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        double theta = Math.max(low, Math.min(high, optimum.getPoint().getEntry(0)));
        return Math.exp(theta);
    }

    private static double rmse(double[] predicted, double[] realised) {
        if (predicted.length == 0) {
            return Double.NaN;
        }
        double squared = 0;
        for (int i = 0; i < predicted.length; i++) {
            double error = predicted[i] - realised[i];
            squared += error * error;
        }
        return Math.sqrt(squared / predicted.length);
    }
}
