package org.ptaflow.sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
/**
 * The columns of {@code taxes.csv} (contract §4), once: the CSV and the JSON of the {@code tax-rows} topic read this
 * list. The identity columns are the impact row's ({@link ImpactColumns#IDENTITY}); then, per tax: its name, whether
 * it is creditable, its amount at MFN and statutory, what is forgone (the difference), what the records say was
 * collected (empty when no record carried it) and the estimated revenue change. For the customs duty these are the
 * impact row's own duty columns, so the duty line and {@code impact.csv} cannot disagree. Money as in
 * {@code impact.csv}: exact decimals of USD from micro-USD; the revenue change to six decimals.
 */
public final class TaxColumns {

    /** One column: its name, its kind (written as {@link ImpactColumns.Kind} writes it) and how it is read. */
    public record Column(String name, ImpactColumns.Kind kind, Function<TaxLine, Object> value) {
        public String text(TaxLine line) {
            return kind.text(value.apply(line));
        }

        void putJson(ObjectNode o, TaxLine line) {
            kind.putJson(o, name, value.apply(line));
        }
    }

    /** The columns after the identity, in the contract's order. */
    public static final List<Column> MEASURES = List.of(
            new Column("tax", ImpactColumns.Kind.TEXT, TaxLine::name),
            new Column("creditable", ImpactColumns.Kind.FLAG,
                    l -> !l.duty() && l.row.taxCreditable[l.tax()]),
            new Column("at_mfn", ImpactColumns.Kind.MONEY,
                    l -> l.duty() ? l.row.sums.dutyAtMfn : l.row.sums.taxAtMfn[l.tax()]),
            new Column("statutory", ImpactColumns.Kind.MONEY,
                    l -> l.duty() ? l.row.sums.dutyStatutory : l.row.sums.taxStatutory[l.tax()]),
            new Column("forgone", ImpactColumns.Kind.MONEY,
                    l -> l.duty() ? l.row.sums.revenueForgone()
                            : Math.subtractExact(l.row.sums.taxAtMfn[l.tax()], l.row.sums.taxStatutory[l.tax()])),
            new Column("collected", ImpactColumns.Kind.MONEY, TaxColumns::collected),
            new Column("revenue_change", ImpactColumns.Kind.ESTIMATE,
                    l -> l.duty() ? l.row.revenueChange : l.row.taxRevenueChange[l.tax()]));

    /** Every column of {@code taxes.csv}, in order. */
    public static final List<Column> ALL = all();

    private TaxColumns() {}

    private static List<Column> all() {
        List<Column> all = new ArrayList<>();
        for (ImpactColumns.Column c : ImpactColumns.IDENTITY) {
            all.add(identity(c));
        }
        all.addAll(MEASURES);
        return List.copyOf(all);
    }

    private static Column identity(ImpactColumns.Column c) {
        return new Column(c.name(), c.kind(), l -> c.value(l.row));
    }

    /** Σ collected (micro-USD), or null (an empty field) when no record of the row carried it. */
    private static Long collected(TaxLine l) {
        if (l.duty()) {
            return l.row.sums.dutyCollectedRecords == 0 ? null : l.row.sums.dutyCollected;
        }
        long[] records = l.row.sums.taxCollectedRecords;
        if (records == null || records[l.tax()] == 0) {
            return null;
        }
        return l.row.sums.taxCollected[l.tax()];
    }

    public static String header() {
        return ALL.stream().map(Column::name).collect(Collectors.joining(","));
    }

    public static String line(TaxLine l) {
        StringBuilder sb = new StringBuilder(160);
        for (Column c : ALL) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c.text(l));
        }
        return sb.toString();
    }

    /** The line as JSON: the identity, {@code final} (whether the impact row is final), then the tax's columns. */
    static ObjectNode json(TaxLine l, ObjectNode o) {
        for (int i = 0; i < ImpactColumns.IDENTITY.size(); i++) {
            ALL.get(i).putJson(o, l);
        }
        o.put("final", l.row.finalRow);
        for (Column c : MEASURES) {
            c.putJson(o, l);
        }
        return o;
    }
}
