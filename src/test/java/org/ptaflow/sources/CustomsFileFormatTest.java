package org.ptaflow.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.SourceLine;
import org.ptaflow.records.CsvLogicalRecords;

/**
 * The file source's edges that a small corpus file cannot hold: records longer than the longest allowed (one
 * huge line must neither fail the job nor take unbounded memory) and how the format is told.
 */
class CustomsFileFormatTest {
    static final String HEADER = "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,currency,procedure";
    static final String CSV_RECORD = "D1,1,2024-01-10,AZE,PAK,100630,100,USD,home_use";
    static final String JSON_RECORD = "{\"declaration_id\":\"D1\",\"item_no\":1}";

    @TempDir
    Path dir;

    private List<SourceLine> read(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        List<SourceLine> lines = new ArrayList<>();
        try (StreamFormat.Reader<SourceLine> reader = new CustomsFileFormat(name)
                .createReader(new Configuration(), FileSystem.getLocalFileSystem().open(path))) {
            for (SourceLine l; (l = reader.read()) != null; ) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static String huge() {
        return "x".repeat(CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS + 10);
    }

    @Test
    void anOversizedJsonLineIsCutAndMarkedAndTheNextLineIsRead() throws Exception {
        List<SourceLine> lines = read("big.jsonl", JSON_RECORD + "\n{\"declaration_id\":\"" + huge() + "\"}\n"
                + JSON_RECORD + "\n");
        assertEquals(3, lines.size());
        assertEquals(SourceLine.JSON, lines.get(0).format);
        assertEquals(SourceLine.OVERSIZED, lines.get(1).format);
        assertEquals(2, lines.get(1).line);
        assertEquals(CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS, lines.get(1).text().length(), "cut, not kept whole");
        assertEquals(SourceLine.JSON, lines.get(2).format);
        assertEquals(3, lines.get(2).line);
        assertEquals(JSON_RECORD, lines.get(2).text());
    }

    @Test
    void anOversizedCsvRecordIsMarkedNotParsed() throws Exception {
        List<SourceLine> lines = read("big.csv", HEADER + "\n" + CSV_RECORD + "\nD2,1,2024-01-10,AZE,PAK,100630,100,USD,"
                + huge() + "\n" + CSV_RECORD + "\n");
        assertEquals(3, lines.size());
        assertEquals(SourceLine.CSV, lines.get(0).format);
        assertEquals(SourceLine.OVERSIZED, lines.get(1).format);
        assertEquals(3, lines.get(1).line);
        assertEquals(SourceLine.CSV, lines.get(2).format);
        assertEquals(4, lines.get(2).line);
    }

    @Test
    void aFirstLineLongerThanTheLongestRecordDoesNotFailTheSource() throws Exception {
        List<SourceLine> lines = read("big-first.csv", huge() + "\n" + HEADER + "\n" + CSV_RECORD + "\n");
        assertEquals(SourceLine.OVERSIZED, lines.get(0).format, "the oversized first line is reported, not thrown");
        // The oversized line was the header: the lines after it are records of a file without a usable header,
        // each read and rejected, never parsed by the columns of the line that happens to come second.
        assertEquals(3, lines.size(), "the header-like second line and the record are records too");
        for (SourceLine l : lines.subList(1, 3)) {
            assertEquals(SourceLine.CSV, l.format);
            org.ptaflow.records.RecordRejectedException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.ptaflow.records.RecordRejectedException.class,
                    () -> new org.ptaflow.records.CsvRecordParser(l.header).parse(l.text()));
            assertEquals(org.ptaflow.records.RejectionReason.MALFORMED, e.reason());
            assertTrue(e.getMessage().contains("header is longer than"), e.getMessage());
        }
    }

    @Test
    void jsonLinesAreToldByTheirFirstBraceAfterBlankLinesAndAByteOrderMark() throws Exception {
        List<SourceLine> lines = read("blank-first.jsonl", "\uFEFF\n\n  \n" + JSON_RECORD + "\r\n" + JSON_RECORD);
        assertEquals(2, lines.size());
        assertEquals(SourceLine.JSON, lines.get(0).format);
        assertEquals(4, lines.get(0).line);
        assertEquals(JSON_RECORD, lines.get(0).text());
        assertEquals(5, lines.get(1).line);
    }

    @Test
    void anEmptyFileHasNoRecords() throws Exception {
        assertEquals(List.of(), read("empty.jsonl", ""));
        assertEquals(List.of(), read("empty.csv", ""));
        List<SourceLine> onlyHeader = read("header.csv", HEADER + "\n");
        assertEquals(0, onlyHeader.size());
        assertNull(null);
    }

    @Test
    void aPlainLineComesAsItsBytesAndCrossesAnExchangeWithThemOnce() throws Exception {
        List<SourceLine> lines = read("plain.csv", HEADER + "\n" + CSV_RECORD + "\n\"D2\",1,2024-01-10,AZE,PAK,100630,1,"
                + "USD,home_use\n");
        assertEquals(2, lines.size());
        assertEquals(CSV_RECORD, new String(lines.get(0).ascii, StandardCharsets.US_ASCII));
        assertNull(lines.get(0).text, "a plain line's text is not made until asked");
        assertEquals(CSV_RECORD, lines.get(0).text());
        assertNull(lines.get(1).ascii, "a quoted line is parsed from its text");
        // Several files are unioned before the parser, so their lines cross an exchange: the bytes go, once.
        org.apache.flink.api.common.typeinfo.TypeInformation<SourceLine> type =
                new CustomsFileFormat("plain.csv").getProducedType();
        org.apache.flink.api.common.typeutils.TypeSerializer<SourceLine> serializer = type.createSerializer(
                new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        SourceLine asRead = read("plain.csv", HEADER + "\n" + CSV_RECORD + "\n").get(0);
        serializer.serialize(asRead, out);
        SourceLine back = serializer.deserialize(
                new org.apache.flink.core.memory.DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        assertNull(back.text);
        assertEquals(CSV_RECORD, new String(back.ascii, StandardCharsets.US_ASCII));
        assertEquals(CSV_RECORD, back.text());
        assertEquals(asRead.textOffset, back.textOffset);
        int withBytes = out.length();
        SourceLine textOnly = SourceLine.csv(back.source, back.line, back.header, CSV_RECORD);
        out.clear();
        serializer.serialize(textOnly, out);
        assertTrue(withBytes < out.length() + CSV_RECORD.length() / 2,
                "the text crosses once: " + withBytes + " bytes against " + out.length() + " for the text alone");
    }
}
