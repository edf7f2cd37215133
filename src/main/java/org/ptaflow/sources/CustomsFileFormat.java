package org.ptaflow.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.ptaflow.pipeline.SourceLine;
import org.ptaflow.records.CsvLogicalRecords;
import org.ptaflow.records.RecordFormat;

/**
 * Reads a customs extract file — CSV with a header row, or JSON Lines, told apart by the first line — into
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
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream,
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        // Peek at the first line to tell JSON Lines from CSV, then read from the start again.
        reader.mark(CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS);
        String first = reader.readLine();
        reader.reset();
        if (first != null && RecordFormat.sniff(first) == RecordFormat.JSON_LINES) {
            return new JsonLinesReader(sourceName, reader);
        }
        return new CsvReader(sourceName, new CsvLogicalRecords(reader));
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
            if (header == null) {
                header = record.text();
                return read();
            }
            return SourceLine.csv(sourceName, record.lineNumber(), header, record.text());
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
        private long line;

        JsonLinesReader(String sourceName, BufferedReader reader) {
            this.sourceName = sourceName;
            this.reader = reader;
        }

        @Override
        public SourceLine read() throws IOException {
            String text;
            do {
                text = reader.readLine();
                line++;
                if (text == null) {
                    return null;
                }
                if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1);
                }
            } while (text.isBlank());
            return SourceLine.json(sourceName, line, text);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
