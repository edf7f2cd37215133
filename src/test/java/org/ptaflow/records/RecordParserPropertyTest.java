package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.ptaflow.records.SourceLine;
import org.ptaflow.sources.CustomsFileFormat;

/**
 * Properties of the record parsers (jqwik): on any input — text, edited valid records, bytes through the job's file
 * source — they accept a record or reject it with a {@link RecordRejectedException}, never anything else; and a
 * valid record written as CSV (any column order, quoting, line ends, split by {@link CsvLogicalRecords}) or as JSON
 * is read back unchanged.
 *
 * <p>Few tries go through the file source itself: its reader allocates a 16 M-character buffer per file (the mark
 * it sets to sniff the format), which makes each try cost milliseconds.
 */
class RecordParserPropertyTest {
    private static final JsonRecordParser JSON = new JsonRecordParser();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HEADER = String.join(",", RecordFields.NAMES);

    // ---- nothing but a record or a rejection ------------------------------------------------------------------

    @Property(tries = 1000)
    void jsonParserAcceptsOrRejectsAnyText(@ForAll("anyText") String text) {
        parseJson(text);
    }

    @Property(tries = 1000)
    void csvParserAcceptsOrRejectsAnyHeaderAndLine(@ForAll("anyText") String header, @ForAll("anyText") String line) {
        parseCsv(header, line);
        parseCsv(HEADER, line);
    }

    @Property(tries = 500)
    void parsersAcceptOrRejectAValidRecordWithRandomEdits(@ForAll("validRecord") Map<String, String> record,
            @ForAll("edits") List<Edit> edits, @ForAll boolean asJson) {
        String text = asJson ? json(record, new Random(edits.size())) : csvLine(record, RecordFields.NAMES);
        for (Edit e : edits) {
            text = e.apply(text);
        }
        if (asJson) {
            parseJson(text);
        } else {
            parseCsv(HEADER, text);
        }
    }

    @Property(tries = 200)
    void theFileSourceAndParsersTakeAnyBytes(@ForAll @Size(max = 400) byte[] body, @ForAll boolean csvHeader,
            @ForAll boolean jsonStart) throws IOException {
        byte[] prefix = (jsonStart ? "{" : csvHeader ? HEADER + "\n" : "").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(body, 0, bytes, prefix.length, body.length);
        for (SourceLine line : readFile(bytes)) {
            if (SourceLine.JSON.equals(line.format)) {
                parseJson(line.text());
            } else {
                parseCsv(line.header, line.text());
            }
        }
    }

    // ---- round trips ------------------------------------------------------------------------------------------

    @Property(tries = 500)
    void aValidRecordSurvivesCsv(@ForAll("validRecord") Map<String, String> record, @ForAll long shuffleSeed,
            @ForAll("lineEnd") String eol) throws Exception {
        List<String> columns = new ArrayList<>(RecordFields.NAMES);
        Collections.shuffle(columns, new Random(shuffleSeed));
        String file = "\uFEFF" + String.join(",", columns) + eol + csvLine(record, columns) + eol;
        List<CsvLogicalRecords.LogicalRecord> split = new ArrayList<>();
        try (CsvLogicalRecords records = new CsvLogicalRecords(new java.io.StringReader(file))) {
            for (CsvLogicalRecords.LogicalRecord r = records.next(); r != null; r = records.next()) {
                split.add(r);
            }
        }
        assertEquals(2, split.size(), "a header and one record: " + file);
        assertEquals(2, split.get(1).lineNumber());
        try {
            assertSameRecord(record, new CsvRecordParser(split.get(0).text()).parse(split.get(1).text()));
        } catch (RecordRejectedException e) {
            throw new AssertionError(e.getMessage() + " in " + file);
        }
    }

    @Property(tries = 500)
    void aValidRecordSurvivesJson(@ForAll("validRecord") Map<String, String> record, @ForAll long seed)
            throws Exception {
        String line = json(record, new Random(seed));
        assertEquals(-1, line.indexOf('\n'), "one line");
        assertEquals(-1, line.indexOf('\r'), "one line");
        assertSameRecord(record, JSON.parse(line));
    }

