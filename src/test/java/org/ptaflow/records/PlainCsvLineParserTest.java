package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain path of {@link CsvRecordParser} ({@link PlainCsvLineParser}) against its general path
 * ({@link CsvRecordParser#parseGenerally}) on many random lines, valid and broken, under random headers: the two
 * give the same record, field for field, or the same rejection, reason and message. And the plain path does take
 * the usual lines (else the comparison would prove nothing).
 */
class PlainCsvLineParserTest {
    private static final List<String> TAXES = List.of("sales_tax", "vat");

    @Test
    void thePlainPathGivesTheGeneralPathsRecordOrRejectionForRandomLines() {
        Random random = new Random(20_241_205);
        int lines = 0;
        int plain = 0;
        int accepted = 0;
        int rejected = 0;
        for (int h = 0; h < 150; h++) {
            List<String> columns = header(random);
            List<String> taxes = random.nextInt(3) == 0 ? List.of() : random.nextBoolean() ? TAXES : List.of("vat");
            String headerLine = String.join(",", columns);
            CsvRecordParser parser = new CsvRecordParser(headerLine, taxes);
            for (int i = 0; i < 1_000; i++) {
                String line = line(random, columns);
                lines++;
                if (parser.parsePlain(line) != null) {
                    plain++;
                }
                Object fast = outcome(() -> parser.parse(line, "file.csv"));
                Object general = outcome(() -> parser.parseGenerally(line, "file.csv"));
                if (general instanceof CustomsRecord g) {
                    if (!(fast instanceof CustomsRecord f)) {
                        throw new AssertionError("the general path accepts, the plain one gives " + fast
                                + "\n  header: " + headerLine + "\n  line:   " + line);
                    }
                    assertSameRecord(g, f, headerLine + "\n" + line);
                    accepted++;
                } else {
                    assertEquals(general, fast, headerLine + "\n" + line);
                    rejected++;
                }
            }
        }
        // Enough of each kind for the comparison to mean something, and the plain path really used.
        assertTrue(accepted > lines / 4, "accepted " + accepted + " of " + lines);
        assertTrue(rejected > lines / 4, "rejected " + rejected + " of " + lines);
        assertTrue(plain > accepted / 2, "plain path took " + plain + " of " + accepted + " accepted lines");
    }

    @Test
    void theUsualLineIsReadByThePlainPathAndCodesAreSharedStrings() throws RecordRejectedException {
        String header = "declaration_id,item_no,registered_at,importer,origin,consignment,hs_code,procedure,"
                + "customs_value,currency,quantity,unit,preference,sales_tax_collected,vat_collected";
        CsvRecordParser parser = new CsvRecordParser(header, TAXES);
        String first = "SIM-42-0,1,2024-01-01T05:00:30.504+05:00,PAK,CHN,CHN,39021000,home_use,26902.75,USD,25810,kg,"
                + ",5152.29,";
        String second = "SIM-42-0,2,2024-01-01T00:00:55.590Z,PAK,CHN,,39021000,transit,0010.500,,1000,kg,PK-AZ-PTA,"
                + ",5141.44";
        CustomsRecord a = parser.parsePlain(first);
        CustomsRecord b = parser.parsePlain(second);
        assertNotNull(a);
        assertNotNull(b);
        // 05:00:30.504 at +05:00 is 00:00:30.504 UTC on 2024-01-01 (epoch day 19723).
        assertEquals(19_723L * 86_400_000L + 30_504L, a.registeredAt);
        assertEquals(19_723L * 86_400_000L + 55_590L, b.registeredAt);
        assertEquals(new BigDecimal("26902.75"), a.customsValue);
        assertEquals(2, a.customsValue.scale());
        assertEquals(BigDecimal.valueOf(10_500, 3), b.customsValue);
        assertEquals(new BigDecimal("25810"), a.quantity);
        assertArrayEquals(new String[] {"sales_tax"}, a.collectedTaxes);
        assertArrayEquals(new BigDecimal[] {new BigDecimal("5152.29")}, a.collectedAmounts);
        assertArrayEquals(new String[] {"vat"}, b.collectedTaxes);
        assertEquals(Procedure.TRANSIT, b.procedure);
        assertEquals("", a.preference);
        assertEquals("PK-AZ-PTA", b.preference);
        assertEquals(first, a.originalText);
        // One object per code, and the default currency is the literal's object.
        assertSame(a.importer, b.importer);
        assertSame(a.origin, b.consignment);
        assertSame(a.hsCode, b.hsCode);
        assertSame(a.unit, b.unit);
        assertSame(a.declarationId, b.declarationId);
        assertSame("USD", b.currency);
        assertEquals("USD", a.currency);
    }

    @Test
    void unusualFormsAreLeftToTheGeneralPath() throws RecordRejectedException {
        CsvRecordParser parser = new CsvRecordParser("declaration_id,item_no,registered_at,importer,origin,hs_code,"
                + "customs_value,quantity");
        String usual = "D,1,2024-03-05,PAK,AZE,080610,12.5,";
        assertNotNull(parser.parsePlain(usual));
        // accepted by the general path, but in a form the plain path does not read
        for (String line : new String[] {usual + "+5", usual + "-0.00", usual + "1234567890123456789",
                "D,0000000000000000001,2024-03-05,PAK,AZE,080610,12.5,", "\"D\",1,2024-03-05,PAK,AZE,080610,12.5,",
                "\u00e9,1,2024-03-05,PAK,AZE,080610,12.5,"}) {
            assertNull(parser.parsePlain(line), line);
            assertNotNull(parser.parse(line), line);
        }
        // broken, and rejected by the general path with its reason
        for (String line : new String[] {usual + "-1", "D,1,2023-02-29,PAK,AZE,080610,12.5,",
                "D,1,2024-03-05,PAk,AZE,080610,12.5,", " ,1,2024-03-05,PAK,AZE,080610,12.5,", usual + ",",
                "D,1,2024-03-05,PAK,AZE,080610,12.5", "D,1,2024-03-05,PAK,AZE,080610,12.5,\uFFFD"}) {
            assertNull(parser.parsePlain(line), line);
            assertTrue(outcome(() -> parser.parse(line)) instanceof String, line);
        }
    }

    @Test
    void everyDayOfTheAcceptedYearsIsTheDayJavaTimeGives() {
        for (LocalDate d = LocalDate.of(1900, 1, 1); d.getYear() <= 2199; d = d.plusDays(1)) {
            String text = "x" + d + "y";
            long millis = d.toEpochDay() * 86_400_000L;
            assertEquals(millis, PlainCsvLineParser.registeredAt(ascii(text), 1, text.length() - 1), text);
            String noon = "x" + d + "T12:00:00.1-01:30y";
            long expected = OffsetDateTime.of(d.atTime(12, 0, 0, 100_000_000), ZoneOffset.ofHoursMinutes(-1, -30))
                    .toInstant().toEpochMilli();
            assertEquals(expected, PlainCsvLineParser.registeredAt(ascii(noon), 1, noon.length() - 1), noon);
        }
        assertEquals(Long.MIN_VALUE, PlainCsvLineParser.registeredAt(ascii("1899-12-31"), 0, 10));
        assertEquals(Long.MIN_VALUE, PlainCsvLineParser.registeredAt(ascii("2200-01-01"), 0, 10));
        assertEquals(Long.MIN_VALUE, PlainCsvLineParser.registeredAt(ascii("2100-02-29"), 0, 10));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---- comparing ----------------------------------------------------------------------------------------------

    interface Parse {
        CustomsRecord run() throws RecordRejectedException;
    }

    /** The record, or "reason: message" of the rejection. */
    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (RecordRejectedException e) {
            return e.reason().code() + ": " + e.getMessage();
        }
    }

    private static void assertSameRecord(CustomsRecord expected, CustomsRecord actual, String where) {
        assertEquals(expected.declarationId, actual.declarationId, where);
        assertEquals(expected.itemNo, actual.itemNo, where);
        assertEquals(expected.registeredAt, actual.registeredAt, where);
        assertEquals(expected.importer, actual.importer, where);
        assertEquals(expected.origin, actual.origin, where);
        assertEquals(expected.consignment, actual.consignment, where);
        assertEquals(expected.hsCode, actual.hsCode, where);
        assertEquals(expected.procedure, actual.procedure, where);
        // BigDecimal.equals compares the scale too: 12.50 is not 12.5 in the output.
        assertEquals(expected.customsValue, actual.customsValue, where);
        assertEquals(expected.currency, actual.currency, where);
        assertEquals(expected.quantity, actual.quantity, where);
        assertEquals(expected.unit, actual.unit, where);
        assertEquals(expected.preference, actual.preference, where);
        assertEquals(expected.dutyCollected, actual.dutyCollected, where);
        assertArrayEquals(expected.collectedTaxes, actual.collectedTaxes, where);
        assertArrayEquals(expected.collectedAmounts, actual.collectedAmounts, where);
        assertEquals(expected.source, actual.source, where);
        assertEquals(expected.line, actual.line, where);
        assertEquals(expected.originalText, actual.originalText, where);
    }

    // ---- random headers and lines -------------------------------------------------------------------------------

    /**
     * A header: the contract's columns in table or random order, often with the collected columns and unknown ones,
     * sometimes without an optional or a required column, rarely naming one twice.
     */
    private static List<String> header(Random random) {
        List<String> columns = new ArrayList<>(RecordFields.NAMES);
        columns.add("sales_tax_collected");
        columns.add("vat_collected");
        if (random.nextInt(4) == 0) {
            columns.add(random.nextInt(columns.size()), "remarks");
        }
        if (random.nextInt(3) == 0) {
            Collections.shuffle(columns, random);
        }
        int drops = random.nextInt(6) == 0 ? 1 + random.nextInt(3) : 0;
        for (int k = 0; k < drops; k++) {
            columns.remove(random.nextInt(columns.size()));
        }
        if (random.nextInt(40) == 0) {
            columns.add(columns.get(random.nextInt(columns.size())));
        }
        return columns;
    }

    /** A line for the header: usually every value in its usual form, sometimes one or more odd or broken. */
    private static String line(Random random, List<String> columns) {
        boolean clean = random.nextInt(3) == 0;
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                b.append(',');
            }
            String column = columns.get(c);
            boolean odd = !clean && random.nextInt(6) == 0;
            b.append(odd ? oddValue(random, column) : usualValue(random, column));
        }
        String line = b.toString();
        if (!clean && random.nextInt(15) == 0) {
            line = edit(random, line);
        }
        return line;
    }

    private static String usualValue(Random random, String column) {
        return switch (column) {
            case "declaration_id" -> "SIM-" + random.nextInt(100) + "-" + random.nextInt(1_000_000);
            case "item_no" -> String.valueOf(1 + random.nextInt(random.nextBoolean() ? 20 : Integer.MAX_VALUE));
            case "registered_at" -> dateTime(random);
            case "importer", "origin", "currency" -> pick(random, "PAK", "AZE", "CHN", "USD", "EUR", "AZN", "TUR",
                    letters(random));
            case "consignment" -> pick(random, "", "CHN", letters(random));
            case "hs_code" -> digits(random, 6 + random.nextInt(5));
            case "procedure" -> pick(random, "", "home_use", "transit", "warehouse", "re_export", "temporary");
            case "customs_value", "quantity", "duty_collected", "sales_tax_collected", "vat_collected" ->
                    column.equals("customs_value") || random.nextBoolean() ? decimal(random) : "";
            case "unit" -> pick(random, "", "kg", "l", "1000u", "u", "m2");
            case "preference" -> pick(random, "", "", "PK-AZ-PTA", "GSP+");
            default -> pick(random, "", "note", "x y");
        };
    }

    /** A value the rules may accept or reject, in forms the plain path reads or leaves. */
    private static String oddValue(Random random, String column) {
        return switch (random.nextInt(4)) {
            case 0 -> pick(random, "", " ", "\t", "\u2003", "\u00e9", "0", "-0", "-0.00", "+5", "-1", "1e5", "1.",
                    ".5", "00012.3400", "1234567890123456789", "123456789012345678", "0.000000000000000001",
                    "12345678901234567890.5", "9223372036854775807", "9223372036854775808", "0000000000000000001",
                    "PAk", "pak", "PAKI", "ÄBC", "P1K", "Home_use", "home_use ", "0806", "08061000100",
                    "08061a", "\uFFFD", "\"", "\"q\"", "a\rb", "a\nb");
            case 1 -> pick(random, "2024-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "1899-12-31",
                    "1900-01-01", "2199-12-31", "2200-01-01", "2024-1-01", "2024/01/01", "2024-01-01T",
                    "2024-01-01T00:00:00", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z",
                    "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00.1234567891Z", "2024-01-01T10:00:00.123456789Z",
                    "2024-01-01T10:00:00+18:00", "2024-01-01T10:00:00+18:01", "2024-01-01T10:00:00-19:00",
                    "2024-01-01T10:00:00+05:60", "2024-01-01T10:00:00+0500", "2024-01-01T10:00:00z",
                    "2199-12-31T23:59:59-05:00", "1900-01-01T00:00:00+05:00", "2024-01-01 10:00:00Z",
                    "2024-01-01T10:00:00ZZ", "2024-01-01T1a:00:00Z");
            case 2 -> usualValue(random, pick(random, "declaration_id", "item_no", "registered_at", "importer",
                    "hs_code", "procedure", "customs_value", "unit"));
            default -> {
                // any short text of a few odd characters
                String chars = "09.-+ ,eEZT:\"\r\n\t\u00e9\u2028\uFFFDAz";
                StringBuilder b = new StringBuilder();
                for (int n = random.nextInt(5); n > 0; n--) {
                    b.append(chars.charAt(random.nextInt(chars.length())));
                }
                yield b.toString();
            }
        };
    }

    private static String edit(Random random, String line) {
        int at = random.nextInt(line.length() + 1);
        char c = ",\"\r\n-.0 \uFFFD".charAt(random.nextInt(9));
        return switch (random.nextInt(3)) {
            case 0 -> line.substring(0, at) + c + line.substring(at);
            case 1 -> at >= line.length() ? line : line.substring(0, at) + line.substring(at + 1);
            default -> at >= line.length() ? line : line.substring(0, at) + c + line.substring(at + 1);
        };
    }

    private static String dateTime(Random random) {
        LocalDate day = LocalDate.ofEpochDay(-25_000 + random.nextInt(100_000));
        if (day.getYear() < 1900 || day.getYear() > 2199 || random.nextInt(5) == 0) {
            return random.nextBoolean() ? LocalDate.of(2024, 1 + random.nextInt(12), 1 + random.nextInt(28)).toString()
                    : day.toString();
        }
        String fraction = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "." + digits(random, 3);
            default -> "." + digits(random, 1 + random.nextInt(9));
        };
        String offset = switch (random.nextInt(3)) {
            case 0 -> "Z";
            default -> String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(19),
                    random.nextInt(60));
        };
        return String.format("%sT%02d:%02d:%02d%s%s", day, random.nextInt(24), random.nextInt(60), random.nextInt(60),
                fraction, offset);
    }

    private static String decimal(Random random) {
        String whole = random.nextInt(10) == 0 ? "0" : String.valueOf(random.nextInt(1_000_000));
        return switch (random.nextInt(3)) {
            case 0 -> whole;
            case 1 -> whole + "." + digits(random, 2);
            default -> whole + "." + digits(random, 1 + random.nextInt(6));
        };
    }

    private static String digits(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private static String letters(Random random) {
        return "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
