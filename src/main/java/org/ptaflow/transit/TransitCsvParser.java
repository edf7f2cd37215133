package org.ptaflow.transit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ptaflow.records.RecordFields;

/**
 * Parses one logical CSV record of a transit file (split into records by
 * {@link org.ptaflow.records.CsvLogicalRecords}, as customs files are) into a {@link TransitEvent}, given the file's
 * header. Column order is free, unknown columns are ignored, header names are trimmed and a byte-order mark dropped;
 * values are not trimmed and an empty cell is an absent field; a record with another number of fields than the
 * header, or broken quoting, is {@code malformed}; a header naming a field twice makes every record of its file
 * {@code malformed} ({@link #headerProblem()}) rather than stopping the job. Splitting is Jackson's CSV parser
 * (RFC 4180), as in {@link org.ptaflow.records.CsvRecordParser}; the meaning of each value is
 * {@link TransitEventFields}'s. One instance per file; immutable and thread-safe.
 */
public final class TransitCsvParser {
    private static final char BOM = '\uFEFF';
    private static final CsvFactory CSV = new CsvMapper().getFactory();

    private final int columnCount;
    /** Field index ({@link TransitEventFields}) of each column, -1 for an ignored column. */
    private final int[] fieldOfColumn;
    private final String headerProblem;
    private final List<String> missingRequiredColumns;

    public TransitCsvParser(String headerLine) {
        String header = !headerLine.isEmpty() && headerLine.charAt(0) == BOM ? headerLine.substring(1) : headerLine;
        List<String> names;
        String problem = null;
        try {
            names = split(header);
        } catch (TransitEventRejectedException e) {
            names = List.of();
            problem = "the CSV header is not a CSV line (" + e.getMessage() + "): " + RecordFields.quote(header);
        }
        columnCount = names.size();
        fieldOfColumn = new int[columnCount];
        boolean[] seen = new boolean[TransitEventFields.COUNT];
        for (int c = 0; c < columnCount; c++) {
            int field = TransitEventFields.indexOf(names.get(c).trim());
            fieldOfColumn[c] = field;
            if (field >= 0) {
                if (seen[field] && problem == null) {
                    problem = "the CSV header names column " + TransitEventFields.NAMES.get(field) + " twice";
                }
                seen[field] = true;
            }
        }
        headerProblem = problem;
        List<String> missing = new ArrayList<>();
        for (int f = 0; f < TransitEventFields.COUNT; f++) {
            if (!seen[f] && TransitEventFields.isRequired(f)) {
                missing.add(TransitEventFields.NAMES.get(f));
            }
        }
        missingRequiredColumns = Collections.unmodifiableList(missing);
    }

    /** Why every record of this file will be rejected as {@code malformed}, or null when the header is usable. */
    public String headerProblem() {
        return headerProblem;
    }

    /** Fields every event needs that the header lacks (its records are rejected {@code missing_field}). */
    public List<String> missingRequiredColumns() {
        return missingRequiredColumns;
    }

    public TransitEvent parse(String line) throws TransitEventRejectedException {
        return parse(line, null);
    }

    /** Parses one record and sets its {@code source} (file name) and {@code originalText}. */
    public TransitEvent parse(String line, String source) throws TransitEventRejectedException {
        if (headerProblem != null) {
            throw TransitEventFields.malformed(headerProblem);
        }
        TransitEventFields.requireValidUtf8(line);
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        List<String> values = split(text);
        if (values.size() != columnCount) {
            throw TransitEventFields.malformed(
                    "expected " + columnCount + " fields as in the header, found " + values.size());
        }
        String[] raw = new String[TransitEventFields.COUNT];
        for (int c = 0; c < columnCount; c++) {
            int field = fieldOfColumn[c];
            if (field >= 0) {
                raw[field] = values.get(c);
            }
        }
        TransitEvent event = TransitEventFields.toEvent(raw, line);
        event.source = source;
        return event;
    }

    /** The fields of exactly one CSV row; an empty text is a row of no fields. */
    private static List<String> split(String text) throws TransitEventRejectedException {
        List<String> fields = new ArrayList<>();
        int rows = 0;
        try (CsvParser p = CSV.createParser(text)) {
            // Wrapping turns the text into an array of rows, so a second row (a line break outside quotes) shows.
            p.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            JsonToken t;
            int depth = 0;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    if (++depth == 2 && ++rows > 1) {
                        throw TransitEventFields.malformed(
                                "the text holds more than one CSV row (a line break outside quotes)");
                    }
                } else if (t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING) {
                    fields.add(p.getText());
                }
            }
        } catch (JsonProcessingException e) {
            throw TransitEventFields.malformed("broken CSV: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }
}
