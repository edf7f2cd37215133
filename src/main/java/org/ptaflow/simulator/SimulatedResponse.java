package org.ptaflow.simulator;

import org.ptaflow.evaluation.HsSections;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The traders' response the simulator plays once a concession is in force (issue 15): a known true elasticity, so
 * that an evaluation of the model against simulated history has a truth to recover. Log-linear in the tariff factor,
 * deliberately not the SMART formula the job estimates with, so that recovering it is not circular:
 *
 * <pre>  value × ((1 + t1) / (1 + t0))^ε × exp(σZ − σ²/2)</pre>
 *
 * for a record of a flow from a beneficiary into an importer on a line where a concession is in force on the
 * record's UTC date; t0 the line's MFN rate and t1 the concession's rate that day (fractions), ε the line's true
 * elasticity ({@link #elasticity}, or its HS section's in {@link #bySection}), Z a standard normal drawn from the
 * record's own seeded generator and σ = {@link #NOISE_SIGMA}, so the noise has mean 1. The quantity follows the value.
 * Every other record is left as it is.
 *
 * @param elasticity the true elasticity ε of every line not overridden by its section; finite and ≤ 0
 * @param bySection  HS section (1..21) → the true elasticity of the lines of that section (each finite and ≤ 0)
 * @param rates      the MFN and concession rates the response follows (the scenario's)
 */
public record SimulatedResponse(double elasticity, SortedMap<Integer, Double> bySection, ResponseRates rates)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * σ of the log noise on each record's response: a record's response factor has a 90% range of about 0.84 to
     * 1.17 times the true one, small beside the consignment spread (σ = 0.6), so the truth shows in a month's sums.
     */
    public static final double NOISE_SIGMA = 0.1;

    public SimulatedResponse {
        Objects.requireNonNull(rates, "rates");
        check("elasticity", elasticity);
        bySection = Collections.unmodifiableSortedMap(new TreeMap<>(bySection));
        for (Map.Entry<Integer, Double> e : bySection.entrySet()) {
            if (e.getKey() < 1 || e.getKey() > HsSections.COUNT) {
                throw new IllegalArgumentException("HS section must be 1.." + HsSections.COUNT + ": " + e.getKey());
            }
            check("elasticity of section " + e.getKey(), e.getValue());
        }
    }

    private static void check(String name, double value) {
        if (!(Double.isFinite(value) && value <= 0)) {
            throw new IllegalArgumentException(name + " must be finite and ≤ 0 (a cut raises imports): " + value);
        }
    }

    /** The same ε on every line. */
    public static SimulatedResponse uniform(double elasticity, ResponseRates rates) {
        return new SimulatedResponse(elasticity, new TreeMap<>(), rates);
    }

    /** For a console: {@code elasticity -4.0, section 2: -1.5, noise σ 0.1}. */
    public String describe() {
        StringBuilder b = new StringBuilder("elasticity ").append(elasticity);
        bySection.forEach((section, e) -> b.append(", section ").append(section).append(": ").append(e));
        return b.append(", noise σ ").append(NOISE_SIGMA).toString();
    }

    /** The true elasticity of a declared line: its section's, else {@link #elasticity}. */
    public double elasticityOf(String hsCode) {
        Double e = bySection.get(HsSections.ofLine(hsCode));
        return e != null ? e : elasticity;
    }

    /**
     * The factor on a record's value, 1 when no concession is in force for it. {@code z} is the record's standard
     * normal draw; the noise uses StrictMath so that the same seed gives the same values on every JVM.
     */
    public double factor(String importer, String origin, String hsCode, long epochDay, double z) {
        double t0 = rates.mfnRate(importer, hsCode, epochDay);
        if (Double.isNaN(t0)) {
            return 1;
        }
        double t1 = rates.preferentialRate(importer, origin, hsCode, epochDay, t0);
        if (Double.isNaN(t1)) {
            return 1;
        }
        double tariffFactor = (1 + t1 / 100) / (1 + t0 / 100);
        return StrictMath.pow(tariffFactor, elasticityOf(hsCode))
                * StrictMath.exp(NOISE_SIGMA * z - NOISE_SIGMA * NOISE_SIGMA / 2);
    }
}
