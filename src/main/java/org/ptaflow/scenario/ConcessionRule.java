package org.ptaflow.scenario;

import java.io.Serializable;

/**
 * How a concession cuts the MFN rate of the lines it lists (economics.md §2, SMART's tariff-change options).
 * {@link #fullCutRate(double)} gives the rule's result {@code t1} for an MFN rate {@code t0}, both in percent,
 * before staging and before the cap {@code min(r, t0)} that {@link Scenario#preferentialRate} applies. Values are
 * checked on construction ({@link IllegalArgumentException}); the loader checks them first to name the field.
 */
public sealed interface ConcessionRule extends Serializable {

    /** Default Swiss-formula coefficient when a scenario gives {@code swiss} without a value. */
    double DEFAULT_SWISS = 16;

    /** The rule's full-cut rate for MFN rate {@code t0} (percent). */
    double fullCutRate(double t0);

    /** The rule as written in a scenario, for summaries: {@code margin_of_preference 0.5}. */
    String describe();

    /** {@code new_rate r}: the line gets {@code r} percent. */
    record NewRate(double rate) implements ConcessionRule {
        public NewRate {
            requireFinite(rate, rate >= 0, "new_rate must be ≥ 0");
        }

        @Override
        public double fullCutRate(double t0) {
            return rate;
        }

        @Override
        public String describe() {
            return "new_rate " + rate;
        }
    }

    /** {@code max_rate r}: rates above {@code r} come down to it. */
    record MaxRate(double rate) implements ConcessionRule {
        public MaxRate {
            requireFinite(rate, rate >= 0, "max_rate must be ≥ 0");
        }

        @Override
        public double fullCutRate(double t0) {
            return Math.min(t0, rate);
        }

        @Override
        public String describe() {
            return "max_rate " + rate;
        }
    }

    /**
     * {@code linear_cut c} and {@code margin_of_preference m}: every rate is cut by a share (0..1),
     * {@code t0 × (1 − share)}. SMART's linear cut and South-Asian PTAs' margin of preference are the same formula
     * under two names; the record keeps the name the scenario used, for its summary.
     */
    record ShareCut(String keyword, double share) implements ConcessionRule {
        public static final String LINEAR_CUT = "linear_cut";
        public static final String MARGIN_OF_PREFERENCE = "margin_of_preference";

        public ShareCut {
            if (!keyword.equals(LINEAR_CUT) && !keyword.equals(MARGIN_OF_PREFERENCE)) {
                throw new IllegalArgumentException("a share cut is linear_cut or margin_of_preference, got " + keyword);
            }
            requireFinite(share, share >= 0 && share <= 1, keyword + " must be in 0..1");
        }

        @Override
        public double fullCutRate(double t0) {
            return t0 * (1 - share);
        }

        @Override
        public String describe() {
            return keyword + " " + share;
        }
    }

    /** {@code swiss a}: {@code a × t0 / (a + t0)}; cuts high rates most and never exceeds {@code a}. */
    record Swiss(double a) implements ConcessionRule {
        public Swiss {
            requireFinite(a, a > 0, "swiss must be > 0");
        }

        @Override
        public double fullCutRate(double t0) {
            return a * t0 / (a + t0);
        }

        @Override
        public String describe() {
            return "swiss " + a;
        }
    }

    private static void requireFinite(double value, boolean inRange, String problem) {
        if (!Double.isFinite(value) || !inRange) {
            throw new IllegalArgumentException(problem + ", got " + value);
        }
    }
}
