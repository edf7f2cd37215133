package org.ptaflow.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.ptaflow.records.SourceLine;
import org.ptaflow.records.CsvLogicalRecords;
import org.ptaflow.records.RecordFormat;

/**
 * Reads a customs extract file — CSV with a header row, or JSON Lines, told apart by how the file starts — into
 * {@link SourceLine}s for the parser. A CSV record whose quoted field holds a newline stays one record. Files are
 * read whole (not split): a CSV line is meaningless without its header. Invalid UTF-8 bytes become U+FFFD and the
 * record is then rejected by the parser rather than failing the source.
 */
public class CustomsFileFormat extends SimpleStreamFormat<SourceLine> {
    private final String sourceName;

    public CustomsFileFormat(String sourceName) {
        this.sourceName = sourceName;
    }

    @Override
    public StreamFormat.Reader<SourceLine> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        // Peek at the start of the file to tell JSON Lines from CSV, then read from the start again. Only a bounded
        // prefix: marking a whole first line would cost a buffer as large as the longest record allowed, for every
        // file, and fail the job on a first line longer than that.
        PushbackInputStream in = new PushbackInputStream(stream, SNIFF_BYTES);
        byte[] prefix = new byte[SNIFF_BYTES];
        int n = 0;
        for (int r; n < prefix.length && (r = in.read(prefix, n, prefix.length - n)) > 0; ) {
            n += r;
        }
        in.unread(prefix, 0, n);
        if (RecordFormat.sniff(new String(prefix, 0, n, StandardCharsets.UTF_8)) == RecordFormat.JSON_LINES) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in,
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
            return new JsonLinesReader(sourceName, reader, CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS);
        }
        // CSV from the bytes: plain ASCII lines are never decoded, and the parser reads their bytes.
        return new CsvReader(sourceName, CsvLogicalRecords.ofUtf8(in));
    }

    /**
     * How much of a file's start decides its format: the first character that is not white space (or a byte-order
     * mark) — a JSON object's brace, or anything else for CSV. Blank lines before it do not matter.
     */
    static final int SNIFF_BYTES = 64 * 1024;

    /** A record longer than the longest allowed, cut to its first characters, to be rejected as malformed. */
    static SourceLine oversized(String sourceName, long line, String start) {
        return new SourceLine(sourceName, line, SourceLine.OVERSIZED, null, start);
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    /**
     * CSV: the first record is the header; a quoted field may span lines. Empty lines are not records and are
     * skipped (they are not counted as read).
     */
    private static final class CsvReader implements StreamFormat.Reader<SourceLine> {
        private final String sourceName;
        private final CsvLogicalRecords records;
        private String header;

        CsvReader(String sourceName, CsvLogicalRecords records) {
            this.sourceName = sourceName;
            this.records = records;
        }

        @Override
        public SourceLine read() throws IOException {
            CsvLogicalRecords.LogicalRecord record;
            do {
                record = records.next();
                if (record == null) {
                    return null;
                }
            } while (record.isEmpty());
            if (record.oversized()) {
                if (header == null) {
                    // An oversized header: there is nothing to read the file's records by. Each is still read and
                    // counted, and rejected by the parser (CsvRecordParser.OVERSIZED_HEADER), never read by the
                    // columns of whatever line comes next.
                    header = org.ptaflow.records.CsvRecordParser.OVERSIZED_HEADER;
                }
                return oversized(sourceName, record.lineNumber(), record.text());
            }
            if (header == null) {
                header = record.text();
                return read();
            }
            // A plain line comes as its bytes only: its text is made where someone asks for it (SourceLine.text()).
            SourceLine line = SourceLine.csv(sourceName, record.lineNumber(), header,
                    record.ascii() == null ? record.text() : null);
            line.ascii = record.ascii();
            line.textOffset = record.byteOffset();
            return line;
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }

    /**
     * JSON Lines: one object per physical line (a newline inside a JSON string is escaped, so lines never need
     * joining — and CSV quote rules must not be applied to JSON text). Blank lines are skipped.
     */
    private static final class JsonLinesReader implements StreamFormat.Reader<SourceLine> {
        private final String sourceName;
        private final BufferedReader reader;
        private final int maxLineChars;
        private final StringBuilder buffer = new StringBuilder();
        private long line;
        /** The last {@link #nextLine} reached the end of the file. */
        private boolean eof;

        JsonLinesReader(String sourceName, BufferedReader reader, int maxLineChars) {
            this.sourceName = sourceName;
            this.reader = reader;
            this.maxLineChars = maxLineChars;
        }

        @Override
        public SourceLine read() throws IOException {
            while (true) {
                boolean oversized = nextLine();
                if (oversized) {
                    return oversized(sourceName, line, buffer.toString());
                }
                String text = buffer.toString();
                if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1);
                }
                if (!text.isBlank()) {
                    return SourceLine.json(sourceName, line, text);
                }
                if (eof) {
                    return null;
                }
            }
        }

        /**
         * Reads one physical line (ended by LF, CR or CR LF, as {@code readLine} would) into the buffer, keeping at
         * most {@code maxLineChars} of it: a longer line is skipped to its end and reported oversized, so that one
         * huge line costs bounded memory and is rejected rather than failing the job.
         */
        private boolean nextLine() throws IOException {
            buffer.setLength(0);
            boolean oversized = false;
            int c;
            boolean any = false;
            while ((c = reader.read()) >= 0) {
                any = true;
                if (c == '\n') {
                    break;
                }
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                    break;
                }
                if (buffer.length() < maxLineChars) {
                    buffer.append((char) c);
                } else {
                    oversized = true;
                }
            }
            if (c < 0) {
                eof = true;
            }
            if (any) {
                line++;
            }
            return oversized;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
