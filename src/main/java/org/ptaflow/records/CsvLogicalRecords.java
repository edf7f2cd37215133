package org.ptaflow.records;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

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
 * <p>Not thread-safe; one instance per stream. Reads through its own buffer, so the reader need not be buffered.
 */
public final class CsvLogicalRecords implements Closeable {
    /** Default limit on a record's length in characters: far above any real record, far below a heap. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

    /** One logical record: its text without the line terminator, and the line it starts on (1-based). */
    public record LogicalRecord(String text, long lineNumber, boolean oversized) {
        /** An empty or blank line (whitespace only): not a record, but read. */
        public boolean isEmpty() {
            return !oversized && text.isBlank();
        }
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder text = new StringBuilder(256);
    private int position;
    private int limit;
    private long line = 1;
    private boolean started;

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

    /** The next record, or null at the end of the stream. A final line without line break is a record. */
    public LogicalRecord next() throws IOException {
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
                state = switch (state) {
                    case FIELD_START -> c == '"' ? State.QUOTED : c == ',' ? State.FIELD_START : State.UNQUOTED;
                    case UNQUOTED -> c == ',' ? State.FIELD_START : State.UNQUOTED;
                    case QUOTED -> c == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
                    // A quote after the closing quote is an escaped quote; other text there is broken CSV, which
                    // the parser rejects; treating it as plain text keeps the split in step with the lines.
                    case QUOTE_IN_QUOTED -> c == '"' ? State.QUOTED : c == ',' ? State.FIELD_START : State.UNQUOTED;
                };
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
        in.close();
    }
}
