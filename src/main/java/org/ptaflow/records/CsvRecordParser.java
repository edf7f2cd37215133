package org.ptaflow.records;

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

/**
 * Parses one logical CSV record (see {@link CsvLogicalRecords}) of a customs file into a {@link CustomsRecord},
 * given the file's header line. Column order is free and unknown columns are ignored (contract §1).
 *
 * <p>Splitting into fields is Jackson's CSV parser (RFC 4180: quoted fields may hold commas, doubled quotes and
 * newlines); the meaning of each value is {@link RecordFields}'s. Decisions worth knowing:
 * <ul>
 *   <li>Header names are trimmed and a UTF-8 byte-order mark before the header is dropped; values are <em>not</em>
 *       trimmed: {@code " 12.5"} is not a number, and a code with spaces is not a code. An empty cell (quoted or
 *       not) means the field is absent.</li>
 *   <li>A record with more or fewer fields than the header is {@link RejectionReason#MALFORMED}, as is broken
 *       quoting, text holding two records, or text that was not UTF-8 (see
 *       {@link RecordFields#requireValidUtf8(String)}). A trailing {@code \r} (CRLF files) is tolerated.</li>
 *   <li>A header that names a contract field twice is ambiguous: every record of that file is rejected as
 *       MALFORMED (see {@link #headerProblem()}) rather than stopping the job. A header without a required column
 *       is accepted; its records are rejected as {@link RejectionReason#MISSING_FIELD}, and
 *       {@link #missingRequiredColumns()} lets the caller warn once.</li>
 * </ul>
 * Most lines are plain (no quotes) and valid: {@link PlainCsvLineParser} reads those from the line's characters,
 * without a string per field, and leaves every other line — and every rejection — to the general path described
 * above ({@link #parseGenerally}), so the two always agree (a test compares them on random lines).
 *
 * <p>One instance serves one file (one header). It is thread-safe: each call makes its own Jackson parser from a
 * shared factory, and the plain path's caches of codes hold immutable strings checked on every use.
 */
public final class CsvRecordParser {
    private static final char BOM = '\uFEFF';
    /** Shared and thread-safe; building a factory per line would cost more than parsing the line. */
    private static final CsvFactory CSV = new CsvMapper().getFactory();

    private final List<String> collectedTaxes;
    private final int fieldCount;
    private final int columnCount;
    /** Field index ({@link RecordFields}) of each column, -1 for an ignored column. */
    private final int[] fieldOfColumn;
    private final String headerProblem;
    private final List<String> missingRequiredColumns;
    /** The common case, read without a string per field; null when the header has a problem. */
    private final PlainCsvLineParser plainLines;

    /**
     * What a file source gives as the header of a file whose header was too long to read: every record of that file
     * is then rejected (a later line must not be taken for the header, or the records would be read by the wrong
     * columns). A NUL character starts it, so no real header line equals it.
     */
    public static final String OVERSIZED_HEADER = "\u0000oversized-header";

    /**
     * @param headerLine the file's first line, possibly with a BOM and a trailing CR. A header that is not itself a
     *     CSV line (an unterminated quote, two lines) is a {@link #headerProblem()}: every record of the file is
     *     then rejected, and nothing is thrown, so one broken file cannot stop the job.
     */
    public CsvRecordParser(String headerLine) {
        this(headerLine, List.of());
    }

    /**
     * @param collectedTaxes the taxes whose {@code <tax>_collected} columns are read (those of the run's scenarios);
     *     other {@code _collected} columns are ignored as any unknown column is
     */
    public CsvRecordParser(String headerLine, List<String> collectedTaxes) {
        this.collectedTaxes = List.copyOf(collectedTaxes);
        this.fieldCount = RecordFields.count(this.collectedTaxes);
        String header = !headerLine.isEmpty() && headerLine.charAt(0) == BOM ? headerLine.substring(1) : headerLine;
        List<String> names;
        String problem = null;
        try {
            if (header.equals(OVERSIZED_HEADER)) {
                names = List.of();
                problem = "the file's CSV header is longer than " + CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS
                        + " characters: there is no header to read this record by";
            } else {
                names = split(header);
            }
        } catch (RecordRejectedException e) {
            names = List.of();
            problem = "the CSV header is not a CSV line (" + e.getMessage() + "): "
                    + RecordFields.quote(header);
        }
        columnCount = names.size();
        fieldOfColumn = new int[columnCount];
        boolean[] seen = new boolean[fieldCount];
        for (int c = 0; c < columnCount; c++) {
            int field = RecordFields.indexOf(names.get(c).trim(), this.collectedTaxes);
            fieldOfColumn[c] = field;
            if (field >= 0) {
                if (seen[field] && problem == null) {
                    problem = "the CSV header names column " + RecordFields.name(field, this.collectedTaxes)
                            + " twice";
                }
                seen[field] = true;
            }
        }
        headerProblem = problem;
        List<String> missing = new ArrayList<>();
        for (int f = 0; f < RecordFields.COUNT; f++) {
            if (!seen[f] && RecordFields.isRequired(f)) {
                missing.add(RecordFields.NAMES.get(f));
            }
        }
        missingRequiredColumns = Collections.unmodifiableList(missing);
        plainLines = problem == null ? new PlainCsvLineParser(columnCount, fieldOfColumn, this.collectedTaxes) : null;
    }

