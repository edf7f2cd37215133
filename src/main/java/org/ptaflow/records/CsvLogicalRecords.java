package org.ptaflow.records;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a CSV character stream into logical records: a line break inside a quoted field belongs to the field, so
 * one record may span several physical lines. Each record comes with the line number (1-based) it starts on, so a
 * rejection can point into the file.
 *
 * <p>Quote tracking follows the same rules as Jackson's CSV parser, which {@link CsvRecordParser} uses on each
 * record: a quote opens a quoted field only as the field's first character ({@code ab"c} is plain text),
 * {@code ""} inside a quoted field is a quote, and a quoted field ends at a quote followed by a comma or a line
 * break. Outside quotes a record ends at {@code \n}, {@code \r\n} or a lone {@code \r} (the line ends of
 * Unix, Windows and classic Mac spreadsheet exports, as {@link java.io.BufferedReader#readLine()} reads JSON Lines);
 * inside quotes every line break stays in the field, and a lone {@code \r} there still counts as a line for the
 * numbering. A byte-order mark at the very start of the stream is dropped.
 *
 * <p>Every record read is returned, so the pipeline can account for all of them: an empty or blank line (spaces and
 * tabs only) comes back as a record that {@link LogicalRecord#isEmpty()} (the caller counts or skips it; it is not a
 * customs record), and a record longer than the
 * limit (typically an unterminated quote swallowing the rest of the file) comes back cut short and marked
 * {@link LogicalRecord#oversized()}, after which reading resumes at the next line break regardless of quotes. The
 * caller rejects an oversized record as {@link RejectionReason#MALFORMED}.
 *
 * <p>From UTF-8 bytes ({@link #ofUtf8}) the common record — one line of ASCII without a quote, ending in {@code \n}
 * or {@code \r\n} — is cut straight from the bytes, with no decoding, and keeps its bytes
 * ({@link LogicalRecord#ascii()}) for a parser that reads bytes. Any other record is found by the same rules on the
 * bytes (every character the rules look at is ASCII, and no byte of a multi-byte UTF-8 character is), decoded on its
 * own, terminator included, as a decoding reader would (invalid bytes become U+FFFD), and split by the character
 * rules: the records are exactly those of the decoding reader's stream (a test compares the two on random bytes). A
 * record longer than the limit or the byte buffer hands the rest of the stream to a decoding reader.
 *
 * <p>Not thread-safe; one instance per stream. Reads through its own buffer, so the reader need not be buffered.
 */
public final class CsvLogicalRecords implements Closeable {
    /** Default limit on a record's length in characters: far above any real record, far below a heap. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

    /**
     * One logical record: its text without the line terminator, and the line it starts on (1-based). Two records
     * are equal when text, line and oversized flag are.
     */
    public static final class LogicalRecord {
        /** Null for a record read as {@link #ascii} bytes until {@link #text} is asked (most are never asked). */
        private String text;
        private final long lineNumber;
        private final boolean oversized;
        private final byte[] ascii;
        private final long byteOffset;

        public LogicalRecord(String text, long lineNumber, boolean oversized) {
            this(text, lineNumber, oversized, null, 0);
        }

        private LogicalRecord(String text, long lineNumber, boolean oversized, byte[] ascii, long byteOffset) {
            this.text = text;
            this.lineNumber = lineNumber;
            this.oversized = oversized;
            this.ascii = ascii;
            this.byteOffset = byteOffset;
        }

        public String text() {
            String t = text;
            if (t == null) {
                text = t = new String(ascii, StandardCharsets.ISO_8859_1);
            }
            return t;
        }

        public long lineNumber() {
            return lineNumber;
        }

        public boolean oversized() {
            return oversized;
        }

        /** The text's bytes when it is ASCII without a quote (read from bytes), else null. Not to be modified. */
        public byte[] ascii() {
            return ascii;
        }

        /**
         * Where the record starts in the stream, in bytes from its first, for a record with {@link #ascii} bytes: its
         * text is then the bytes from there up to the first {@code \r} or {@code \n}. 0 otherwise (unknown; a file's
         * first record is its header, so none of its data records starts at 0).
         */
        public long byteOffset() {
            return byteOffset;
        }

        /** An empty or blank line (whitespace only): not a record, but read. */
        public boolean isEmpty() {
            if (oversized) {
                return false;
            }
            if (text == null) {
                for (byte b : ascii) { // as String.isBlank, without making the string
                    if (!Character.isWhitespace((char) b)) {
                        return false;
                    }
                }
                return true;
            }
            return text.isBlank();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LogicalRecord r && r.lineNumber == lineNumber && r.oversized == oversized
                    && r.text().equals(text());
        }

        @Override
        public int hashCode() {
            return Objects.hash(text(), lineNumber, oversized);
        }

        @Override
        public String toString() {
            return "LogicalRecord[text=" + text() + ", lineNumber=" + lineNumber + ", oversized=" + oversized + "]";
        }
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    /** The most bytes one record may take in the byte buffer before the rest goes to a decoding reader. */
    static final int MAX_BUFFERED_RECORD_BYTES = 1 << 20;

    private Reader in;
    private final int maxRecordChars;
    private char[] buffer = new char[64 * 1024];
    private final StringBuilder text = new StringBuilder(256);
    private int position;
    private int limit;
    private long line = 1;
    private boolean started;
    // The byte side (ofUtf8): null bytesIn once the rest of the stream went to a decoding reader, or for a reader.
    private InputStream bytesIn;
    private byte[] bytes;
    private int bytePosition;
    private int byteLimit;
    /** The stream offset of {@code bytes[0]}: what {@link #moreBytes} moved out of the buffer so far. */
    private long bufferStart;
    private boolean bytesEnded;
    private boolean bytesStarted;

    public CsvLogicalRecords(Reader in) {
        this(in, DEFAULT_MAX_RECORD_CHARS);
    }

    public CsvLogicalRecords(Reader in, int maxRecordChars) {
        if (maxRecordChars < 1) {
            throw new IllegalArgumentException("maxRecordChars must be positive: " + maxRecordChars);
        }
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    /** The records of UTF-8 bytes, read without decoding where a record is plain ASCII (see the class comment). */
    public static CsvLogicalRecords ofUtf8(InputStream in) {
        return ofUtf8(in, DEFAULT_MAX_RECORD_CHARS);
    }

    public static CsvLogicalRecords ofUtf8(InputStream in, int maxRecordChars) {
        // The character rules read a record decoded on its own from the buffer, and then find nothing more.
        CsvLogicalRecords records = new CsvLogicalRecords(Reader.nullReader(), maxRecordChars);
        records.bytesIn = in;
        records.bytes = new byte[64 * 1024];
        return records;
    }

    /** The next record, or null at the end of the stream. A final line without line break is a record. */
    public LogicalRecord next() throws IOException {
        return bytesIn != null ? nextFromBytes() : nextFromCharacters();
    }

    private LogicalRecord nextFromBytes() throws IOException {
        if (!bytesStarted) {
            bytesStarted = true;
            started = true;   // the character rules never see the stream's start: the BOM is dropped here
            while (byteLimit < 3 && fillBytes()) {
                // a byte-order mark may come in pieces
            }
            if (byteLimit >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
                bytePosition = 3;
            }
        }
        // The common case: ASCII up to a \n or \r\n, without a quote; the whole line is in the buffer.
        int i = bytePosition;
        while (true) {
            while (i + 8 <= byteLimit && !anyLineEndQuoteOrNonAscii((long) EIGHT_BYTES.get(bytes, i))) {
                i += 8; // eight bytes of the line at a time; the loop below finds which byte ends the scan
            }
            byte b = 0;
            while (i < byteLimit && (b = bytes[i]) != '\n' && b != '\r' && b >= 0 && b != '"') {
                i++;
            }
            if (i < byteLimit && (b == '\n' || (b == '\r' && i + 1 < byteLimit && bytes[i + 1] == '\n'))) {
                if (i - bytePosition > maxRecordChars) {
                    break;
                }
                byte[] ascii = Arrays.copyOfRange(bytes, bytePosition, i);
                LogicalRecord record = new LogicalRecord(null, line, false, ascii, bufferStart + bytePosition);
                line++;
                bytePosition = i + (b == '\n' ? 1 : 2);
                return record;
            }
            boolean lineGoesOn = i == byteLimit || (b == '\r' && i + 1 == byteLimit);
            int scanned = i - bytePosition;
            if (!lineGoesOn || bytesEnded || !moreBytes()) {
                break;
            }
            i = bytePosition + scanned;
        }
        if (bytesIn == null) {
            return nextFromCharacters();   // moreBytes handed the rest to a decoding reader
        }
        if (bytePosition == byteLimit && bytesEnded) {
            return null;
        }
        return recordDecodedAlone();
    }

    /** Eight bytes of a byte array as one {@code long}, the first byte lowest. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Whether any of the eight bytes in {@code word} is a {@code \n}, a {@code \r}, a quote or not ASCII: the bytes
     * that stop the plain-line scan, tested together (a byte equal to {@code c} is a zero byte of
     * {@code word ^ c×ONES}, and {@code (v - ONES) & ~v} has the high bit of some byte set exactly when {@code v}
     * has a zero byte).
     */
    static boolean anyLineEndQuoteOrNonAscii(long word) {
        long lineFeeds = word ^ (ONES * '\n');
        long returns = word ^ (ONES * '\r');
        long quotes = word ^ (ONES * '"');
        long zeroBytes = ((lineFeeds - ONES) & ~lineFeeds) | ((returns - ONES) & ~returns)
                | ((quotes - ONES) & ~quotes);
        return ((zeroBytes | word) & HIGH_BITS) != 0;
    }

    /**
     * A record that is not a plain ASCII line: its bytes found by the character rules' states (see the class
     * comment), decoded with its terminator, then split by the character rules, which also count its lines.
     */
    private LogicalRecord recordDecodedAlone() throws IOException {
        State state = State.FIELD_START;
        int i = bytePosition;
        int end;
        while (true) {
            if (i == byteLimit) {
                int scanned = i - bytePosition;
                if (bytesEnded || !moreBytes()) {
                    if (bytesIn == null) {
                        return nextFromCharacters();
                    }
                    end = byteLimit;
                    break;
                }
                i = bytePosition + scanned;
                continue;
            }
            if (i - bytePosition >= maxRecordChars) {
                // Longer than the limit in bytes, perhaps not in characters: the character rules decide.
                handOff();
                return nextFromCharacters();
            }
            byte b = bytes[i];
            if (b == '\n' && state != State.QUOTED) {
                end = i + 1;
                break;
            }
            if (b == '\r' && state != State.QUOTED) {
                // CRLF or a lone CR: the character rules look one past the CR.
                if (i + 1 == byteLimit && !bytesEnded) {
                    int scanned = i - bytePosition;
                    if (!moreBytes()) {
                        if (bytesIn == null) {
                            return nextFromCharacters();
                        }
                    }
                    i = bytePosition + scanned;
                }
                end = i + 1 < byteLimit && bytes[i + 1] == '\n' ? i + 2 : i + 1;
                break;
            }
            if (b != '\n' && b != '\r') {
                state = next(state, b);
            }
            i++;
        }
        char[] decoded = decode(bytes, bytePosition, end);
        bytePosition = end;
        char[] own = buffer;
        buffer = decoded;
        position = 0;
        limit = decoded.length;
        try {
            return nextFromCharacters();
        } finally {
            buffer = own;
            position = 0;
            limit = 0;
        }
    }

    private static State next(State state, int c) {
        return switch (state) {
            case FIELD_START -> c == '"' ? State.QUOTED : c == ',' ? State.FIELD_START : State.UNQUOTED;
            case UNQUOTED -> c == ',' ? State.FIELD_START : State.UNQUOTED;
            case QUOTED -> c == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
            // A quote after the closing quote is an escaped quote; other text there is broken CSV, which the
            // parser rejects; treating it as plain text keeps the split in step with the lines.
            case QUOTE_IN_QUOTED -> c == '"' ? State.QUOTED : c == ',' ? State.FIELD_START : State.UNQUOTED;
        };
    }

    /** UTF-8 bytes as a decoding reader gives them: malformed input and unmappable characters become U+FFFD. */
    private static char[] decode(byte[] bytes, int from, int to) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(to - from + 1);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isUnderflow()) {
            result.throwException();
        }
        result = decoder.flush(out);
        if (!result.isUnderflow()) {
            result.throwException();
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Reads at least once into the byte buffer; false at the end of the stream. */
    private boolean fillBytes() throws IOException {
        int n = bytesIn.read(bytes, byteLimit, bytes.length - byteLimit);
        if (n < 0) {
            bytesEnded = true;
            return false;
        }
        byteLimit += n;
        return true;
    }

    /**
     * More bytes after those of the record being read, which starts at {@link #bytePosition}: moves it to the
     * buffer's start, grows the buffer when the record fills it (up to {@link #MAX_BUFFERED_RECORD_BYTES} and the
     * record limit), and reads. False at the end of the stream, or when the record outgrew the buffer: then the rest
     * of the stream, from the record's first byte, goes to a decoding reader (bytesIn becomes null).
     */
    private boolean moreBytes() throws IOException {
        if (bytePosition > 0) {
            System.arraycopy(bytes, bytePosition, bytes, 0, byteLimit - bytePosition);
            byteLimit -= bytePosition;
            bufferStart += bytePosition;
            bytePosition = 0;
        }
        if (byteLimit == bytes.length) {
            if (bytes.length >= MAX_BUFFERED_RECORD_BYTES) {
                handOff();
                return false;
            }
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        while (true) {
            int n = bytesIn.read(bytes, byteLimit, bytes.length - byteLimit);
            if (n < 0) {
                bytesEnded = true;
                return false;
            }
            if (n > 0) {
                byteLimit += n;
                return true;
            }
        }
    }

    /**
     * The rest of the stream, from the record at {@link #bytePosition}, read by the character rules through a
     * decoding reader: for a record longer than the buffer or the limit, whose end only those rules can find.
     */
    private void handOff() {
        in = new InputStreamReader(new SequenceInputStream(
                new ByteArrayInputStream(Arrays.copyOfRange(bytes, bytePosition, byteLimit)), bytesIn),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        bytesIn = null;
        bytes = null;
        position = 0;
        limit = 0;
    }

    private LogicalRecord nextFromCharacters() throws IOException {
        LogicalRecord plain = plainLine();
        if (plain != null) {
            return plain;
        }
        int c = read();
        if (c < 0) {
            return null;
        }
        long startLine = line;
        text.setLength(0);
        State state = State.FIELD_START;
        boolean oversized = false;
        while (c >= 0) {
            if (c == '\n') {
                line++;
                if (state != State.QUOTED || oversized) {
                    break;
                }
            } else if (c == '\r' && (state != State.QUOTED || oversized)) {
                // CRLF or a lone CR (classic Mac line ends): either way the record ends here, without the CR.
                if (read() != '\n') {
                    unread();
                }
                line++;
                break;
            } else if (c == '\r' && peek() != '\n') {
                line++; // a lone CR inside quotes: a line break of the field, and a line of the file
            } else if (!oversized) {
                state = next(state, c);
            }
            if (!oversized) {
                if (text.length() < maxRecordChars) {
                    text.append((char) c);
                } else {
                    oversized = true;
                }
            }
            c = read();
        }
        int end = text.length();
        if (!oversized && end > 0 && text.charAt(end - 1) == '\r') {
            text.setLength(end - 1);
        }
        return new LogicalRecord(text.toString(), startLine, oversized);
    }

    /**
     * The common case, taken straight from the buffer: a record that is one whole line ending in {@code \n}, without
     * a quote or a {@code \r}, within the buffer and the length limit. For it the state machine of {@link #next}
     * could only ever be outside quotes, so the record is exactly the characters before the {@code \n}. Null (and
     * nothing consumed) for anything else, which {@link #next} then reads character by character.
     */
    private LogicalRecord plainLine() {
        if (!started || position >= limit) {
            return null;
        }
        int end = Math.min(limit, position + maxRecordChars);
        for (int i = position; i < end; i++) {
            char c = buffer[i];
            if (c == '\n') {
                LogicalRecord record = new LogicalRecord(new String(buffer, position, i - position), line, false);
                line++;
                position = i + 1;
                return record;
            }
            if (c == '"' || c == '\r') {
                return null;
            }
        }
        return null;
    }

    /** The next character without consuming it, or -1 at the end. */
    private int peek() throws IOException {
        int c = read();
        unread();
        return c;
    }

    /** Steps back over the character {@link #read()} just returned (no-op at the end of the stream). */
    private void unread() {
        // read() leaves the returned character at buffer[position - 1], also right after a refill.
        if (position > 0 && limit > 0) {
            position--;
        }
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
            if (!started) {
                started = true;
                if (buffer[0] == '\uFEFF') {
                    position = 1;
                    return read();
                }
            }
        }
        return buffer[position++];
    }

    @Override
    public void close() throws IOException {
        if (bytesIn != null) {
            bytesIn.close();
        }
        in.close();
    }
}
