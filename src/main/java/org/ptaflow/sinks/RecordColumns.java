package org.ptaflow.sinks;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;

/**
 * The columns of {@code rejected.csv} and {@code late.csv}, which are also the fields of their JSON on Kafka, once
 * each: a column's name and how it is read (text, a whole number, or an instant as ISO-8601 UTC text).
 */
public final class RecordColumns {

    /** One column: its name and its value, a {@code String} (null for none) or a {@code Long}. */
    public record Column<T>(String name, Function<T, Object> value) {}

    public static final List<Column<RejectedRecord>> REJECTED = List.of(
            new Column<>("source", r -> r.source),
            new Column<>("line", r -> r.line),
            new Column<>("scenario", r -> r.scenario),
            new Column<>("reason", r -> r.reason),
            new Column<>("message", r -> r.message),
            new Column<>("original_text", r -> r.originalText));

    public static final List<Column<LateRecord>> LATE = List.of(
            new Column<>("scenario", r -> r.scenario),
            new Column<>("source", r -> r.source),
            new Column<>("declaration_id", r -> r.declarationId),
            new Column<>("item_no", r -> r.itemNo),
            new Column<>("registered_at", r -> Instant.ofEpochMilli(r.registeredAt).toString()),
            new Column<>("window_start", r -> Instant.ofEpochMilli(r.windowStart).toString()),
            new Column<>("watermark", r -> Instant.ofEpochMilli(r.watermark).toString()),
            new Column<>("original_text", r -> r.originalText));

    private RecordColumns() {}

    static <T> List<String> names(List<Column<T>> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /** The values of one record, in column order, for a CSV line. */
    static <T> Object[] values(List<Column<T>> columns, T record) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).value().apply(record);
        }
        return values;
    }

    /** Puts the values of one record into a JSON object, in column order. */
    static <T> ObjectNode json(List<Column<T>> columns, T record, ObjectNode o) {
        for (Column<T> c : columns) {
            Object v = c.value().apply(record);
            if (v instanceof Long whole) {
                o.put(c.name(), whole.longValue());
            } else {
                o.put(c.name(), (String) v);
            }
        }
        return o;
    }
}
