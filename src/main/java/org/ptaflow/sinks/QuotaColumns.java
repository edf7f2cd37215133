package org.ptaflow.sinks;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.quotas.QuotaStatus;

/**
 * The columns of {@code quotas.csv} (contract §4), once: the CSV, the JSON of the {@code quota-status} topic and the
 * dashboard's quota panel read this list. One row is a quota's allocation of one registration day with claims
 * ({@link QuotaStatus}). Periods are UTC instants with an exclusive end, as the impact rows' windows; the day and
 * the exhaustion date are dates ({@code exhausted_on} empty while the period is not exhausted); amounts are in the
 * quota's unit with exactly 3 decimals (the allocation's rounding, economics.md §7); {@code fill} is a ratio written
 * as the impact rows' ratios are (six decimals).
 */
public final class QuotaColumns {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** One column: its name, its kind (written as {@link ImpactColumns.Kind} writes it) and how it is read. */
    public record Column(String name, ImpactColumns.Kind kind, Function<QuotaStatus, Object> value) {
        public String text(QuotaStatus row) {
            return kind.text(value.apply(row));
        }

        void putJson(ObjectNode o, QuotaStatus row) {
            kind.putJson(o, name, value.apply(row));
        }
    }

    public static final Column SCENARIO = new Column("scenario", ImpactColumns.Kind.TEXT, q -> q.scenario);
    public static final Column QUOTA = new Column("quota", ImpactColumns.Kind.TEXT, q -> q.quota);
    public static final Column DAY = new Column("day", ImpactColumns.Kind.DATE, q -> q.day);
    public static final Column BALANCE = new Column("balance", ImpactColumns.Kind.QUANTITY, q -> q.balanceMilli);
    public static final Column FILL = new Column("fill", ImpactColumns.Kind.RATE, q -> q.fill);
    public static final Column STATUS = new Column("status", ImpactColumns.Kind.TEXT, q -> q.status);
    public static final Column EXHAUSTED_ON = new Column("exhausted_on", ImpactColumns.Kind.DATE,
            q -> q.exhausted() ? q.exhaustedOnDay : null);

    /** Every column of {@code quotas.csv}, in the contract's order. */
    public static final List<Column> ALL = List.of(
            SCENARIO,
            QUOTA,
            new Column("period_start", ImpactColumns.Kind.INSTANT, q -> q.periodStartDay * MILLIS_PER_DAY),
            new Column("period_end", ImpactColumns.Kind.INSTANT, q -> q.periodEndDay * MILLIS_PER_DAY),
            DAY,
            new Column("requested", ImpactColumns.Kind.QUANTITY, q -> q.requestedMilli),
            new Column("allocated", ImpactColumns.Kind.QUANTITY, q -> q.allocatedMilli),
            BALANCE,
            FILL,
            STATUS,
            EXHAUSTED_ON);

    /** A bounded run writes the rows in this order: by scenario, quota and day (a quota's days in sequence). */
    public static final Comparator<QuotaStatus> CONTRACT_ORDER = Comparator
            .comparing((QuotaStatus q) -> q.scenario)
            .thenComparing(q -> q.quota)
            .thenComparingLong(q -> q.day);

    private QuotaColumns() {}

    /**
     * A quota of a scenario: the {@code quota-status} topic's key, so that a quota's days stay in order on one
     * partition. The dashboard keys its quota rows by it and the day.
     */
    public record Key(String scenario, String quota) {
        public static Key of(QuotaStatus row) {
            return new Key(row.scenario, row.quota);
        }

        /** The key as the topic carries it: {@code scenario|quota}. */
        public String topicKey() {
            return scenario + "|" + quota;
        }
    }

    public static String header() {
        return ALL.stream().map(Column::name).collect(Collectors.joining(","));
    }

    public static String line(QuotaStatus row) {
        StringBuilder sb = new StringBuilder(128);
        for (Column c : ALL) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c.text(row));
        }
        return sb.toString();
    }

    /** The row as JSON, the CSV's names in its order. */
    static ObjectNode json(QuotaStatus row, ObjectNode o) {
        for (Column c : ALL) {
            c.putJson(o, row);
        }
        return o;
    }
}
