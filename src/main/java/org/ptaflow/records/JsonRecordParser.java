package org.ptaflow.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Parses one JSON object (a JSON Lines line or a Kafka message value) into a {@link CustomsRecord}.
 *
 * <p>It reads Jackson's token stream rather than binding to a tree or a class: a number token's text is exactly
 * what the producer wrote, so {@code 1e3} can be refused as a decimal (contract: no exponent) and {@code 1.50}
 * keeps its scale, and nothing is built that is thrown away. The text of each value then goes through
 * {@link RecordFields}, the same checks as CSV.
 *
 * <p>Rules of the JSON form:
 * <ul>
 *   <li>The text is one JSON object, optionally preceded by a byte-order mark and surrounded by whitespace;
 *       anything else (an array, a bare value, two objects, truncated text, NaN, duplicate keys, text that was not
 *       UTF-8, nesting deeper than Jackson's limit of 1000) is {@link RejectionReason#MALFORMED}.</li>
 *   <li>{@code null} means absent. Numbers may be JSON strings or JSON numbers. The free-text
 *       fields ({@code declaration_id}, {@code unit}, {@code preference}) must be JSON strings: a numeric
 *       declaration id would be ambiguous ({@code 1.0} or {@code 1}), so a number or boolean there is MALFORMED.
 *       A boolean elsewhere fails the field's own check (a boolean {@code customs_value} is a bad number); an
 *       object or array as a known field's value is always MALFORMED. {@code hs_code} must be
 *       a JSON string too ({@link RejectionReason#BAD_HS_CODE} otherwise): as a number it loses the leading zero
 *       of chapters 01 to 09.</li>
 *   <li>Unknown keys are ignored, whatever their value.</li>
 * </ul>
 * Thread-safe: the factory is shared, each call makes its own parser.
 */
public final class JsonRecordParser {
    private static final char BOM = '\uFEFF';
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Jackson refuses numbers over 1000 characters as a parse error; let RecordFields judge them, so a
            // very long number is a bad number in JSON just as in CSV.
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private final List<String> collectedTaxes;
    private final int fieldCount;

    /** A parser that reads no {@code <tax>_collected} field. */
    public JsonRecordParser() {
        this(List.of());
    }

    /** @param collectedTaxes the taxes whose {@code <tax>_collected} fields are read (those of the run's scenarios) */
    public JsonRecordParser(List<String> collectedTaxes) {
        this.collectedTaxes = List.copyOf(collectedTaxes);
        this.fieldCount = RecordFields.count(this.collectedTaxes);
    }

    /** Parses one record; its {@code originalText} is {@code text} and its {@code source} is left null. */
    public CustomsRecord parse(String text) throws RecordRejectedException {
        return parse(text, null);
    }

    /** Parses one record and sets its {@code source} (file name or topic) and {@code originalText}. */
    public CustomsRecord parse(String text, String source) throws RecordRejectedException {
        RecordFields.requireValidUtf8(text);
        String json = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        String[] raw = new String[fieldCount];
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int field = RecordFields.indexOf(p.currentName(), collectedTaxes);
                JsonToken value = p.nextToken();
                if (field < 0) {
                    p.skipChildren();
                } else {
                    raw[field] = scalarText(p, value, field);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw malformed("truncated JSON object");
            }
            if (p.nextToken() != null) {
                throw malformed("text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw malformed("broken JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // A String source cannot fail to read.
            throw new UncheckedIOException(e);
        }
        CustomsRecord record = RecordFields.toRecord(raw, text, collectedTaxes);
        record.source = source;
        return record;
    }

    /** The text of a known field's value, null for JSON null; refuses structures and mistyped free text. */
    private String scalarText(JsonParser p, JsonToken value, int field) throws IOException,
            RecordRejectedException {
        String name = RecordFields.name(field, collectedTaxes);
        if (value == null) {
            throw malformed("truncated JSON object");
        }
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                if (RecordFields.isFreeText(field)) {
                    throw malformed(name + ": expected a JSON string, found " + RecordFields.quote(p.getText()));
                }
                if (field == RecordFields.HS_CODE) {
                    // 080610 written as a number is 80610: accepting numbers would silently move chapters 01-09
                    // to other lines whenever the digit count still fits.
                    throw new RecordRejectedException(RejectionReason.BAD_HS_CODE, name
                            + ": expected a JSON string (a number loses leading zeros), found "
                            + RecordFields.quote(p.getText()));
                }
                yield p.getText();
            }
            default -> throw malformed(name + ": expected a single value, found a JSON "
                    + (value == JsonToken.START_ARRAY ? "array" : "object"));
        };
    }

    private static RecordRejectedException malformed(String message) {
        return new RecordRejectedException(RejectionReason.MALFORMED, message);
    }
}