    @Provide
    Arbitrary<String> lineEnd() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    /** The parsed record holds exactly the values written (defaults where a field was left out). */
    private static void assertSameRecord(Map<String, String> written, CustomsRecord r) {
        assertEquals(written.get("declaration_id"), r.declarationId);
        assertEquals(Long.parseLong(written.get("item_no")), r.itemNo);
        assertEquals(epochMillis(written.get("registered_at")), r.registeredAt);
        assertEquals(written.get("importer"), r.importer);
        assertEquals(written.get("origin"), r.origin);
        assertEquals(written.getOrDefault("consignment", written.get("origin")), r.consignment);
        assertEquals(written.get("hs_code"), r.hsCode);
        assertEquals(written.getOrDefault("procedure", "home_use"), r.procedure.code());
        assertEquals(new BigDecimal(written.get("customs_value")), r.customsValue);
        assertEquals(written.getOrDefault("currency", "USD"), r.currency);
        assertEquals(decimalOrNull(written.get("quantity")), r.quantity);
        assertEquals(written.get("unit"), r.unit);
        assertEquals(written.getOrDefault("preference", ""), r.preference);
        assertEquals(decimalOrNull(written.get("duty_collected")), r.dutyCollected);
    }

    /** What a registration time means, by java.time rather than the parser's own code. */
    private static long epochMillis(String t) {
        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                : java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
    }

    private static BigDecimal decimalOrNull(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    // ---- generators -------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> csvish = Arbitraries.strings().withChars(",\"\r\n\t {}[]:0123456789.-+eENaI\uFEFF\uFFFDxAZ")
                .ofMaxLength(200);
        return Arbitraries.oneOf(any, csvish);
    }

    /** A text edit: insert, delete or replace a character at a position (as a fraction of the length). */
    record Edit(int kind, double at, char c) {
        String apply(String s) {
            int i = (int) (at * s.length());
            return switch (kind) {
                case 0 -> s.substring(0, i) + c + s.substring(i);
                case 1 -> s.isEmpty() || i >= s.length() ? s : s.substring(0, i) + s.substring(i + 1);
                default -> s.isEmpty() || i >= s.length() ? s : s.substring(0, i) + c + s.substring(i + 1);
            };
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().all(),
                Arbitraries.chars().with(',', '"', '\n', '\r', '{', '}', '[', ']', ':', '\\', '-', '.', 'e', '0', ' '));
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.doubles().between(0, 1), chars)
                .as(Edit::new).list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * Free text: any characters, with CSV and JSON specials (separators, quotes, line breaks, NUL, BOM, U+2028)
     * often, except U+FFFD (which stands for bytes that were not UTF-8) and surrogates (a decoder never makes a
     * lone one).
     */
    private static Arbitrary<String> freeText(int maxLength) {
        Arbitrary<Character> special = Arbitraries.chars().with(',', '"', '\n', '\r', '\t', ' ', '\\', '{', '\u0000',
                '\u2028', '\uFEFF');
        Arbitrary<Character> any = Arbitraries.chars().all().map(c -> Character.isSurrogate(c) || c == '\uFFFD' ? 'x' : c);
        return Arbitraries.frequencyOf(Tuple.of(1, special), Tuple.of(3, any)).list().ofMinSize(1)
                .ofMaxSize(maxLength).map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    private static Arbitrary<String> upper3() {
        return Arbitraries.strings().withCharRange('A', 'Z').ofLength(3);
    }

    private static Arbitrary<String> decimal() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(15);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(digits, fraction, Arbitraries.integers().between(0, 2))
                .as((i, f, form) -> switch (form) {
                    case 0 -> i;
                    case 1 -> i + "." + f;
                    default -> "-0." + "0".repeat(f.length());
                });
    }

