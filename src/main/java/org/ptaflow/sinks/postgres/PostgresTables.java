package org.ptaflow.sinks.postgres;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.scenario.Quota;
import org.ptaflow.sinks.ImpactColumns;
import org.ptaflow.sinks.ImpactColumns.Kind;
import org.ptaflow.sinks.QuotaColumns;
import org.ptaflow.sinks.RecordColumns;
import org.ptaflow.sinks.TaxColumns;
import org.ptaflow.sinks.TaxLine;
import org.ptaflow.sinks.FlagColumns;
import org.ptaflow.sinks.TransitAlertColumns;
import org.ptaflow.sinks.TransitColumns;
import org.ptaflow.flags.Flag;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * The tables of {@code --sink postgres}, generated from the column lists the CSV files and Kafka topics are written
 * from ({@link ImpactColumns}, {@link TaxColumns}, {@link QuotaColumns}, {@link RecordColumns},
 * {@link TransitColumns}, {@link TransitAlertColumns}, {@link FlagColumns}): a new column there is a new column
 * here. Each table has the key its rows are upserted by, so that a row written again (an early row
 * replaced by the final one, a replay after a failure) replaces the row it stands for instead of adding one.
 *
 * <p>Column types follow what each column is: money, rates and estimates {@code numeric} holding exactly the
 * decimal the CSV prints (an empty field is NULL), windows {@code timestamptz}, days {@code date}, counts
 * {@code bigint}, codes {@code text}. {@code run_summary} is not here: it is written by the client at the end of a
 * run ({@link PostgresOutput#writeSummary}).
 */
public final class PostgresTables {

    /** One column: its name, its SQL type and its value as a statement parameter (null for NULL). */
    public record Column<T>(String name, String sqlType, int jdbcType, Function<T, Object> value) {}

    /** A table: its name, the columns of its key and all of its columns in order (the key's among them). */
    public record Table<T>(String name, List<String> key, List<Column<T>> columns) {
        public List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }

        /** The column of this name, or null. */
        public Column<T> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }

        /**
         * The upsert statement into {@code schema.name}, with {@code guard} (a condition on the row in the table and
         * the {@code EXCLUDED} one) when not null. {@link PostgresOutput#upsert} writes it.
         */
        public String upsert(String schema, String guard) {
            return PostgresOutput.upsert(qualified(schema), columnNames(), key, guard);
        }

        /** {@code "schema"."name"}. */
        public String qualified(String schema) {
            return PostgresSettings.quote(schema) + "." + PostgresSettings.quote(name);
        }

        /** Sets the statement's parameters from one row, in column order: values never enter the SQL text. */
        void bind(PreparedStatement statement, T row) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                Column<T> c = columns.get(i);
                Object v = c.value().apply(row);
                if (v == null) {
                    statement.setNull(i + 1, c.jdbcType());
                } else {
                    statement.setObject(i + 1, v, c.jdbcType());
                }
            }
        }
    }

    /** The impact rows' key: contract §4's (the window's end follows from its start). */
    private static final List<String> IMPACT_KEY = List.of("scenario", "window_start", "importer", "beneficiary",
            "hs6");

    /** Every impact column, the uncertainty bands included (NULL for a scenario without), then {@code final}. */
    public static final Table<ImpactRow> IMPACT_ROWS = new Table<>("impact_rows", IMPACT_KEY, impactColumns());

    /** The rows per tax ({@code taxes.csv}), then {@code final}, keyed by the impact row's key and the tax. */
    public static final Table<TaxLine> TAX_ROWS = new Table<>("tax_rows", with(IMPACT_KEY, "tax"), taxColumns());

    /** The quotas' daily allocations ({@code quotas.csv}). */
    public static final Table<QuotaStatus> QUOTA_STATUS = new Table<>("quota_status",
            List.of("scenario", "quota", "day"),
            QuotaColumns.ALL.stream().map(c -> of(c.name(), c.kind(), c.value())).toList());

    /**
     * The rejected records by source and line; and by scenario, since a line may be rejected by more than one
     * scenario's tables (the parser's rejections have the scenario {@code ''}, as in {@code rejected.csv}).
     */
    public static final Table<RejectedRecord> REJECTED_RECORDS = new Table<>("rejected_records",
            List.of("source", "line", "scenario"), records(RecordColumns.REJECTED));

    /**
     * The late records by source and line, and by scenario (a record may be late in one scenario and on time in
     * another): the columns of {@code late.csv} plus {@code line}, which the file does not have.
     */
    public static final Table<LateRecord> LATE_RECORDS = new Table<>("late_records",
            List.of("source", "line", "scenario"), withLine(records(RecordColumns.LATE)));

    /**
     * The rows of {@code transit.csv}, keyed by the row's key ({@link TransitColumns#KEY}): a live run upserts a
     * key's row whenever one of its movements changes, so the table holds each key's latest row, the backtest's.
     * The open row of a departure key has no office of exit: {@code ''} here (a key column cannot be NULL).
     */
    public static final Table<TransitRow> TRANSIT_ROWS = new Table<>("transit_rows", TransitColumns.KEY,
            keyed(TransitColumns.KEY,
                    TransitColumns.ALL.stream().map(c -> of(c.name(), c.kind(), c.value())).toList()));

    /** The transit alerts ({@code transit-alerts.csv}), keyed by movement, kind and time. */
    public static final Table<TransitAlert> TRANSIT_ALERTS = new Table<>("transit_alerts", TransitAlertColumns.KEY,
            keyed(TransitAlertColumns.KEY,
                    TransitAlertColumns.ALL.stream().map(c -> of(c.name(), c.kind(), c.value())).toList()));

    /**
     * What identifies a flag, whatever its rule: a {@code consignment} flag is one per record of a scenario
     * (declaration and item; its importer, line, time and origin are the record's own), a {@code partner_shift} flag
     * one per scenario, importer, HS6, month and beneficiary (no declaration: {@code ''}, item 0, as a key column
     * cannot be NULL). One key over both rules' columns keeps every flag apart and a flag written again in place.
     */
    static final List<String> FLAG_KEY = List.of("scenario", "rule", "declaration_id", "item_no", "importer",
            "hs_code", "registered_at", "origin");

    /** The flags on preference claims ({@code flags.csv}). */
    public static final Table<Flag> FLAGS = new Table<>("flags", FLAG_KEY,
            keyed(FLAG_KEY, FlagColumns.ALL.stream().map(c -> of(c.name(), c.kind(), c.value())).toList()));

    /** The tables the job's streams are written to, in creation order. */
    public static final List<Table<?>> STREAMED = List.of(IMPACT_ROWS, TAX_ROWS, QUOTA_STATUS, REJECTED_RECORDS,
            LATE_RECORDS, FLAGS, TRANSIT_ROWS, TRANSIT_ALERTS);

    private PostgresTables() {}

    /**
     * The tables a run writes: every one, but the transit tables only when a scenario has a {@code transit:}
     * section (without one the job has no transit rows or alerts, so a customs-only database need not have them;
     * the Kafka topics follow the same rule).
     */
    public static List<Table<?>> forRun(boolean transit) {
        return transit ? STREAMED
                : STREAMED.stream().filter(t -> t != TRANSIT_ROWS && t != TRANSIT_ALERTS).toList();
    }

    private static List<Column<ImpactRow>> impactColumns() {
        List<Column<ImpactRow>> columns = new ArrayList<>();
        for (ImpactColumns.Column c : ImpactColumns.csv(true)) {
            columns.add(of(c.name(), c.kind(), c::value));
        }
        columns.add(new Column<>("final", "boolean", Types.BOOLEAN, r -> r.finalRow));
        return List.copyOf(columns);
    }

    private static List<Column<TaxLine>> taxColumns() {
        List<Column<TaxLine>> columns = new ArrayList<>();
        for (TaxColumns.Column c : TaxColumns.ALL) {
            columns.add(of(c.name(), c.kind(), c.value()));
        }
        columns.add(new Column<>("final", "boolean", Types.BOOLEAN, l -> l.row.finalRow));
        return List.copyOf(columns);
    }

    private static List<Column<LateRecord>> withLine(List<Column<LateRecord>> columns) {
        List<Column<LateRecord>> out = new ArrayList<>();
        out.add(new Column<>("line", "bigint", Types.BIGINT, r -> r.line));
        out.addAll(columns);
        return List.copyOf(out);
    }

    /** Rejected and late records: text, whole numbers, and instants written as ISO-8601 text in the CSV. */
    private static <T> List<Column<T>> records(List<RecordColumns.Column<T>> columns) {
        List<Column<T>> out = new ArrayList<>();
        for (RecordColumns.Column<T> c : columns) {
            boolean instant = List.of("registered_at", "window_start", "watermark").contains(c.name());
            boolean whole = List.of("line", "item_no").contains(c.name());
            Function<T, Object> value = c.value();
            if (instant) {
                out.add(new Column<>(c.name(), "timestamptz", Types.TIMESTAMP_WITH_TIMEZONE,
                        r -> OffsetDateTime.ofInstant(Instant.parse((String) value.apply(r)), ZoneOffset.UTC)));
            } else if (whole) {
                out.add(new Column<>(c.name(), "bigint", Types.BIGINT, value));
            } else {
                // A key column is never NULL in PostgreSQL; none of these is null in the records either.
                out.add(new Column<>(c.name(), "text", Types.VARCHAR, value));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The columns with a value for every key column: PostgreSQL's primary key columns are NOT NULL, so where the
     * CSV has an empty field in a key column, the table has {@code ''} (text) or 0 (a count).
     */
    private static <T> List<Column<T>> keyed(List<String> key, List<Column<T>> columns) {
        List<Column<T>> out = new ArrayList<>();
        for (Column<T> c : columns) {
            if (!key.contains(c.name())) {
                out.add(c);
                continue;
            }
            Object blank = switch (c.jdbcType()) {
                case Types.VARCHAR -> "";
                case Types.BIGINT -> 0L;
                default -> null; // times and the others: never empty in a key
            };
            Function<T, Object> value = c.value();
            out.add(new Column<>(c.name(), c.sqlType(), c.jdbcType(), r -> {
                Object v = value.apply(r);
                return v == null ? blank : v;
            }));
        }
        return List.copyOf(out);
    }

    private static List<String> with(List<String> key, String more) {
        List<String> all = new ArrayList<>(key);
        all.add(more);
        return List.copyOf(all);
    }

    /** A column of the CSV's kind: its SQL type, and its value exactly as the CSV prints it. */
    private static <T> Column<T> of(String name, Kind kind, Function<T, Object> read) {
        return switch (kind) {
            case TEXT -> new Column<>(name, "text", Types.VARCHAR, read);
            case INSTANT -> new Column<>(name, "timestamptz", Types.TIMESTAMP_WITH_TIMEZONE,
                    r -> read.apply(r) == null ? null
                            : OffsetDateTime.ofInstant(Instant.ofEpochMilli((Long) read.apply(r)), ZoneOffset.UTC));
            case COUNT -> new Column<>(name, "bigint", Types.BIGINT, read);
            case MONEY -> new Column<>(name, "numeric", Types.NUMERIC,
                    r -> read.apply(r) == null ? null : BigDecimal.valueOf((Long) read.apply(r), 6));
            case RATE, ESTIMATE -> new Column<>(name, "numeric", Types.NUMERIC, r -> {
                Object v = read.apply(r);
                // The six decimals the CSV prints, so that the table and the file agree; NaN is the empty field.
                String printed = v == null ? "" : Money.formatDouble((Double) v);
                return printed.isEmpty() ? null : new BigDecimal(printed);
            });
            case FLAG -> new Column<>(name, "boolean", Types.BOOLEAN, read);
            case DATE -> new Column<>(name, "date", Types.DATE,
                    r -> read.apply(r) == null ? null : LocalDate.ofEpochDay((Long) read.apply(r)));
            case QUANTITY -> new Column<>(name, "numeric", Types.NUMERIC,
                    r -> read.apply(r) == null ? null : Quota.fromMilli((Long) read.apply(r)));
        };
    }

    /**
     * The connector's statement builder for one table. It holds the table's name only: the tables' column lists
     * hold lambdas, which are not serializable, and the builder travels to the task managers.
     */
    static final class Binder<T> implements JdbcStatementBuilder<T> {
        private static final long serialVersionUID = 1L;
        private final String table;

        Binder(Table<T> table) {
            this.table = table.name();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void accept(PreparedStatement statement, T row) throws SQLException {
            Table<T> t = (Table<T>) STREAMED.stream().filter(s -> s.name().equals(table)).findFirst().orElseThrow();
            t.bind(statement, row);
        }
    }
}
