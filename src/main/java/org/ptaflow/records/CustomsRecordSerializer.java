package org.ptaflow.records;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How a {@link CustomsRecord} crosses the keyed shuffle to the scenario join: a fixed layout written by hand instead
 * of Flink's reflective POJO serializer, which wrote every string as characters and every decimal as a
 * {@code BigInteger}'s bytes.
 *
 * <ul>
 *   <li>codes (countries, currencies, units, preference, tax names) of up to four ASCII characters as one
 *       {@code int}, seven bits a character; longer or other text as its UTF-8 bytes ({@link Codes}). Either way the
 *       reading side hands out one shared {@code String} per distinct code, so the join compares and hashes the same
 *       instances;
 *   <li>the HS line as a number with its length (leading zeros are part of the line);
 *   <li>money and quantities as a scaled {@code long} (unscaled value and scale) while they have at most 18 digits,
 *       as text beyond; times, line numbers and the content hash as {@code long}s; the procedure as a byte;
 *   <li>the original text only when the record carries it: {@code pipeline.KeepTextWhereNeeded} drops it before the
 *       shuffle unless the join may write the record out (rejected or late); without it, the text's offset in the
 *       record's file when there is one, from which the join can read it again ({@link CustomsRecord#textOffset}).
 * </ul>
 *
 * <p>Every field round-trips exactly (the same strings, the same decimals with their scale). A serializer keeps
 * caches of decoded codes, so {@link #duplicate()} returns a new one: Flink gives each thread its own.
 */
public final class CustomsRecordSerializer extends CompactSerializer<CustomsRecord> {
    private static final long serialVersionUID = 1L;

    private static final Procedure[] PROCEDURES = Procedure.values();

    /** Decimal tags: a scale in [0, 127) is a scaled long; these two are the other cases. */
    private static final byte DECIMAL_NULL = -1;
    private static final byte DECIMAL_TEXT = -2;
    /** The HS line when it is not 1 to 15 digits (never after validation, but the layout takes any string). */
    private static final long LINE_AS_TEXT = -1;
    /** In the text's place: no text, but its offset in the record's file follows ({@link CustomsRecord#textOffset}). */
    private static final int TEXT_IN_FILE = -2;

    /** {@link #sourceNames()}: made on first use. */
    private transient Codes sourceNames;
    /** The writing side's lines written lately and their numbers ({@link #writtenLineNumber}). */
    private transient String[] writtenLines;
    private transient long[] writtenLineNumbers;
    /** Decoded HS lines by number and length, direct-mapped. */
    private transient long[] lineKeys;
    private transient String[] lines;
    /** The first six digits of each line in {@link #lines}, one string per line as the line itself. */
    private transient String[] sixes;
    /** The six digits of the line {@link #readLine} read last: null for a line sent as text (then made on demand). */
    private transient String lineSix;
    /** The declaration written last, and its bytes ({@link #writeDeclaration}). */
    private transient String writtenDeclaration;
    private transient byte[] writtenDeclarationBytes;
    /** The declaration read last, its bytes ({@link #readDeclaration}), and a buffer to read the next into. */
    private transient String lastDeclaration;
    private transient byte[] lastDeclarationBytes;
    private transient int lastDeclarationLength;
    private transient byte[] declarationBuffer;

    @Override
    public TypeSerializer<CustomsRecord> duplicate() {
        return new CustomsRecordSerializer();
    }

    @Override
    public CustomsRecord createInstance() {
        return new CustomsRecord();
    }

    /** Strings and decimals are immutable and shared; only the arrays of taxes are copied. */
    @Override
    public CustomsRecord copy(CustomsRecord from, CustomsRecord to) {
        to.declarationId = from.declarationId;
        to.itemNo = from.itemNo;
        to.registeredAt = from.registeredAt;
        to.importer = from.importer;
        to.origin = from.origin;
        to.consignment = from.consignment;
        to.hsCode = from.hsCode;
        to.hs6 = from.hs6;
        to.procedure = from.procedure;
        to.customsValue = from.customsValue;
        to.currency = from.currency;
        to.quantity = from.quantity;
        to.unit = from.unit;
        to.preference = from.preference;
        to.dutyCollected = from.dutyCollected;
        to.collectedTaxes = from.collectedTaxes == null ? null : from.collectedTaxes.clone();
        to.collectedAmounts = from.collectedAmounts == null ? null : from.collectedAmounts.clone();
        to.source = from.source;
        to.line = from.line;
        to.originalText = from.originalText;
        to.textOffset = from.textOffset;
        to.contentHash = from.contentHash;
        to.key = from.key;
        return to;
    }

    @Override
    public void serialize(CustomsRecord r, DataOutputView out) throws IOException {
        writeDeclaration(r.declarationId, out);
        out.writeLong(r.itemNo);
        out.writeLong(r.registeredAt);
        writeCode(r.importer, out);
        writeCode(r.origin, out);
        // Most records were consigned from their origin (the contract's default): one byte says so.
        boolean fromOrigin = r.consignment != null && r.consignment.equals(r.origin);
        out.writeBoolean(fromOrigin);
        if (!fromOrigin) {
            writeCode(r.consignment, out);
        }
        writeLine(r.hsCode, out);
        out.writeByte(r.procedure == null ? -1 : r.procedure.ordinal());
        writeDecimal(r.customsValue, out);
        writeCode(r.currency, out);
        writeDecimal(r.quantity, out);
        writeCode(r.unit, out);
        writeCode(r.preference, out);
        writeDecimal(r.dutyCollected, out);
        if (r.collectedTaxes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.collectedTaxes.length);
            for (int i = 0; i < r.collectedTaxes.length; i++) {
                writeCode(r.collectedTaxes[i], out);
                writeDecimal(r.collectedAmounts[i], out);
            }
        }
        sourceNames().write(r.source, out);
        out.writeLong(r.line);
        out.writeLong(r.contentHash);
        if (r.originalText == null && r.textOffset > 0) {
            out.writeInt(TEXT_IN_FILE);
            out.writeLong(r.textOffset);
        } else {
            writeText(r.originalText, out);
        }
    }

    @Override
    public CustomsRecord deserialize(CustomsRecord r, DataInputView in) throws IOException {
        r.declarationId = readDeclaration(in);
        r.itemNo = in.readLong();
        r.key = null;
        r.registeredAt = in.readLong();
        r.importer = readCode(in);
        r.origin = readCode(in);
        r.consignment = in.readBoolean() ? r.origin : readCode(in);
        r.hsCode = readLine(in);
        r.hs6 = lineSix;
        byte procedure = in.readByte();
        r.procedure = procedure < 0 ? null : PROCEDURES[procedure];
        r.customsValue = readDecimal(in);
        r.currency = readCode(in);
        r.quantity = readDecimal(in);
        r.unit = readCode(in);
        r.preference = readCode(in);
        r.dutyCollected = readDecimal(in);
        int taxes = in.readInt();
        if (taxes < 0) {
            r.collectedTaxes = null;
            r.collectedAmounts = null;
        } else {
            r.collectedTaxes = new String[taxes];
            r.collectedAmounts = new BigDecimal[taxes];
            for (int i = 0; i < taxes; i++) {
                r.collectedTaxes[i] = readCode(in);
                r.collectedAmounts[i] = readDecimal(in);
            }
        }
        r.source = sourceNames().read(in);
        r.line = in.readLong();
        r.contentHash = in.readLong();
        int textLength = in.readInt();
        if (textLength == TEXT_IN_FILE) {
            r.originalText = null;
            r.textOffset = in.readLong();
        } else {
            r.originalText = textLength < 0 ? null : readText(in, textLength);
            r.textOffset = 0;
        }
        return r;
    }

    // --- codes: up to four ASCII characters packed in an int, longer text by its bytes (Codes) ---

    private void writeCode(String s, DataOutputView out) throws IOException {
        codes().write(s, out);
    }

    private String readCode(DataInputView in) throws IOException {
        return codes().read(in);
    }

    /**
     * The source names' own codes, in the same layout: a file's name comes on each of its records, and a cache of its
     * own keeps it the text read last (a one-comparison hit) instead of the tax name read between two of them, which
     * sent every name through the byte-by-byte hash.
     */
    private Codes sourceNames() {
        Codes c = sourceNames;
        if (c == null) {
            sourceNames = c = new Codes();
        }
        return c;
    }

    // --- the HS line: a number with its length ---

    private void writeLine(String hsCode, DataOutputView out) throws IOException {
        long number = writtenLineNumber(hsCode);
        out.writeLong(number);
        if (number == LINE_AS_TEXT) {
            writeText(hsCode, out);
        }
    }

    /**
     * {@link #lineNumber}, remembered for the lines written lately by their hash: a line is mostly one shared instance
     * (the parser's, the simulator's), which keeps its hash.
     */
    private long writtenLineNumber(String hsCode) {
        if (hsCode == null) {
            return LINE_AS_TEXT;
        }
        if (writtenLines == null) {
            writtenLines = new String[64];
            writtenLineNumbers = new long[64];
        }
        int slot = hsCode.hashCode() & 63;
        if (writtenLines[slot] != hsCode) {
            writtenLines[slot] = hsCode;
            writtenLineNumbers[slot] = lineNumber(hsCode);
        }
        return writtenLineNumbers[slot];
    }

    /** The line as (digits × 16 + length) for 1 to 15 ASCII digits; {@link #LINE_AS_TEXT} otherwise. */
    static long lineNumber(String hsCode) {
        if (hsCode == null) {
            return LINE_AS_TEXT;
        }
        int n = hsCode.length();
        if (n == 0 || n > 15) {
            return LINE_AS_TEXT;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = hsCode.charAt(i);
            if (c < '0' || c > '9') {
                return LINE_AS_TEXT;
            }
            value = value * 10 + (c - '0');
        }
        return value * 16 + n;
    }

    private String readLine(DataInputView in) throws IOException {
        long number = in.readLong();
        if (number == LINE_AS_TEXT) {
            lineSix = null;
            return readText(in);
        }
        if (lineKeys == null) {
            lineKeys = new long[4096];
            lines = new String[4096];
            sixes = new String[4096];
        }
        int slot = (int) (number ^ (number >>> 13) ^ (number >>> 29)) & 4095;
        if (lineKeys[slot] == number && lines[slot] != null) {
            lineSix = sixes[slot];
            return lines[slot];
        }
        int length = (int) (number & 15);
        long value = number >>> 4;
        char[] digits = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            digits[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        String line = new String(digits);
        lineKeys[slot] = number;
        lines[slot] = line;
        sixes[slot] = lineSix = length >= 6 ? line.substring(0, 6) : null;
        return line;
    }

    // --- decimals: a scaled long while they have at most 18 digits ---

    private static void writeDecimal(BigDecimal d, DataOutputView out) throws IOException {
        if (d == null) {
            out.writeByte(DECIMAL_NULL);
            return;
        }
        int scale = d.scale();
        if (scale >= 0 && scale < 127 && d.precision() <= Decimals.MAX_LONG_DIGITS) {
            out.writeByte(scale);
            out.writeLong(Decimals.unscaledLong(d));
            return;
        }
        out.writeByte(DECIMAL_TEXT);
        writeText(d.toString(), out);
    }

    private static BigDecimal readDecimal(DataInputView in) throws IOException {
        byte tag = in.readByte();
        if (tag == DECIMAL_NULL) {
            return null;
        }
        if (tag == DECIMAL_TEXT) {
            return new BigDecimal(readText(in));
        }
        return BigDecimal.valueOf(in.readLong(), tag);
    }

    // --- text: -1 for null, else the number of UTF-8 bytes and the bytes ---

    private static void writeText(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * A declaration's id, as {@link #writeText} writes it; its bytes encoded once for the line items that share the
     * string (the parser gives a declaration's consecutive items one string).
     */
    private void writeDeclaration(String declarationId, DataOutputView out) throws IOException {
        if (declarationId == null) {
            out.writeInt(-1);
            return;
        }
        if (declarationId != writtenDeclaration) {
            writtenDeclaration = declarationId;
            writtenDeclarationBytes = declarationId.getBytes(StandardCharsets.UTF_8);
        }
        out.writeInt(writtenDeclarationBytes.length);
        out.write(writtenDeclarationBytes);
    }

    /**
     * A declaration's id, as {@link #readText} reads it; the same string as the record before when the bytes are the
     * same (a declaration's line items mostly follow each other), without a new string for it.
     */
    private String readDeclaration(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] buffer = declarationBuffer;
        if (buffer == null || buffer.length < n) {
            buffer = declarationBuffer = new byte[Math.max(64, n)];
        }
        in.readFully(buffer, 0, n);
        String last = lastDeclaration;
        if (last != null && n == lastDeclarationLength && Arrays.equals(buffer, 0, n, lastDeclarationBytes, 0, n)) {
            return last;
        }
        if (lastDeclarationBytes == null || lastDeclarationBytes.length < n) {
            lastDeclarationBytes = new byte[buffer.length];
        }
        System.arraycopy(buffer, 0, lastDeclarationBytes, 0, n);
        lastDeclarationLength = n;
        return lastDeclaration = new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    private static String readText(DataInputView in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : readText(in, n);
    }

    /** The {@code n} bytes of a text whose length {@link #writeText} wrote. */
    private static String readText(DataInputView in, int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public TypeSerializerSnapshot<CustomsRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The layout has no parameters: a snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CustomsRecord> {
        public Snapshot() {
            super(CustomsRecordSerializer::new);
        }
    }
}
