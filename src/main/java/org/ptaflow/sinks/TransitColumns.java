package org.ptaflow.sinks;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.transit.TransitRow;

/**
 * The columns of {@code transit.csv} (contract §4), once: the CSV, the JSON of the {@code transit-rows} topic, the
 * PostgreSQL table and the dashboard's Transit view read this list. Money is USD written exactly, mass in kg with
 * three decimals, transit hours with six decimals (empty without exits), times ISO-8601 UTC.
 */
public final class TransitColumns {

    /** One column: its name, its kind (written as {@link ImpactColumns.Kind} writes it) and how it is read. */
    public record Column(String name, ImpactColumns.Kind kind, Function<TransitRow, Object> value) {
        public String text(TransitRow row) {
            return kind.text(value.apply(row));
        }

        void putJson(ObjectNode o, TransitRow row) {
            kind.putJson(o, name, value.apply(row));
        }
    }

    /** Every column of {@code transit.csv}, in the contract's order. */
    public static final List<Column> ALL = List.of(
            new Column("scenario", ImpactColumns.Kind.TEXT, r -> r.scenario),
            new Column("window_start", ImpactColumns.Kind.INSTANT, r -> r.windowStart),
            new Column("window_end", ImpactColumns.Kind.INSTANT, r -> r.windowEnd),
            new Column("office_departure", ImpactColumns.Kind.TEXT, r -> r.officeDeparture),
            new Column("office_exit", ImpactColumns.Kind.TEXT, r -> r.officeExit),
            new Column("transport_mode", ImpactColumns.Kind.TEXT, r -> r.transportMode),
            new Column("direction", ImpactColumns.Kind.TEXT, r -> r.direction),
            new Column("origin", ImpactColumns.Kind.TEXT, r -> r.origin),
            new Column("destination", ImpactColumns.Kind.TEXT, r -> r.destination),
            new Column("movements", ImpactColumns.Kind.COUNT, r -> r.movements),
            new Column("declared_value", ImpactColumns.Kind.MONEY, r -> r.declaredValueMicros),
            new Column("gross_mass_kg", ImpactColumns.Kind.QUANTITY, r -> r.grossMassMilliKg),
            new Column("exited", ImpactColumns.Kind.COUNT, r -> r.exited),
            new Column("transit_hours_p50", ImpactColumns.Kind.RATE, r -> r.transitHoursP50),
            new Column("transit_hours_p90", ImpactColumns.Kind.RATE, r -> r.transitHoursP90),
            new Column("overdue", ImpactColumns.Kind.COUNT, r -> r.overdue),
            new Column("open_exposure", ImpactColumns.Kind.MONEY, r -> r.openExposureMicros),
            new Column("guarantee", ImpactColumns.Kind.MONEY, r -> r.guaranteeMicros));

    /**
     * The columns of a row's key ({@link TransitRow#key()}), in the file's order: a live run writes a key's row again
     * whenever one of its movements changes, and the latest row of a key is its state. The {@code transit-rows}
     * topic's message key and the PostgreSQL table's primary key.
     */
    public static final List<String> KEY = List.of("scenario", "window_start", "office_departure", "office_exit",
            "transport_mode", "direction", "origin", "destination");

    /**
     * A bounded run's order (the contract fixes none for transit.csv): by scenario and window, then the key's
     * columns in the file's order, the open row of a departure key (no office of exit) before its corridors.
     */
    public static final Comparator<TransitRow> ORDER = Comparator
            .comparing((TransitRow r) -> r.scenario)
            .thenComparingLong(r -> r.windowStart)
            .thenComparing(r -> r.officeDeparture)
            .thenComparing(r -> r.officeExit == null ? "" : r.officeExit)
            .thenComparing(r -> r.transportMode)
            .thenComparing(r -> r.direction)
            .thenComparing(r -> r.origin)
            .thenComparing(r -> r.destination);

    private TransitColumns() {}

    public static List<String> names() {
        return ALL.stream().map(Column::name).toList();
    }

    public static String header() {
        return String.join(",", names());
    }

    /** The fields of one row in column order (no field of a row needs quotes: codes, numbers and times). */
    public static String line(TransitRow row) {
        StringBuilder b = new StringBuilder(160);
        for (int i = 0; i < ALL.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ALL.get(i).text(row));
        }
        return b.toString();
    }

    /**
     * The row's key as the {@code transit-rows} topic carries it: the {@link #KEY} columns as the CSV writes them,
     * joined by {@code |} ({@code scenario|window_start|office_departure|office_exit|transport_mode|direction|origin|
     * destination}; the office of exit empty for the open row), so that a compacted topic keeps each key's latest row.
     */
    public static String topicKey(TransitRow row) {
        StringBuilder b = new StringBuilder(96);
        for (Column c : ALL) {
            if (KEY.contains(c.name())) {
                if (b.length() > 0) {
                    b.append('|');
                }
                b.append(c.text(row));
            }
        }
        return b.toString();
    }

    /** The row as JSON, the CSV's names in its order (the {@code transit-rows} topic). */
    static ObjectNode json(TransitRow row, ObjectNode o) {
        for (Column c : ALL) {
            c.putJson(o, row);
        }
        return o;
    }
}
