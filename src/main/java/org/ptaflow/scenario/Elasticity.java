package org.ptaflow.scenario;

import java.io.Serializable;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TriangularDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One elasticity of a scenario: a point value and, for the uncertainty bands of economics.md §5, its
 * distribution. Normal when {@code sd} > 0; triangular when bounds are given ({@code min ≤ value ≤ max}, value
 * is the mode); a point mass otherwise. {@code min} and {@code max} are NaN when absent.
 */
public record Elasticity(double value, double sd, double min, double max) implements Serializable {

    public static Elasticity point(double value) {
        return new Elasticity(value, 0, Double.NaN, Double.NaN);
    }

    public Elasticity {
        if (!Double.isFinite(value) || !(sd >= 0) || Double.isInfinite(sd)) {
            throw new IllegalArgumentException("value must be finite and sd ≥ 0");
        }
        if (Double.isNaN(min) != Double.isNaN(max)) {
            throw new IllegalArgumentException("min and max go together");
        }
        if (!Double.isNaN(min) && !(min <= value && value <= max)) {
            throw new IllegalArgumentException("needs min ≤ value ≤ max");
        }
        if (!Double.isNaN(min) && sd > 0) {
            throw new IllegalArgumentException("give sd or min/max, not both");
        }
    }

    public boolean isTriangular() {
        return !Double.isNaN(min) && min < max;
    }

    /** True when every draw equals the point value. */
    public boolean isPoint() {
        return sd == 0 && !isTriangular();
    }

    /** The distribution to draw from with {@code rng}, or null for a point value. */
    RealDistribution distribution(RandomGenerator rng) {
        if (isTriangular()) {
            return new TriangularDistribution(rng, min, value, max);
        }
        if (sd > 0) {
            return new NormalDistribution(rng, value, sd);
        }
        return null;
    }

    @Override
    public String toString() {
        if (isTriangular()) {
            return value + " (triangular " + min + ".." + max + ")";
        }
        return sd > 0 ? value + " (sd " + sd + ")" : Double.toString(value);
    }
}
