package org.ptaflow.economics;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Uncertainty bands of economics.md §5: the 5th, 50th and 95th percentiles of an estimate (TC, TD or ΔTR summed
 * to the output key) over the N elasticity draws.
 *
 * <p>Percentiles use commons-math3 {@link EstimationType#R_7}, the linear interpolation between order statistics
 * that numpy's {@code percentile}/{@code quantile} use by default (and R's {@code quantile} type 7): with the
 * samples sorted as x1 ≤ … ≤ xN, h = (N − 1) p + 1 and the estimate is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
 * An economist checking a band in numpy gets the same number. When all samples are equal the interpolation adds
 * (h − ⌊h⌋) × 0, so the band is exactly that value.
 */
public final class MonteCarloBands {

    /** The 5th, 50th and 95th percentiles of a set of draws. */
    public record Band(double p05, double p50, double p95) {}

    private MonteCarloBands() {}

    /**
     * @param samples one value per draw; not modified
     * @throws IllegalArgumentException when there are no samples or one is NaN (a broken draw must not be
     *         silently dropped, which commons-math3's default NaN strategy would do; its FAILED strategy is
     *         not applied on the setData path in 3.6.1, hence the explicit check)
     */
    public static Band of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to take percentiles of");
        }
        for (double s : samples) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a sample is NaN");
            }
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(Arrays.copyOf(samples, samples.length));
        return new Band(percentile.evaluate(5), percentile.evaluate(50), percentile.evaluate(95));
    }
}
