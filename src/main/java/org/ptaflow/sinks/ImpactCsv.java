package org.ptaflow.sinks;

import java.util.Comparator;
import java.util.stream.Collectors;

import org.ptaflow.economics.ImpactRow;

/**
 * The impact rows as CSV, exactly as contract §4 names and orders the columns ({@link ImpactColumns}). Money is
 * printed from exact micro-USD sums; ratios, rates and estimates to six decimals; an empty ratio is an empty field.
 * The band columns
 * ({@code _p05}, {@code _p50}, {@code _p95} after each of trade creation, trade diversion and revenue change) are
 * present when any scenario of the run has uncertainty on, and empty for rows of scenarios without it.
 */
public final class ImpactCsv {
    private ImpactCsv() {}

    /** Bounded runs write rows in this order (contract §4); the scenario breaks ties between scenarios of a run. */
    public static final Comparator<ImpactRow> CONTRACT_ORDER = Comparator
            .comparingLong((ImpactRow r) -> r.windowStart)
            .thenComparing(r -> r.key.importer())
            .thenComparing(r -> r.key.beneficiary())
            .thenComparing(r -> r.key.hs6())
            .thenComparing(r -> r.key.scenario());

    public static String header(boolean bands) {
        return ImpactColumns.csv(bands).stream().map(ImpactColumns.Column::name).collect(Collectors.joining(","));
    }

    public static String line(ImpactRow r, boolean bands) {
        StringBuilder sb = new StringBuilder(256);
        for (ImpactColumns.Column c : ImpactColumns.csv(bands)) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c.text(r));
        }
        return sb.toString();
    }
}
