package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a CSV stream into logical records, and telling CSV from JSON Lines. */
class CsvLogicalRecordsTest {

    private static List<CsvLogicalRecords.LogicalRecord> split(String text) throws IOException {
        return split(new StringReader(text), CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS);
    }

    private static List<CsvLogicalRecords.LogicalRecord> split(Reader in, int max) throws IOException {
        List<CsvLogicalRecords.LogicalRecord> out = new ArrayList<>();
        try (CsvLogicalRecords records = new CsvLogicalRecords(in, max)) {
            CsvLogicalRecords.LogicalRecord r;
            while ((r = records.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> texts(List<CsvLogicalRecords.LogicalRecord> records) {
        return records.stream().map(CsvLogicalRecords.LogicalRecord::text).toList();
    }

    private static List<Long> lines(List<CsvLogicalRecords.LogicalRecord> records) {
        return records.stream().map(CsvLogicalRecords.LogicalRecord::lineNumber).toList();
    }

    @Test
    void eachLineIsARecordNumberedFromOne() throws IOException {
        List<CsvLogicalRecords.LogicalRecord> records = split("h1,h2\na,b\nc,d\n");
        assertEquals(List.of("h1,h2", "a,b", "c,d"), texts(records));
        assertEquals(List.of(1L, 2L, 3L), lines(records));
    }

    @Test
    void aFinalLineWithoutLineBreakIsARecord() throws IOException {
        assertEquals(List.of("h", "a"), texts(split("h\na")));
    }

    @Test
    void aLineBreakInsideQuotesBelongsToTheField() throws IOException {
        List<CsvLogicalRecords.LogicalRecord> records = split("h1,h2\n\"two\nlines\",b\nc,d\n");
        assertEquals(List.of("h1,h2", "\"two\nlines\",b", "c,d"), texts(records));
        assertEquals(List.of(1L, 2L, 4L), lines(records));
    }

    @Test
    void doubledQuotesDoNotEndAQuotedField() throws IOException {
        assertEquals(List.of("\"say \"\"hi\nthere\"\"\",x", "y"), texts(split("\"say \"\"hi\nthere\"\"\",x\ny")));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsPlainText() throws IOException {
        // as in Jackson's parser: only a quote at the start of a field opens a quoted field
        assertEquals(List.of("ab\"c,d", "e,f"), texts(split("ab\"c,d\ne,f\n")));
    }

    @Test
    void crlfLineEndsAreRemovedButACrlfInsideQuotesIsKept() throws IOException {
        assertEquals(List.of("h1,h2", "\"x\r\ny\",b", "c,d"), texts(split("h1,h2\r\n\"x\r\ny\",b\r\nc,d\r\n")));
    }

    @Test
    void emptyLinesComeBackAsEmptyRecordsSoEveryLineIsAccountedFor() throws IOException {
        List<CsvLogicalRecords.LogicalRecord> records = split("h\n\na\r\n\r\nb\n");
        assertEquals(List.of("h", "", "a", "", "b"), texts(records));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), lines(records));
        assertTrue(records.get(1).isEmpty());
        assertFalse(records.get(2).isEmpty());
    }

    @Test
    void blankLinesAreEmptyRecordsLikeEmptyOnes() throws IOException {
        // Found by the bad-input corpus: a line of spaces was a record (rejected as malformed) in CSV while JSON
        // Lines skipped it.
        List<CsvLogicalRecords.LogicalRecord> records = split("h\n  \n\t\r\na\n");
        assertEquals(List.of("h", "  ", "\t", "a"), texts(records));
        assertTrue(records.get(1).isEmpty());
        assertTrue(records.get(2).isEmpty());
        assertFalse(new CsvLogicalRecords.LogicalRecord("\" \"", 1, false).isEmpty());
    }

    @Test
    void aLoneCrEndsARecordAsInClassicMacFiles() throws IOException {
        // Found by the bad-input corpus: a CR-only file was one record, the header, and every record in it was
        // silently lost.
        List<CsvLogicalRecords.LogicalRecord> records = split("h1,h2\ra,b\rc,d\r");
        assertEquals(List.of("h1,h2", "a,b", "c,d"), texts(records));
        assertEquals(List.of(1L, 2L, 3L), lines(records));
        assertEquals(List.of("h", "a", "", "b"), texts(split("h\ra\r\r\nb")));
    }

    @Test
    void aLoneCrInsideQuotesStaysInTheFieldAndCountsAsALine() throws IOException {
        List<CsvLogicalRecords.LogicalRecord> records = split("h\r\"x\ry\",1\rnext\r");
        assertEquals(List.of("h", "\"x\ry\",1", "next"), texts(records));
        assertEquals(List.of(1L, 2L, 4L), lines(records));
    }

    @Test
    void aCrAtAReadBufferBoundaryIsOneLineEnd() throws IOException {
        String first = "x".repeat(64 * 1024 - 1);
        assertEquals(List.of(first, "a", "b"), texts(split(first + "\r\na\rb")));
    }

    @Test
    void aByteOrderMarkAtTheStartIsDropped() throws IOException {
        assertEquals(List.of("h", "a\uFEFF"), texts(split("\uFEFFh\na\uFEFF")));
    }

    @Test
    void anEmptyStreamHasNoRecords() throws IOException {
        assertTrue(split("").isEmpty());
        assertTrue(split("\uFEFF").isEmpty());
    }

    @Test
    void recordsSpanningReadBuffersAreWhole() throws IOException {
        String field = "x".repeat(200_000);
        String text = "h\n\"" + field + "\n" + field + "\",1\nlast\n";
        assertEquals(List.of("h", "\"" + field + "\n" + field + "\",1", "last"), texts(split(text)));
    }

    @Test
    void anUnterminatedQuoteIsCutAtTheLimitAndReadingResumesAtTheNextLine() throws IOException {
        List<CsvLogicalRecords.LogicalRecord> records = split(new StringReader("h\n\"open,1\nmore\nnext\nlast\n"), 10);
        assertEquals(List.of("h", "\"open,1\nmo", "next", "last"), texts(records));
        assertTrue(records.get(1).oversized());
        assertFalse(records.get(2).oversized());
        assertEquals(List.of(1L, 2L, 4L, 5L), lines(records));
    }

    @Test
    void anUnterminatedQuoteWithinTheLimitRunsToTheEndAndIsRejectedByTheParser() throws IOException {
        List<CsvLogicalRecords.LogicalRecord> records = split("a\n\"open\nrest");
        assertEquals(List.of("a", "\"open\nrest"), texts(records));
        CsvRecordParser parser = new CsvRecordParser(records.get(0).text());
        assertEquals(RejectionReason.MALFORMED, org.junit.jupiter.api.Assertions.assertThrows(
                RecordRejectedException.class, () -> parser.parse(records.get(1).text())).reason());
    }

    @Test
    void splitRecordsParseWithTheHeader() throws IOException, RecordRejectedException {
        String file = "\uFEFFdeclaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,unit\r\n"
                + "D-1,1,2024-03-05,PAK,AZE,080610,10,\"kg\r\nnet\"\r\n"
                + "D-2,1,2024-03-05T10:00:00Z,PAK,AZE,080610,20,kg\r\n";
        List<CsvLogicalRecords.LogicalRecord> records = split(file);
        CsvRecordParser parser = new CsvRecordParser(records.get(0).text());
        assertEquals("kg\r\nnet", parser.parse(records.get(1).text()).unit);
        assertEquals("D-2", parser.parse(records.get(2).text()).declarationId);
        assertEquals(3, records.size());
    }

    @Test
    void sniffingTellsJsonLinesFromCsv() {
        assertEquals(RecordFormat.JSON_LINES, RecordFormat.sniff("{\"declaration_id\":\"D-1\"}"));
        assertEquals(RecordFormat.JSON_LINES, RecordFormat.sniff("\uFEFF  {\"declaration_id\":\"D-1\"}"));
        assertEquals(RecordFormat.CSV, RecordFormat.sniff("declaration_id,item_no"));
        assertEquals(RecordFormat.CSV, RecordFormat.sniff("\uFEFFdeclaration_id,item_no"));
        assertEquals(RecordFormat.CSV, RecordFormat.sniff("\"{weird}\",item_no"));
        assertEquals(RecordFormat.CSV, RecordFormat.sniff("   "));
        assertEquals(RecordFormat.CSV, RecordFormat.sniff(null));
    }

    @Test
    void theReaderIsClosed() throws IOException {
        boolean[] closed = {false};
        Reader in = new StringReader("a") {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new CsvLogicalRecords(in).close();
        assertTrue(closed[0]);
    }

    @Test
    void afterTheEndNextKeepsReturningNull() throws IOException {
        CsvLogicalRecords records = new CsvLogicalRecords(new StringReader("a\n"));
        assertEquals("a", records.next().text());
        assertNull(records.next());
        assertNull(records.next());
    }

    @Test
    void plainLinesTakenFromTheBufferSplitAsCharacterByCharacter() throws IOException {
        // A reader that hands over one character per call never lets a whole line sit in the buffer, so every
        // record goes through the character-by-character path; a plain reader lets plain lines take the fast one.
        // Both must give the same records over a random mix of plain, quoted, multi-line, CR, CRLF, empty and
        // BOM-started text, longer than the 64 K buffer, and with a small length limit that makes some oversized.
        String[] pieces = {"a,b,c\n", "1,2,3\n", "\n", "  \n", "x,\"q,1\"\n", "x,\"two\nlines\"\n", "p,q\r\n",
            "r,s\r", "\"\"\"\",z\n", "t,\"lone\rcr\"\n", "long,line,with,many,fields,0123456789\n", "u\"v,w\n"};
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 20; round++) {
            StringBuilder text = new StringBuilder(round % 2 == 0 ? "\uFEFF" : "");
            while (text.length() < 150_000) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            if (round % 3 == 0) {
                text.append("last,line,without,break");
            }
            int max = round % 4 == 0 ? 20 : CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS;
            assertEquals(all(new CsvLogicalRecords(new OneCharacterAtATime(text.toString()), max)),
                    all(new CsvLogicalRecords(new StringReader(text.toString()), max)));
        }
    }

    private static List<CsvLogicalRecords.LogicalRecord> all(CsvLogicalRecords records) throws IOException {
        List<CsvLogicalRecords.LogicalRecord> out = new ArrayList<>();
        for (CsvLogicalRecords.LogicalRecord r = records.next(); r != null; r = records.next()) {
            out.add(r);
        }
        return out;
    }

    private static final class OneCharacterAtATime extends Reader {
        private final String text;
        private int at;

        OneCharacterAtATime(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (at >= text.length()) {
                return -1;
            }
            buffer[offset] = text.charAt(at++);
            return 1;
        }

        @Override
        public void close() {}
    }

    @Test
    void fromBytesTheRecordsAreThoseOfADecodingReader() throws IOException {
        // The byte reader cuts plain ASCII lines from the bytes and decodes every other record alone; a decoding
        // reader (what the file source used before) decodes the whole stream. Over random bytes — plain, quoted,
        // multi-line, CR, CRLF, blank, non-ASCII, invalid UTF-8 (cut sequences, stray continuation bytes) — with and
        // without a byte-order mark, fed whole or one byte at a time, with the default and a small limit, and with a
        // line longer than the byte buffer's limit, both must give the same records.
        String[] pieces = {"a,b,c\n", "1,2,3\n", "1,2,3\r\n", "\n", "  \r\n", "x,\"q,1\"\n",
            "x,\"two\nlines\"\n", "r,s\r", "\"\"\"\",z\n", "t,\"lone\rcr\"\n", "u\"v,w\n", "caf\u00e9,1\n",
            "\u00e9t\u00e9,\"\u4e2d\n\u6587\"\r\n", "emoji \ud83d\ude00,x\n", "\uFEFF,mid\n",
            // longer lines, read eight bytes at a time, with what stops the scan at different places in a word
            "SIM-42-0,1,2024-01-01T05:00:30.504+05:00,PAK,CHN,CHN,39021000,home_use,26902.75,USD,25810,kg,,5152.29,\n",
            "SIM-42-0,2,2024-01-01T00:00:55.590Z,AZE,PAK,PAK,1006309800,home_use,24887.09,AZN,\"13,815\",kg\r\n",
            "0123456789abcdefghij,caf\u00e9 au lait,0123456\n", "0123456789abcdefg\rhijklmnopqrstuvw\n",
            "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\"q\"\n"};
        byte[][] broken = {{(byte) 0xE2, (byte) 0x82, '\n'}, {(byte) 0x80, ',', 'x', '\n'}, {(byte) 0xC3},
            {'"', (byte) 0xF0, (byte) 0x9F, '"', '\r'}, {(byte) 0xFF, (byte) 0xFE, ',', '\r', '\n'}};
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 40; round++) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            if (round % 2 == 0) {
                bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            while (bytes.size() < 150_000) {
                if (random.nextInt(10) == 0) {
                    bytes.writeBytes(broken[random.nextInt(broken.length)]);
                } else {
                    bytes.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            if (round % 5 == 1) {
                bytes.writeBytes(("long," + "y".repeat(CsvLogicalRecords.MAX_BUFFERED_RECORD_BYTES + 10) + "\nz\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (round % 3 == 0) {
                bytes.writeBytes("last,line,without,break".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] file = bytes.toByteArray();
            int max = round % 4 == 0 ? 20 : CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS;
            List<CsvLogicalRecords.LogicalRecord> expected = all(new CsvLogicalRecords(new java.io.InputStreamReader(
                    new java.io.ByteArrayInputStream(file), java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)), max));
            java.io.InputStream in = round % 3 == 2 ? new OneByteAtATime(file) : new java.io.ByteArrayInputStream(file);
            List<CsvLogicalRecords.LogicalRecord> fromBytes = all(CsvLogicalRecords.ofUtf8(in, max));
            assertEquals(expected, fromBytes, "round " + round);
            int ascii = 0;
            for (CsvLogicalRecords.LogicalRecord r : fromBytes) {
                if (r.ascii() != null) {
                    ascii++;
                    assertEquals(r.text(), new String(r.ascii(), java.nio.charset.StandardCharsets.US_ASCII));
                    assertTrue(r.text().chars().allMatch(c -> c < 0x80 && c != '"'), r.text());
                }
            }
            if (max == CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS) {
                // five of the fifteen pieces are plain ASCII lines; a record beyond a small limit hands the rest of the
                // stream to the decoding reader
                assertTrue(ascii > fromBytes.size() / 5, "plain ASCII lines are read from the bytes: " + ascii + " of "
                        + fromBytes.size() + " records");
            }
        }
    }

    /**
     * The eight-byte test of the plain-line scan against the bytes one by one: every byte value at every place in a
     * word of plain bytes, then random words that mix plain bytes with those that stop the scan.
     */
    @Test
    void eightBytesAtATimeStopWhereOneByteAtATimeWould() {
        for (int value = 0; value < 256; value++) {
            for (int place = 0; place < 8; place++) {
                byte[] word = "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                word[place] = (byte) value;
                assertEquals(anyStops(word), CsvLogicalRecords.anyLineEndQuoteOrNonAscii(little(word)),
                        "byte " + value + " at " + place);
            }
        }
        byte[] choices = {'a', ',', '0', ' ', '\n', '\r', '"', (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0, 0x7F, '\t',
            0x0B, 0x0C, 0x21, 0x23};
        java.util.Random random = new java.util.Random(20261206);
        for (int n = 0; n < 1_000_000; n++) {
            byte[] word = new byte[8];
            for (int i = 0; i < 8; i++) {
                word[i] = random.nextInt(4) == 0 ? choices[random.nextInt(choices.length)] : (byte) random.nextInt(256);
            }
            assertEquals(anyStops(word), CsvLogicalRecords.anyLineEndQuoteOrNonAscii(little(word)),
                    java.util.Arrays.toString(word));
        }
    }

    private static boolean anyStops(byte[] word) {
        for (byte b : word) {
            if (b == '\n' || b == '\r' || b == '"' || b < 0) {
                return true;
            }
        }
        return false;
    }

    private static long little(byte[] word) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (word[i] & 0xFF);
        }
        return v;
    }

    /**
     * A plain ASCII line read from bytes says where it starts in the stream: its text is the bytes from there to the
     * first line end, whatever came before it (a byte-order mark, CRLF and LF line ends, a quoted record over two
     * lines, a line that is not ASCII, blank lines) and however the stream hands its bytes over (all at once, one at
     * a time, records longer than the first read buffer). A record that is not a plain line says 0.
     */
    @Test
    void aPlainLineFromBytesKnowsWhereItStarts() throws IOException {
        StringBuilder file = new StringBuilder("\uFEFFh1,h2\r\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 3_000; i++) {
            switch (random.nextInt(8)) {
                case 0 -> file.append("\"quoted\nover two lines\",").append(i).append('\n');
                case 1 -> file.append("Ärger,").append(i).append("\r\n");
                case 2 -> file.append('\n');
                case 3 -> file.append("x".repeat(70_000 + random.nextInt(1000))).append(',').append(i).append('\n');
                default -> file.append("plain,").append(i).append(random.nextBoolean() ? "\r\n" : "\n");
            }
        }
        file.append("last,line");
        byte[] bytes = file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (java.io.InputStream in : List.of(new java.io.ByteArrayInputStream(bytes), new OneByteAtATime(bytes))) {
            int plain = 0;
            int other = 0;
            try (CsvLogicalRecords records = CsvLogicalRecords.ofUtf8(in)) {
                for (CsvLogicalRecords.LogicalRecord r; (r = records.next()) != null; ) {
                    if (r.ascii() == null) {
                        assertEquals(0, r.byteOffset(), r.text());
                        other++;
                        continue;
                    }
                    int at = Math.toIntExact(r.byteOffset());
                    int end = at;
                    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                        end++;
                    }
                    // (a message without the texts: some are 70,000 characters long)
                    assertTrue(r.text().equals(new String(bytes, at, end - at,
                            java.nio.charset.StandardCharsets.US_ASCII)), "line " + r.lineNumber() + " at byte " + at);
                    assertTrue(at > 0, "no data line starts the stream");
                    plain++;
                }
            }
            assertTrue(plain > 1_500 && other > 500, plain + " plain, " + other + " other");
        }
    }

    private static final class OneByteAtATime extends java.io.InputStream {
        private final byte[] bytes;
        private int at;

        OneByteAtATime(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (at >= bytes.length) {
                return -1;
            }
            buffer[offset] = bytes[at++];
            return 1;
        }
    }
}
