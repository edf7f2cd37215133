package org.ptaflow.sinks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.scenario.Quota;

/**
 * The columns of an impact row (contract §4), once: each column's name, how it is read from an {@link ImpactRow}
 * and how it is written. The CSV writer ({@link ImpactCsv}), the JSON of the Kafka topic ({@link OutputJson}) and
 * the dashboard all read this list; a new column is one line in {@link #ALL}.
 *
 * <p>An estimate may carry uncertainty bands ({@code _p05}, {@code _p50}, {@code _p95}, economics.md §5), written
 * only when uncertainty is on: in the CSV right after their estimate, in the JSON after all other columns.
 */
public final class ImpactColumns {

    /** How a column's value is written. */
    public enum Kind {
        /** Text as it is (codes and identifiers). */
        TEXT,
        /** Epoch milliseconds as an ISO-8601 UTC instant. */
        INSTANT,
        /** A whole count. */
        COUNT,
        /** Exact micro-USD as a plain decimal of USD. */
        MONEY,
        /** A rate or ratio, six decimals; empty when NaN. Not additive: rows are not summed by it. */
        RATE,
        /** An estimate in USD, six decimals; empty when NaN. Additive over rows. */
        ESTIMATE,
        /** Yes or no: {@code true}/{@code false} in the CSV, a JSON boolean. */
        FLAG,
        /** An epoch day as a UTC date, {@code YYYY-MM-DD} (the quotas' registration days). */
        DATE,
        /** Exact thousandths of a unit (a quota's kg, pieces or USD) as a decimal with exactly 3 decimals. */
        QUANTITY;

        /** Whether the rows of a window may be summed by this column (the dashboard's totals). */
        public boolean additive() {
            return this == COUNT || this == MONEY || this == ESTIMATE;
        }

        /** A value of this kind as a CSV field; null (a figure nobody reported) is the empty field. */
        String text(Object v) {
            if (v == null) {
                return "";
            }
            return switch (this) {
                case TEXT -> (String) v;
                case INSTANT -> Instant.ofEpochMilli((Long) v).toString();
                case COUNT -> Long.toString((Long) v);
                case MONEY -> Money.format((Long) v);
                case RATE, ESTIMATE -> Money.formatDouble((Double) v);
                case FLAG -> Boolean.toString((Boolean) v);
                case DATE -> LocalDate.ofEpochDay((Long) v).toString();
                case QUANTITY -> Quota.fromMilli((Long) v).toPlainString();
            };
        }

        /** Puts a value of this kind into a JSON object: numbers as exact decimals, an empty figure as null. */
        void putJson(ObjectNode o, String name, Object v) {
            if (v == null) {
                o.putNull(name);
                return;
            }
            switch (this) {
                case TEXT -> o.put(name, (String) v);
                case INSTANT -> o.put(name, Instant.ofEpochMilli((Long) v).toString());
                case COUNT -> o.put(name, (long) (Long) v);
                case MONEY -> o.put(name, BigDecimal.valueOf((Long) v, 6).stripTrailingZeros());
                case RATE, ESTIMATE -> {
                    String printed = Money.formatDouble((Double) v);
                    if (printed.isEmpty()) {
                        o.putNull(name);
                    } else {
                        o.put(name, new BigDecimal(printed));
                    }
                }
                case FLAG -> o.put(name, (boolean) (Boolean) v);
                case DATE -> o.put(name, LocalDate.ofEpochDay((Long) v).toString());
                case QUANTITY -> o.put(name, Quota.fromMilli((Long) v));
            }
        }
    }

    /** One column: its contract name, its kind and how to read it; {@code bands} are its p05, p50, p95 columns. */
    public static final class Column {
        private final String name;
        private final Kind kind;
        private final Function<ImpactRow, Object> value;
        private final List<Column> bands;

        private Column(String name, Kind kind, Function<ImpactRow, Object> value, List<Column> bands) {
            this.name = name;
            this.kind = kind;
            this.value = value;
            this.bands = bands;
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        /** The band columns of an estimate (p05, p50, p95), empty for every other column. */
        public List<Column> bands() {
            return bands;
        }

        /** The value as read from the row (a String, Long, Double or Boolean per {@link #kind}). */
        public Object value(ImpactRow row) {
            return value.apply(row);
        }

        /** The value as a CSV field. */
        public String text(ImpactRow row) {
            return kind.text(value.apply(row));
        }

        /** Puts the value into a JSON object: numbers as exact decimals, an empty ratio as null. */
        void putJson(ObjectNode o, ImpactRow row) {
            kind.putJson(o, name, value.apply(row));
        }
    }

