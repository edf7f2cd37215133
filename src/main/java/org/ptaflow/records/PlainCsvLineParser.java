package org.ptaflow.records;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The common case of {@link CsvRecordParser}: a plain line (ASCII, no quote, no line break) whose every field is
 * in its usual form is read straight from the line's bytes into a {@link CustomsRecord}, without a
 * {@code String} per field: the bytes a file source cut from the file ({@code CsvLogicalRecords.ofUtf8}), or a
 * string's own. Dates and times go to epoch millis, decimals to an unscaled long and a scale, country,
 * currency, unit, preference and tariff-line codes to one shared string per distinct code.
 *
 * <p>It decides nothing on its own: {@link #parse} returns a record only where the general path
 * ({@link CsvRecordParser#plainFields} and {@link RecordFields#toRecord}) would return the same record, and null for
 * anything else — a broken field, a missing one, a sign on a number, more than 18 digits, a character outside
 * ASCII — so every rejection, with its reason and message, is still the general path's. A test
 * compares the two on many random lines.
 *
 * <p>Thread-safe as {@link CsvRecordParser} is: the caches are arrays of immutable entries (a string with its bytes
 * or its number), written without locks (a racing write only loses a cache entry), and every entry found is compared
 * with the field before it is used.
 */
final class PlainCsvLineParser {
    /**
     * One string per three-letter code (country or currency), indexed by its letters: every record of PAK holds the
     * same object. Interned, so that it is also the object of the literal ("USD", the default currency).
     */
    private static final String[] THREE_LETTER_CODES = new String[26 * 26 * 26];

    private static final Procedure[] PROCEDURES = Procedure.values();

    private final int columnCount;
    private final int[] fieldOfColumn;
    private final List<String> collectedTaxes;
    /** Tariff lines seen, direct-mapped by their digits: a file has hundreds to thousands of distinct lines. */
    private final Line[] hsCodes = new Line[4096];
    /** Short free texts seen (units, agreement codes), direct-mapped by their hash: a file has a handful. */
    private final Text[] shortTexts = new Text[256];
    /** The last declaration read: its line items usually follow each other and then share the string. */
    private Text lastDeclaration = new Text(new byte[0], "");

    /**
     * A tariff line's string and its number ({@code digits × 16 + length}, the length being part of the line): a
     * cached line is found by comparing one long. Immutable, so that a racing write only loses an entry.
     */
    private record Line(long number, String text) {}

    /** A text's string and its ASCII bytes, compared with a field's bytes in one vectorised step. Immutable. */
    private record Text(byte[] bytes, String text) {
        boolean spelledBy(byte[] s, int start, int end) {
            return Arrays.equals(s, start, end, bytes, 0, bytes.length);
        }
    }

    /** The procedures' codes as bytes, in {@link #PROCEDURES}' order. */
    private static final byte[][] PROCEDURE_BYTES = new byte[PROCEDURES.length][];

    static {
        for (int i = 0; i < PROCEDURES.length; i++) {
            PROCEDURE_BYTES[i] = PROCEDURES[i].code().getBytes(StandardCharsets.US_ASCII);
        }
    }

    PlainCsvLineParser(int columnCount, int[] fieldOfColumn, List<String> collectedTaxes) {
        this.columnCount = columnCount;
        this.fieldOfColumn = fieldOfColumn;
        this.collectedTaxes = collectedTaxes;
    }

    /**
     * The record of a plain line whose fields are all in their usual form, with {@code originalText} the line;
     * null when the general path must decide (which may still accept the line, e.g. a quantity of {@code +5}).
     * A line with a character outside ASCII is left to the general path too.
     */
    CustomsRecord parse(String line) {
        int length = line.length();
        // indexOf is an intrinsic that scans many characters per step.
        if (length == 0 || line.indexOf('"') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            return null;
        }
        // An ASCII string's UTF-8 bytes are a copy of its own; any other character makes more bytes than characters.
        byte[] ascii = line.getBytes(StandardCharsets.UTF_8);
        return ascii.length == length ? parseAscii(ascii, line) : null;
    }

    /**
     * {@link #parse} on a line of ASCII bytes without a quote or a line break ({@code CsvLogicalRecords.ofUtf8}
     * gives those), whose text is {@code text}.
     */
    CustomsRecord parseAscii(byte[] line, String text) {
        int length = line.length;
        if (length == 0) {
            return null;
        }
        CustomsRecord r = new CustomsRecord();
        BigDecimal[] collected = null;
        int present = 0;   // bit per contract field with a non-empty value
        int start = 0;
        for (int column = 0; column < columnCount; column++) {
            int end = comma(line, start);
            if (end < 0) {
                if (column != columnCount - 1) {
                    return null;   // fewer fields than the header
                }
                end = length;
            }
            int field = fieldOfColumn[column];
            if (field >= 0 && end > start) {
                if (field < RecordFields.COUNT) {
                    present |= 1 << field;
                    if (!read(r, field, line, start, end)) {
                        return null;
                    }
                } else {
                    BigDecimal amount = decimal(line, start, end);
                    if (amount == null) {
                        return null;
                    }
                    if (collected == null) {
                        collected = new BigDecimal[collectedTaxes.size()];
                    }
                    collected[field - RecordFields.COUNT] = amount;
                }
            }
            start = end + 1;
        }
        if (start != length + 1 || (present & REQUIRED) != REQUIRED) {
            return null;   // more fields than the header, or a required field missing
        }
        if ((present & (1 << RecordFields.CONSIGNMENT)) == 0) {
            r.consignment = r.origin;
        }
        if ((present & (1 << RecordFields.PROCEDURE)) == 0) {
            r.procedure = Procedure.HOME_USE;
        }
        if ((present & (1 << RecordFields.CURRENCY)) == 0) {
            r.currency = "USD";
        }
        if ((present & (1 << RecordFields.PREFERENCE)) == 0) {
            r.preference = "";
        }
        if (collected != null) {
            keepCollected(r, collected);
        }
        r.originalText = text;
        return r;
    }

    /** The index of the first comma at or after {@code from}, or -1. */
    private static int comma(byte[] line, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] == ',') {
                return i;
            }
        }
        return -1;
    }

    /** The ASCII bytes {@code [start, end)} as a string. */
    private static String text(byte[] s, int start, int end) {
        return new String(s, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static final int REQUIRED = 1 << RecordFields.DECLARATION_ID | 1 << RecordFields.ITEM_NO
            | 1 << RecordFields.REGISTERED_AT | 1 << RecordFields.IMPORTER | 1 << RecordFields.ORIGIN
            | 1 << RecordFields.HS_CODE | 1 << RecordFields.CUSTOMS_VALUE;

    /** Reads one non-empty contract field into the record; false when the general path must decide. */
    private boolean read(CustomsRecord r, int field, byte[] s, int start, int end) {
        switch (field) {
            case RecordFields.DECLARATION_ID -> {
                r.declarationId = declaration(s, start, end);
                return r.declarationId != null;
            }
            case RecordFields.ITEM_NO -> {
                r.itemNo = itemNo(s, start, end);
                return r.itemNo > 0;
            }
            case RecordFields.REGISTERED_AT -> {
                r.registeredAt = registeredAt(s, start, end);
                return r.registeredAt != Long.MIN_VALUE;
            }
            case RecordFields.IMPORTER -> {
                r.importer = threeLetterCode(s, start, end);
                return r.importer != null;
            }
            case RecordFields.ORIGIN -> {
                r.origin = threeLetterCode(s, start, end);
                return r.origin != null;
            }
            case RecordFields.CONSIGNMENT -> {
                r.consignment = threeLetterCode(s, start, end);
                return r.consignment != null;
            }
            case RecordFields.HS_CODE -> {
                r.hsCode = hsCode(s, start, end);
                return r.hsCode != null;
            }
            case RecordFields.PROCEDURE -> {
                r.procedure = procedure(s, start, end);
                return r.procedure != null;
            }
            case RecordFields.CUSTOMS_VALUE -> {
                r.customsValue = decimal(s, start, end);
                return r.customsValue != null;
            }
            case RecordFields.CURRENCY -> {
                r.currency = threeLetterCode(s, start, end);
                return r.currency != null;
            }
            case RecordFields.QUANTITY -> {
                r.quantity = decimal(s, start, end);
                return r.quantity != null;
            }
            case RecordFields.UNIT -> {
                r.unit = shortText(s, start, end);
                return true;
            }
            case RecordFields.PREFERENCE -> {
                r.preference = shortText(s, start, end);
                return true;
            }
            case RecordFields.DUTY_COLLECTED -> {
                r.dutyCollected = decimal(s, start, end);
                return r.dutyCollected != null;
            }
            default -> {
                return false;
            }
        }
    }

    /** The present collected amounts, in the order of the run's taxes, as {@link RecordFields#toRecord} keeps them. */
    private void keepCollected(CustomsRecord r, BigDecimal[] collected) {
        int present = 0;
        for (BigDecimal amount : collected) {
            if (amount != null) {
                present++;
            }
        }
        r.collectedTaxes = new String[present];
        r.collectedAmounts = new BigDecimal[present];
        int k = 0;
        for (int j = 0; j < collected.length; j++) {
            if (collected[j] != null) {
                r.collectedTaxes[k] = collectedTaxes.get(j);
                r.collectedAmounts[k] = collected[j];
                k++;
            }
        }
    }

    /**
     * The declaration, when it holds a visible ASCII character (so is surely not blank); null otherwise, for the
     * general path's {@code isBlank}, which knows every kind of Unicode white space.
     */
    private String declaration(byte[] s, int start, int end) {
        boolean visible = false;
        for (int i = start; i < end && !visible; i++) {
            int c = s[i];
            visible = c > ' ' && c < 0x7F;
        }
        if (!visible) {
            return null;
        }
        Text last = lastDeclaration;
        if (last.spelledBy(s, start, end)) {
            return last.text();
        }
        Text id = new Text(Arrays.copyOfRange(s, start, end), text(s, start, end));
        lastDeclaration = id;
        return id.text();
    }

    /** 1 to 18 ASCII digits (no overflow possible), or -1; a value of 0 is left to the general path too. */
    private static long itemNo(byte[] s, int start, int end) {
        if (end - start > 18) {
            return -1;
        }
        long n = 0;
        for (int i = start; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /**
     * {@link RecordFields#registeredAt} on the characters {@code [start, end)}, or {@link Long#MIN_VALUE} where that
     * would reject the value (the general path then says why).
     */
    static long registeredAt(byte[] s, int start, int end) {
        long millis = RecordFields.registeredAt(s, start, end);
        return RecordFields.isInstant(millis) ? millis : Long.MIN_VALUE;
    }

    /** The shared string of three upper-case ASCII letters, or null. */
    static String threeLetterCode(byte[] s, int start, int end) {
        if (end - start != 3) {
            return null;
        }
        int a = s[start] - 'A';
        int b = s[start + 1] - 'A';
        int c = s[start + 2] - 'A';
        if (a < 0 || a > 25 || b < 0 || b > 25 || c < 0 || c > 25) {
            return null;
        }
        int index = (a * 26 + b) * 26 + c;
        String code = THREE_LETTER_CODES[index];
        if (code == null) {
            code = text(s, start, end).intern();
            THREE_LETTER_CODES[index] = code;
        }
        return code;
    }

    /** 6 to 10 ASCII digits as one string per distinct tariff line, or null. */
    private String hsCode(byte[] s, int start, int end) {
        int len = end - start;
        if (len < 6 || len > 10) {
            return null;
        }
        long digits = 0;
        for (int i = start; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            digits = digits * 10 + d;
        }
        // The length is part of the line ("0806100" and "00806100" differ), so it is part of the slot too.
        long h = (digits * 31 + len) * 0x9E3779B97F4A7C15L;
        int slot = (int) (h >>> 52) & (hsCodes.length - 1);
        long number = digits * 16 + len;
        Line seen = hsCodes[slot];
        if (seen != null && seen.number() == number) {
            return seen.text();
        }
        String line = text(s, start, end);
        hsCodes[slot] = new Line(number, line);
        return line;
    }

    /** A free text of up to 16 characters from the cache, others as a new string. */
    private String shortText(byte[] s, int start, int end) {
        int len = end - start;
        if (len > 16) {
            return text(s, start, end);
        }
        int h = len;
        for (int i = start; i < end; i++) {
            h = h * 31 + s[i];
        }
        return cached(shortTexts, (h ^ (h >>> 8)) & (shortTexts.length - 1), s, start, end);
    }

    private static String cached(Text[] cache, int slot, byte[] s, int start, int end) {
        Text seen = cache[slot];
        if (seen != null && seen.spelledBy(s, start, end)) {
            return seen.text();
        }
        Text text = new Text(Arrays.copyOfRange(s, start, end), text(s, start, end));
        cache[slot] = text;
        return text.text();
    }

    private static Procedure procedure(byte[] s, int start, int end) {
        for (int i = 0; i < PROCEDURES.length; i++) {
            byte[] code = PROCEDURE_BYTES[i];
            if (Arrays.equals(s, start, end, code, 0, code.length)) {
                return PROCEDURES[i];
            }
        }
        return null;
    }

    /**
     * Digits with an optional {@code .digits}, at most 18 digits in all, as {@link RecordFields#nonNegativeDecimal}
     * makes it ({@code BigDecimal.valueOf(unscaled, scale)}: "0010.500" is 10500 at scale 3); null for anything
     * else, a sign included.
     */
    static BigDecimal decimal(byte[] s, int start, int end) {
        long unscaled = 0;
        int digitCount = 0;
        int i = start;
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            unscaled = unscaled * 10 + d;
            digitCount++;
        }
        if (digitCount == 0) {
            return null;
        }
        int scale = 0;
        if (i < end) {
            if (s[i] != '.') {
                return null;
            }
            int fractionStart = ++i;
            for (; i < end; i++) {
                int d = s[i] - '0';
                if (d < 0 || d > 9) {
                    return null;
                }
                unscaled = unscaled * 10 + d;
                digitCount++;
            }
            scale = i - fractionStart;
            if (scale == 0) {
                return null;
            }
        }
        return digitCount <= Decimals.MAX_LONG_DIGITS ? BigDecimal.valueOf(unscaled, scale) : null;
    }
}
