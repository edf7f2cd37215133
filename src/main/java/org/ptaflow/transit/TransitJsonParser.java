package org.ptaflow.transit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.ptaflow.records.RecordFields;

/**
 * Parses one JSON object (a JSON Lines line or a {@code transit-events} message) into a {@link TransitEvent}, with
 * the rules of {@link org.ptaflow.records.JsonRecordParser}: Jackson's token stream (so a number keeps the text its
 * producer wrote and {@code 1e3} can be refused), one object only, duplicate keys and structures as values
 * {@code malformed}, {@code null} = absent, unknown keys ignored. {@code movement_id} and {@code office} must be JSON
 * strings (a numeric id is ambiguous: {@code 1.0} or {@code 1}); {@code hs_code} too ({@code bad_hs_code}
 * otherwise: a number loses the leading zero of chapters 01 to 09). Thread-safe.
 */
public final class TransitJsonParser {
    private static final char BOM = '\uFEFF';
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    /** Parses one event; its {@code originalText} is {@code text}. */
    public TransitEvent parse(String text) throws TransitEventRejectedException {
        return parse(text, null);
    }

    /** Parses one event and sets its {@code source} (file name or topic) and {@code originalText}. */
    public TransitEvent parse(String text, String source) throws TransitEventRejectedException {
        TransitEventFields.requireValidUtf8(text);
        String json = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        String[] raw = new String[TransitEventFields.COUNT];
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw TransitEventFields.malformed("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int field = TransitEventFields.indexOf(p.currentName());
                JsonToken value = p.nextToken();
                if (field < 0) {
                    p.skipChildren();
                } else {
                    raw[field] = scalarText(p, value, field);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw TransitEventFields.malformed("truncated JSON object");
            }
            if (p.nextToken() != null) {
                throw TransitEventFields.malformed("text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw TransitEventFields.malformed("broken JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // A String source cannot fail to read.
            throw new UncheckedIOException(e);
        }
        TransitEvent event = TransitEventFields.toEvent(raw, text);
        event.source = source;
        return event;
    }

    private static String scalarText(JsonParser p, JsonToken value, int field) throws IOException,
            TransitEventRejectedException {
        String name = TransitEventFields.NAMES.get(field);
        if (value == null) {
            throw TransitEventFields.malformed("truncated JSON object");
        }
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                if (TransitEventFields.isFreeText(field)) {
                    throw TransitEventFields.malformed(name + ": expected a JSON string, found "
                            + RecordFields.quote(p.getText()));
                }
                if (field == TransitEventFields.HS_CODE) {
                    throw new TransitEventRejectedException(TransitRejectionReason.BAD_HS_CODE, name
                            + ": expected a JSON string (a number loses leading zeros), found "
                            + RecordFields.quote(p.getText()));
                }
                yield p.getText();
            }
            default -> throw TransitEventFields.malformed(name + ": expected a single value, found a JSON "
                    + (value == JsonToken.START_ARRAY ? "array" : "object"));
        };
    }
}