    public static final Column SCENARIO = text("scenario", r -> r.key.scenario());
    public static final Column WINDOW_START = instant("window_start", r -> r.windowStart);
    public static final Column WINDOW_END = instant("window_end", r -> r.windowEnd);
    public static final Column IMPORTER = text("importer", r -> r.key.importer());
    public static final Column BENEFICIARY = text("beneficiary", r -> r.key.beneficiary());
    public static final Column HS6 = text("hs6", r -> r.key.hs6());

    /** What a row is about; in the JSON the {@code final} flag follows these. */
    public static final List<Column> IDENTITY = List.of(SCENARIO, WINDOW_START, WINDOW_END, IMPORTER, BENEFICIARY, HS6);

    /** What a row measures and estimates, in the contract's order. */
    public static final List<Column> MEASURES = List.of(
            count("records", r -> r.sums.records),
            money("value_beneficiary", r -> r.sums.valueBeneficiary),
            money("value_others", r -> r.sums.valueOthers),
            money("dutiable_value", r -> r.sums.dutiableValue),
            money("eligible_value", r -> r.sums.eligibleValue),
            money("preferential_value", r -> r.sums.preferentialValue),
            rate("utilization", r -> r.sums.utilisation()),
            rate("t0", r -> r.sums.t0Percent()),
            rate("t1", r -> r.sums.t1Percent()),
            money("duty_at_mfn", r -> r.sums.dutyAtMfn),
            money("duty_statutory", r -> r.sums.dutyStatutory),
            money("revenue_forgone", r -> r.sums.revenueForgone()),
            estimate("trade_creation", r -> r.tradeCreation,
                    r -> r.tradeCreationP05, r -> r.tradeCreationP50, r -> r.tradeCreationP95),
            estimate("trade_diversion", r -> r.tradeDiversion,
                    r -> r.tradeDiversionP05, r -> r.tradeDiversionP50, r -> r.tradeDiversionP95),
            estimate("trade_effect", r -> r.tradeEffect),
            estimate("revenue_change", r -> r.revenueChange,
                    r -> r.revenueChangeP05, r -> r.revenueChangeP50, r -> r.revenueChangeP95),
            estimate("welfare", r -> r.welfare),
            // The border taxes beyond the duty (economics.md §6): the non-creditable ones only.
            money("taxes_at_mfn", ImpactRow::taxesAtMfn),
            money("taxes_statutory", ImpactRow::taxesStatutory),
            money("taxes_forgone", ImpactRow::taxesForgone),
            money("total_revenue_forgone", ImpactRow::totalRevenueForgone),
            estimate("total_revenue_change", r -> r.totalRevenueChange,
                    r -> r.totalRevenueChangeP05, r -> r.totalRevenueChangeP50, r -> r.totalRevenueChangeP95));

    private ImpactColumns() {}

    /** The columns of the CSV, in order: the band columns after their estimate when {@code bands}. */
    public static List<Column> csv(boolean bands) {
        List<Column> all = new ArrayList<>(IDENTITY);
        for (Column c : MEASURES) {
            all.add(c);
            if (bands) {
                all.addAll(c.bands());
            }
        }
        return all;
    }

    private static Column text(String name, Function<ImpactRow, String> value) {
        return new Column(name, Kind.TEXT, value::apply, List.of());
    }

    private static Column instant(String name, ToLongFunction<ImpactRow> value) {
        return new Column(name, Kind.INSTANT, value::applyAsLong, List.of());
    }

    private static Column count(String name, ToLongFunction<ImpactRow> value) {
        return new Column(name, Kind.COUNT, value::applyAsLong, List.of());
    }

    private static Column money(String name, ToLongFunction<ImpactRow> value) {
        return new Column(name, Kind.MONEY, value::applyAsLong, List.of());
    }

    private static Column rate(String name, ToDoubleFunction<ImpactRow> value) {
        return new Column(name, Kind.RATE, value::applyAsDouble, List.of());
    }

    /**
     * An estimate, with its p05, p50 and p95 bands if given. A band reads as empty on a row without bands (its
     * scenario has uncertainty off while another of the run has it on).
     */
    @SafeVarargs
    private static Column estimate(String name, ToDoubleFunction<ImpactRow> value,
            ToDoubleFunction<ImpactRow>... p05p50p95) {
        String[] suffixes = {"_p05", "_p50", "_p95"};
        List<Column> bands = new ArrayList<>();
        for (int i = 0; i < p05p50p95.length; i++) {
            ToDoubleFunction<ImpactRow> band = p05p50p95[i];
            bands.add(new Column(name + suffixes[i], Kind.ESTIMATE,
                    r -> r.hasBands ? band.applyAsDouble(r) : Double.NaN, List.of()));
        }
        return new Column(name, Kind.ESTIMATE, value::applyAsDouble, List.copyOf(bands));
    }
}
