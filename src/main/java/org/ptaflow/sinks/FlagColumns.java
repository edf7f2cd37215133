package org.ptaflow.sinks;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.flags.Flag;

/**
 * The columns of {@code flags.csv} (contract §4), once: the CSV, the JSON of the {@code flags} topic and the
 * dashboard's Flags table read this list. One row is a {@link Flag}: a preference claim shipped through a third
 * country ({@code consignment}) or a line's month whose imports shifted to the partner ({@code partner_shift}). A
 * {@code partner_shift} row has no declaration, item or consignment: empty fields in the CSV, nulls in the JSON.
 * Values are USD written exactly, as the impact rows' money columns; times ISO-8601 UTC.
 */
public final class FlagColumns {

    /** One column: its name, its kind (written as {@link ImpactColumns.Kind} writes it) and how it is read. */
    public record Column(String name, ImpactColumns.Kind kind, Function<Flag, Object> value) {
        public String text(Flag flag) {
            return kind.text(value.apply(flag));
        }

        void putJson(ObjectNode o, Flag flag) {
            kind.putJson(o, name, value.apply(flag));
        }
    }

    /** Every column of {@code flags.csv}, in the contract's order. */
    public static final List<Column> ALL = List.of(
            new Column("scenario", ImpactColumns.Kind.TEXT, f -> f.scenario),
            new Column("declaration_id", ImpactColumns.Kind.TEXT, f -> f.declarationId),
            // Items are numbered from 1: 0 is a flag about a month of a line, not a record.
            new Column("item_no", ImpactColumns.Kind.COUNT, f -> f.itemNo == 0 ? null : f.itemNo),
            new Column("registered_at", ImpactColumns.Kind.INSTANT, f -> f.registeredAt),
            new Column("importer", ImpactColumns.Kind.TEXT, f -> f.importer),
            new Column("origin", ImpactColumns.Kind.TEXT, f -> f.origin),
            new Column("consignment", ImpactColumns.Kind.TEXT, f -> f.consignment),
            new Column("hs_code", ImpactColumns.Kind.TEXT, f -> f.hsCode),
            new Column("value_usd", ImpactColumns.Kind.MONEY, f -> f.valueMicros),
            new Column("rule", ImpactColumns.Kind.TEXT, f -> f.rule),
            new Column("detail", ImpactColumns.Kind.TEXT, f -> f.detail));

    /**
     * A bounded run's order (a proposal: the contract fixes none for flags.csv): by scenario, registration, importer,
     * rule, declaration and item, then origin (two beneficiaries' shifts in one month of one line).
     */
    public static final Comparator<Flag> ORDER = Comparator
            .comparing((Flag f) -> f.scenario)
            .thenComparingLong(f -> f.registeredAt)
            .thenComparing(f -> f.importer)
            .thenComparing(f -> f.rule)
            .thenComparing(f -> f.declarationId == null ? "" : f.declarationId)
            .thenComparingLong(f -> f.itemNo)
            .thenComparing(f -> f.hsCode)
            .thenComparing(f -> f.origin);

    private FlagColumns() {}

    public static List<String> names() {
        return ALL.stream().map(Column::name).toList();
    }

    public static String header() {
        return String.join(",", names());
    }

    /**
     * The fields of one flag in column order, for a CSV writer that quotes (Jackson's, as {@code rejected.csv}
     * is written): {@code detail} is free text.
     */
    public static Object[] values(Flag flag) {
        Object[] values = new Object[ALL.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ALL.get(i).text(flag);
        }
        return values;
    }

    /**
     * The flag's key as the {@code flags} topic carries it: what the flag is about, under its scenario. A
     * {@code consignment} flag is about one record: {@code scenario|declaration_id|item_no}; a {@code partner_shift}
     * flag about a month of a line and a beneficiary: {@code scenario|importer|hs6|month|origin}, the month as its
     * first instant ({@code registered_at}). Fields as the CSV writes them.
     */
    public static String topicKey(Flag flag) {
        List<String> fields = Flag.CONSIGNMENT.equals(flag.rule)
                ? List.of("scenario", "declaration_id", "item_no")
                : List.of("scenario", "importer", "hs_code", "registered_at", "origin");
        return fields.stream().map(name -> column(name).text(flag)).collect(Collectors.joining("|"));
    }

    private static Column column(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The flag as JSON, the CSV's names in its order; for the {@code flags} topic through {@link OutputJson}, as
     * {@code quotas.csv}'s rows are.
     */
    static ObjectNode json(Flag flag, ObjectNode o) {
        for (Column c : ALL) {
            c.putJson(o, flag);
        }
        return o;
    }
}
