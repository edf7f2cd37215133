package org.ptaflow.sinks;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.economics.Money;
import org.ptaflow.transit.TransitAlert;

/**
 * The columns of {@code transit-alerts.csv} (contract §4), once: the CSV, the JSON of the {@code transit-alerts}
 * topic, the PostgreSQL table and the dashboard read this list. {@code office}, {@code detail} and the codes an
 * orphan event carried are free text from the input, so the CSV is written by a quoting writer.
 */
public final class TransitAlertColumns {

    /** One column: its name, its kind (written as {@link ImpactColumns.Kind} writes it) and how it is read. */
    public record Column(String name, ImpactColumns.Kind kind, Function<TransitAlert, Object> value) {
        public String text(TransitAlert alert) {
            return kind.text(value.apply(alert));
        }

        void putJson(ObjectNode o, TransitAlert alert) {
            kind.putJson(o, name, value.apply(alert));
        }
    }

    /** Every column of {@code transit-alerts.csv}, in the contract's order. */
    public static final List<Column> ALL = List.of(
            new Column("movement_id", ImpactColumns.Kind.TEXT, a -> a.movementId),
            new Column("kind", ImpactColumns.Kind.TEXT, a -> a.kind.code()),
            new Column("at", ImpactColumns.Kind.INSTANT, a -> a.at),
            new Column("office", ImpactColumns.Kind.TEXT, a -> a.office),
            new Column("transport_mode", ImpactColumns.Kind.TEXT,
                    a -> a.transportMode == null ? null : a.transportMode.code()),
            new Column("origin", ImpactColumns.Kind.TEXT, a -> a.origin),
            new Column("destination", ImpactColumns.Kind.TEXT, a -> a.destination),
            new Column("declared_value", ImpactColumns.Kind.MONEY,
                    a -> a.declaredValue == null ? null : Money.toMicros(a.declaredValue)),
            new Column("detail", ImpactColumns.Kind.TEXT, a -> a.detail));

    /**
     * What identifies an alert: a movement raises each kind at most once per time (an overdue at its deadline, a late
     * exit at its exit, an orphan at the orphan event's time). The {@code transit-alerts} topic's message key and the
     * PostgreSQL table's primary key.
     */
    public static final List<String> KEY = List.of("movement_id", "kind", "at");

    /** A bounded run's order (the contract fixes none): by time, then movement and kind. */
    public static final Comparator<TransitAlert> ORDER = Comparator
            .comparingLong((TransitAlert a) -> a.at)
            .thenComparing(a -> a.movementId)
            .thenComparing(a -> a.kind.code());

    private TransitAlertColumns() {}

    public static List<String> names() {
        return ALL.stream().map(Column::name).toList();
    }

    public static String header() {
        return String.join(",", names());
    }

    /** The fields of one alert in column order, for a CSV writer that quotes. */
    public static Object[] values(TransitAlert alert) {
        Object[] values = new Object[ALL.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ALL.get(i).text(alert);
        }
        return values;
    }

    /** The alert's key as the {@code transit-alerts} topic carries it: {@code movement_id|kind|at}. */
    public static String topicKey(TransitAlert alert) {
        StringBuilder b = new StringBuilder(64);
        for (Column c : ALL) {
            if (KEY.contains(c.name())) {
                if (b.length() > 0) {
                    b.append('|');
                }
                b.append(c.text(alert));
            }
        }
        return b.toString();
    }

    /** The alert as JSON, the CSV's names in its order (the {@code transit-alerts} topic). */
    static ObjectNode json(TransitAlert alert, ObjectNode o) {
        for (Column c : ALL) {
            c.putJson(o, alert);
        }
        return o;
    }
}
