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

    /** {@code linear_cut c}: every rate is cut by the share {@code c} (0..1). */
    record LinearCut(double cut) implements ConcessionRule {
        public LinearCut {
            requireFinite(cut, cut >= 0 && cut <= 1, "linear_cut must be in 0..1");
        }

        @Override
        public double fullCutRate(double t0) {
            return t0 * (1 - cut);
        }

        @Override
        public String describe() {
            return "linear_cut " + cut;
        }
    }

    /** {@code margin_of_preference m}: South-Asian PTAs' {@code pref = MFN × (1 − m)}, m in 0..1. */
    record MarginOfPreference(double margin) implements ConcessionRule {
        public MarginOfPreference {
            requireFinite(margin, margin >= 0 && margin <= 1, "margin_of_preference must be in 0..1");
        }

        @Override
        public double fullCutRate(double t0) {
            return t0 * (1 - margin);
        }

        @Override
        public String describe() {
            return "margin_of_preference " + margin;
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