    /** Why every record of this file will be rejected as MALFORMED, or null when the header is usable. */
    public String headerProblem() {
        return headerProblem;
    }

    /** Required contract fields the header lacks (in table order); empty for a complete header. */
    public List<String> missingRequiredColumns() {
        return missingRequiredColumns;
    }

    /** Number of columns in the header: every record must have exactly this many fields. */
    public int columnCount() {
        return columnCount;
    }

    /** Parses one record; its {@code originalText} is {@code line} and its {@code source} is left null. */
    public CustomsRecord parse(String line) throws RecordRejectedException {
        return parse(line, null);
    }

    /** Parses one record and sets its {@code source} (file name or topic) and {@code originalText}. */
    public CustomsRecord parse(String line, String source) throws RecordRejectedException {
        if (headerProblem != null) {
            throw new RecordRejectedException(RejectionReason.MALFORMED, headerProblem);
        }
        // Most lines are plain and valid: read from the bytes, no string per field. Anything else (quotes, a
        // broken field, an unusual form) is read, accepted or rejected by the general path below.
        CustomsRecord plain = plainLines.parse(line);
        if (plain != null) {
            plain.source = source;
            return plain;
        }
        return parseGenerally(line, source);
    }

    /**
     * Parses the text of a line a source read, as {@link #parse(String)} does; where the source kept the text's
     * ASCII bytes ({@link SourceLine#ascii}, see {@link CsvLogicalRecords#ofUtf8}) the plain path reads those.
     */
    public CustomsRecord parse(SourceLine line) throws RecordRejectedException {
        if (line.ascii == null) {
            return parse(line.text());
        }
        if (headerProblem != null) {
            throw new RecordRejectedException(RejectionReason.MALFORMED, headerProblem);
        }
        CustomsRecord plain = plainLines.parseAscii(line.ascii, line.text);
        return plain != null ? plain : parseGenerally(line.text(), null);
    }

    /** The plain path alone: the record, or null where {@link #parse} would take the general path. For tests. */
    CustomsRecord parsePlain(String line) {
        return plainLines == null ? null : plainLines.parse(line);
    }

    /**
     * The general path: every line the plain path leaves (and, in a test, any line): split with {@link #plainFields}
     * or Jackson, then checked and converted by {@link RecordFields}, which gives every rejection its reason and
     * message.
     */
    CustomsRecord parseGenerally(String line, String source) throws RecordRejectedException {
        if (headerProblem != null) {
            throw new RecordRejectedException(RejectionReason.MALFORMED, headerProblem);
        }
        RecordFields.requireValidUtf8(line);
        String[] raw = plainFields(line);
        if (raw == null) {
            List<String> values = split(line);
            if (values.size() != columnCount) {
                throw new RecordRejectedException(RejectionReason.MALFORMED,
                        "expected " + columnCount + " fields as in the header, found " + values.size());
            }
            raw = new String[fieldCount];
            for (int c = 0; c < columnCount; c++) {
                int field = fieldOfColumn[c];
                if (field >= 0) {
                    raw[field] = values.get(c);
                }
            }
        }
        CustomsRecord record = RecordFields.toRecord(raw, line, collectedTaxes);
        record.source = source;
        return record;
    }

    /**
     * The contract fields of a line without quotes or line breaks, split on commas, by {@link RecordFields} index;
     * null when the line needs {@link #split} (it holds a {@code "}, {@code \r} or {@code \n}, is empty, or has
     * not as many fields as the header, whose message {@link #split} gives). For such a line the fields are exactly
     * Jackson's (a test compares them), at a fraction of the cost: no parser per line, no list, and no string for an
     * ignored column. Jackson parsed every line before; it was a sixth of a backtest's CPU.
     */
    String[] plainFields(String line) {
        int length = line.length();
        // indexOf is an intrinsic that scans many characters per step; a charAt loop was half the parse.
        if (length == 0 || line.indexOf('"') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            return null;
        }
        String[] raw = new String[fieldCount];
        int start = 0;
        for (int column = 0; column < columnCount; column++) {
            int end = line.indexOf(',', start);
            if (end < 0) {
                if (column != columnCount - 1) {
                    return null;   // fewer fields than the header
                }
                end = length;
            }
            int field = fieldOfColumn[column];
            if (field >= 0) {
                raw[field] = line.substring(start, end);
            }
            start = end + 1;
        }
        return start == length + 1 ? raw : null;   // else more fields than the header
    }

    /** The fields of exactly one CSV row; an empty text is a row of no fields. */
    static List<String> split(String text) throws RecordRejectedException {
        List<String> fields = new ArrayList<>();
        int rows = 0;
        try (CsvParser p = CSV.createParser(text)) {
            // Wrapping turns the text into an array of rows, each an array of strings, so a row's end is visible.
            p.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            JsonToken t;
            int depth = 0;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    if (++depth == 2 && ++rows > 1) {
                        throw new RecordRejectedException(RejectionReason.MALFORMED,
                                "the text holds more than one CSV row (a line break outside quotes)");
                    }
                } else if (t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING) {
                    fields.add(p.getText());
                }
            }
        } catch (JsonProcessingException e) {
            throw new RecordRejectedException(RejectionReason.MALFORMED, "broken CSV: " + e.getOriginalMessage());
        } catch (IOException e) {
            // A String source cannot fail to read.
            throw new UncheckedIOException(e);
        }
        return fields;
    }
}