    private static Arbitrary<String> registeredAt() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(
                LocalDate.of(1900, 1, 2).toEpochDay() * 86_400, LocalDate.of(2199, 12, 30).toEpochDay() * 86_400);
        Arbitrary<Integer> offsetMinutes = Arbitraries.integers().between(-18 * 60, 18 * 60);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(9);
        return Combinators.combine(seconds, offsetMinutes, fraction, Arbitraries.integers().between(0, 2))
                .as((s, off, frac, form) -> {
                    if (form == 0) {
                        return LocalDate.ofEpochDay(Math.floorDiv(s, 86_400)).toString();
                    }
                    ZoneOffset zone = ZoneOffset.ofTotalSeconds(off * 60);
                    String local = Instant.ofEpochSecond(s).atOffset(zone)
                            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
                    String f = frac.isEmpty() ? "" : "." + frac;
                    return local + f + (form == 1 || off == 0 ? (form == 1 ? "Z" : "+00:00") : zone.getId());
                })
                // a date-time with offset can fall outside the accepted years once shifted; keep those in range
                .filter(t -> Integer.parseInt(t.substring(0, 4)) >= 1900 && Integer.parseInt(t.substring(0, 4)) <= 2199);
    }

    @Provide
    Arbitrary<Map<String, String>> validRecord() {
        Arbitrary<String> declaration = freeText(40).filter(s -> !s.isBlank());
        Arbitrary<String> item = Arbitraries.longs().between(1, Long.MAX_VALUE).map(String::valueOf);
        Arbitrary<String> hs = Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(10);
        Arbitrary<String> procedure = Arbitraries.of(Procedure.values()).map(Procedure::code);
        Arbitrary<Map<String, String>> required = Combinators.combine(declaration, item, registeredAt(), upper3(),
                upper3(), hs, decimal()).as((d, i, t, imp, org, h, v) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("declaration_id", d);
                    m.put("item_no", i);
                    m.put("registered_at", t);
                    m.put("importer", imp);
                    m.put("origin", org);
                    m.put("hs_code", h);
                    m.put("customs_value", v);
                    return m;
                });
        return Combinators.combine(required, upper3().injectNull(0.5), procedure.injectNull(0.3),
                upper3().injectNull(0.3), decimal().injectNull(0.5), freeText(10).injectNull(0.5),
                freeText(20).injectNull(0.5), decimal().injectNull(0.5)).as((m, cons, proc, cur, q, u, pref, duty) -> {
                    Map<String, String> r = new LinkedHashMap<>(m);
                    putIfPresent(r, "consignment", cons);
                    putIfPresent(r, "procedure", proc);
                    putIfPresent(r, "currency", cur);
                    putIfPresent(r, "quantity", q);
                    putIfPresent(r, "unit", u);
                    putIfPresent(r, "preference", pref);
                    putIfPresent(r, "duty_collected", duty);
                    return r;
                });
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    // ---- writing and reading ----------------------------------------------------------------------------------

    /** One CSV line in the given column order: free text always quoted, other values quoted at random. */
    private static String csvLine(Map<String, String> record, List<String> columns) {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            if (c != columns.get(0)) {
                b.append(',');
            }
            String v = record.get(c);
            if (v == null) {
                continue;
            }
            if (RecordFields.isFreeText(RecordFields.indexOf(c)) || (v.hashCode() & 1) == 0) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }

    /** One JSON object; decimals and item numbers as JSON numbers or strings at random. */
    private static String json(Map<String, String> record, Random random) {
        ObjectNode o = MAPPER.createObjectNode();
        for (Map.Entry<String, String> e : record.entrySet()) {
            String k = e.getKey();
            boolean numeric = k.equals("item_no") || k.equals("customs_value") || k.equals("quantity")
                    || k.equals("duty_collected");
            if (numeric && random.nextBoolean()) {
                o.put(k, new BigDecimal(e.getValue()));
            } else {
                o.put(k, e.getValue());
            }
        }
        try {
            return MAPPER.writer().with(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .writeValueAsString(o);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void parseJson(String text) {
        try {
            assertNotNull(JSON.parse(text));
        } catch (RecordRejectedException e) {
            assertNotNull(e.reason());
        }
    }

    private static void parseCsv(String header, String line) {
        try {
            assertNotNull(new CsvRecordParser(header).parse(line));
        } catch (RecordRejectedException e) {
            assertNotNull(e.reason());
        }
    }

    /** Every record the job's file source reads from these bytes. */
    static List<SourceLine> readFile(byte[] bytes) throws IOException {
        List<SourceLine> lines = new ArrayList<>();
        try (StreamFormat.Reader<SourceLine> reader = new CustomsFileFormat("property.txt")
                .createReader(new Configuration(), new BytesInputStream(bytes))) {
            SourceLine line;
            while ((line = reader.read()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** An in-memory file for the file source. */
    private static final class BytesInputStream extends FSDataInputStream {
        private final ByteArrayInputStream in;
        private final int length;

        BytesInputStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
            this.length = bytes.length;
        }

        @Override
        public void seek(long desired) {
            in.reset();
            in.skip(desired);
        }

        @Override
        public long getPos() {
            return length - in.available();
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }
    }
}
