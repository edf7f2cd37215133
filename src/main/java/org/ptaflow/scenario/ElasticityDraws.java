package org.ptaflow.scenario;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.ptaflow.tariffs.HsPrefixIndex;

/**
 * The N joint elasticity draws of a scenario with uncertainty on (economics.md §5), computed once at load so
 * that every task, every run and every parallelism uses the same samples: draw {@code i} of each elasticity
 * belongs to joint sample {@code i}.
 *
 * <p>Determinism: each elasticity has its own {@link Well19937c} stream, seeded from the scenario seed and the
 * elasticity's name (and HS prefix for {@code by_hs} rows). The draws of σ therefore do not change when a row is
 * added to the {@code by_hs} table. Elasticities are drawn independently of each other.
 *
 * <p>Signs: a draw with the wrong sign (εm ≥ 0, σ ≤ 0, εx ≤ 0), which a normal distribution allows, is redrawn
 * from the same stream, up to {@value #MAX_REDRAWS} times; if still wrong it is clamped to ∓{@value #CLAMP}. This
 * truncates the distribution at zero, which keeps the SMART formulas defined; with the usual sd well below the
 * value it almost never happens.
 */
public final class ElasticityDraws implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int MAX_REDRAWS = 1000;
    static final double CLAMP = 1e-6;

    private final int size;
    private final double[] importDemandDefault;
    private final HsPrefixIndex<double[]> importDemandByHs;
    private final double[] substitution;
    private final double[] exportSupply;

    private ElasticityDraws(int size, double[] importDemandDefault, HsPrefixIndex<double[]> importDemandByHs,
            double[] substitution, double[] exportSupply) {
        this.size = size;
        this.importDemandDefault = importDemandDefault;
        this.importDemandByHs = importDemandByHs;
        this.substitution = substitution;
        this.exportSupply = exportSupply;
    }

    /** Draws {@code uncertainty.draws()} joint samples from {@code uncertainty.seed()}. */
    public static ElasticityDraws generate(Uncertainty uncertainty, Elasticity importDemandDefault,
            Map<String, Elasticity> importDemandByHs, Elasticity substitution, Elasticity exportSupply) {
        int n = uncertainty.draws();
        long seed = uncertainty.seed();
        DoublePredicate negative = v -> v < 0;
        DoublePredicate positive = v -> v > 0;
        HsPrefixIndex<double[]> byHs = new HsPrefixIndex<>();
        importDemandByHs.forEach((prefix, e) ->
                byHs.put(prefix, draw(e, n, stream(seed, "import_demand.by_hs." + prefix), negative, -CLAMP)));
        return new ElasticityDraws(n,
                draw(importDemandDefault, n, stream(seed, "import_demand.default"), negative, -CLAMP),
                byHs,
                draw(substitution, n, stream(seed, "substitution"), positive, CLAMP),
                draw(exportSupply, n, stream(seed, "export_supply"), positive, CLAMP));
    }

    /** A generator for one named elasticity: the scenario seed and the name's bytes seed a Well19937c. */
    private static RandomGenerator stream(long seed, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int[] words = new int[2 + (bytes.length + 3) / 4];
        words[0] = (int) seed;
        words[1] = (int) (seed >>> 32);
        for (int i = 0; i < bytes.length; i++) {
            words[2 + i / 4] |= (bytes[i] & 0xff) << (8 * (i % 4));
        }
        return new Well19937c(words);
    }

    private static double[] draw(Elasticity e, int n, RandomGenerator rng, DoublePredicate valid, double clamp) {
        double[] draws = new double[n];
        RealDistribution distribution = e.distribution(rng);
        for (int i = 0; i < n; i++) {
            if (distribution == null) {
                draws[i] = e.value();
                continue;
            }
            double v = distribution.sample();
            for (int attempt = 0; !valid.test(v) && attempt < MAX_REDRAWS; attempt++) {
                v = distribution.sample();
            }
            draws[i] = valid.test(v) ? v : clamp;
        }
        return draws;
    }

    /** Number of joint draws N. */
    public int size() {
        return size;
    }

    /** Draws of εm for an HS6 line: those of its longest matching {@code by_hs} row, else of the default. */
    public double[] importDemand(String hs6) {
        double[] byHs = importDemandByHs.longestMatch(hs6);
        return (byHs != null ? byHs : importDemandDefault).clone();
    }

    /** Draws of σ. */
    public double[] substitution() {
        return substitution.clone();
    }

    /** Draws of εx (a draw ≥ 99 means infinite, as for the point value). */
    public double[] exportSupply() {
        return exportSupply.clone();
    }
}
