package org.ptaflow.scenario;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * The phasing-in of a concession: from each date (inclusive) a fraction of the full cut is in force
 * (economics.md §2). Before the first date the concession is not in force (fraction 0); a concession without
 * staging ({@link #NONE}) is fully in force on every date. Dates strictly increase and fractions, each in (0, 1],
 * do not decrease.
 */
public final class Staging implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No staging: the full cut on every date. */
    public static final Staging NONE = new Staging(new long[0], new double[0]);

    /** One step: from {@code from} (inclusive) the share {@code fraction} of the cut is in force. */
    public record Step(LocalDate from, double fraction) implements Serializable {}

    private final long[] days;
    private final double[] fractions;

    private Staging(long[] days, double[] fractions) {
        this.days = days;
        this.fractions = fractions;
    }

    /** @throws IllegalArgumentException when dates do not increase or fractions leave (0, 1] or decrease */
    public static Staging of(List<Step> steps) {
        if (steps.isEmpty()) {
            return NONE;
        }
        long[] days = new long[steps.size()];
        double[] fractions = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (!(s.fraction() > 0 && s.fraction() <= 1)) {
                throw new IllegalArgumentException("fraction " + s.fraction() + " is outside (0, 1]");
            }
            days[i] = s.from().toEpochDay();
            fractions[i] = s.fraction();
            if (i > 0 && days[i] <= days[i - 1]) {
                throw new IllegalArgumentException("date " + s.from() + " is not after " + steps.get(i - 1).from());
            }
            if (i > 0 && fractions[i] < fractions[i - 1]) {
                throw new IllegalArgumentException(
                        "fraction " + s.fraction() + " is below the previous " + fractions[i - 1]);
            }
        }
        return new Staging(days, fractions);
    }

    /** Share of the full cut in force on {@code epochDay}: 0 before the first date, 1 without staging. */
    public double fractionOn(long epochDay) {
        if (days.length == 0) {
            return 1;
        }
        double fraction = 0;
        for (int i = 0; i < days.length && days[i] <= epochDay; i++) { // a handful of steps: a scan is fastest
            fraction = fractions[i];
        }
        return fraction;
    }

    public boolean isStaged() {
        return days.length > 0;
    }

    public List<Step> steps() {
        Step[] steps = new Step[days.length];
        for (int i = 0; i < days.length; i++) {
            steps[i] = new Step(LocalDate.ofEpochDay(days[i]), fractions[i]);
        }
        return List.of(steps);
    }

    @Override
    public String toString() {
        if (days.length == 0) {
            return "in force on every date";
        }
        StringBuilder sb = new StringBuilder();
        for (Step s : steps()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.fraction()).append(" from ").append(s.from());
        }
        return sb.toString();
    }
}
