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
        return new Reader(sourceName, new CsvLogicalRecords(reader));
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    private static final class Reader implements StreamFormat.Reader<SourceLine> {
        private final String sourceName;
        private final CsvLogicalRecords records;
        private boolean started;
        private boolean json;
        private String header;

        Reader(String sourceName, CsvLogicalRecords records) {
            this.sourceName = sourceName;
            this.records = records;
        }

        @Override
        public SourceLine read() throws IOException {
            if (!started) {
                started = true;
                CsvLogicalRecords.Entry first = records.next();
                if (first == null) {
                    return null;
                }
                json = RecordFormat.sniff(first.text()) == RecordFormat.JSON_LINES;
                if (json) {
                    return SourceLine.json(sourceName, first.lineNumber(), stripBom(first.text()));
                }
                header = first.text();
            }
            CsvLogicalRecords.Entry entry = records.next();
            if (entry == null) {
                return null;
            }
            return json ? SourceLine.json(sourceName, entry.lineNumber(), entry.text())
                    : SourceLine.csv(sourceName, entry.lineNumber(), header, entry.text());
        }

        @Override
        public void close() throws IOException {
            records.close();
        }

        private static String stripBom(String s) {
            return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
        }
    }
}
