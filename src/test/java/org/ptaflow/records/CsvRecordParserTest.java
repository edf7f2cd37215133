package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV records: header handling, field splitting and the CSV side of every rejection reason. */
class CsvRecordParserTest {
    private static final String FULL_HEADER = "declaration_id,item_no,registered_at,importer,origin,consignment,"
            + "hs_code,procedure,customs_value,currency,quantity,unit,preference,duty_collected";
    private static final String FULL_LINE = "PK-2024-000123,3,2024-03-05T10:15:30+05:00,PAK,AZE,TUR,"
            + "0806100010,warehouse,1234.50,EUR,12.5,kg,PK-AZ-PTA,61.73";
    private static final String MINIMAL_HEADER = "declaration_id,item_no,registered_at,importer,origin,hs_code,"
            + "customs_value";

    private static RejectionReason reasonFor(String header, String line) {
        return assertThrows(RecordRejectedException.class, () -> new CsvRecordParser(header).parse(line)).reason();
    }

    private static RejectionReason minimalReason(String line) {
        return reasonFor(MINIMAL_HEADER, line);
    }

    @Test
    void aRecordWithEveryFieldIsReadIntoEveryProperty() throws RecordRejectedException {
        CustomsRecord r = new CsvRecordParser(FULL_HEADER).parse(FULL_LINE, "pak-2024.csv");
        assertEquals("PK-2024-000123", r.declarationId);
        assertEquals(3, r.itemNo);
        assertEquals(OffsetDateTime.parse("2024-03-05T05:15:30Z").toInstant().toEpochMilli(), r.registeredAt);
        assertEquals("PAK", r.importer);
        assertEquals("AZE", r.origin);
        assertEquals("TUR", r.consignment);
        assertEquals("0806100010", r.hsCode);
        assertEquals(Procedure.WAREHOUSE, r.procedure);
        assertEquals(new BigDecimal("1234.50"), r.customsValue);
        assertEquals("EUR", r.currency);
        assertEquals(new BigDecimal("12.5"), r.quantity);
        assertEquals("kg", r.unit);
        assertEquals("PK-AZ-PTA", r.preference);
        assertEquals(new BigDecimal("61.73"), r.dutyCollected);
        assertEquals("pak-2024.csv", r.source);
        assertEquals(FULL_LINE, r.originalText);
    }

    @Test
    void columnOrderIsFreeAndUnknownColumnsAreIgnored() throws RecordRejectedException {
        CsvRecordParser parser = new CsvRecordParser(
                "remarks,customs_value,hs_code,origin,importer,registered_at,item_no,declaration_id,office");
        CustomsRecord r = parser.parse("fragile,99.9,080610,AZE,PAK,2024-03-05,7,D-1,KHI-01");
        assertEquals("D-1", r.declarationId);
        assertEquals(7, r.itemNo);
        assertEquals("PAK", r.importer);
        assertEquals("AZE", r.origin);
        assertEquals("080610", r.hsCode);
        assertEquals(new BigDecimal("99.9"), r.customsValue);
    }

    @Test
    void absentOptionalColumnsAndEmptyOptionalCellsTakeTheDefaults() throws RecordRejectedException {
        CustomsRecord minimal = new CsvRecordParser(MINIMAL_HEADER).parse("D-1,1,2024-03-05,PAK,AZE,080610,10");
        CustomsRecord empty = new CsvRecordParser(FULL_HEADER)
                .parse("D-1,1,2024-03-05,PAK,AZE,,080610,,10,,,,,\"\"");
        for (CustomsRecord r : List.of(minimal, empty)) {
            assertEquals("AZE", r.consignment);
            assertEquals(Procedure.HOME_USE, r.procedure);
            assertEquals("USD", r.currency);
            assertEquals("", r.preference);
            assertNull(r.quantity);
            assertNull(r.unit);
            assertNull(r.dutyCollected);
        }
    }

    @Test
    void headerNamesAreTrimmedAndAByteOrderMarkIsDropped() throws RecordRejectedException {
        CsvRecordParser parser = new CsvRecordParser(
                "\uFEFFdeclaration_id , item_no,registered_at,importer,origin,hs_code,customs_value\r");
        assertTrue(parser.missingRequiredColumns().isEmpty(), parser.missingRequiredColumns().toString());
        assertEquals("D-1", parser.parse("D-1,1,2024-03-05,PAK,AZE,080610,10").declarationId);
    }

    @Test
    void quotedFieldsMayHoldCommasDoubledQuotesAndLineBreaks() throws RecordRejectedException {
        CsvRecordParser parser = new CsvRecordParser(MINIMAL_HEADER + ",unit");
        String line = "\"D-1, part \"\"A\"\"\",1,2024-03-05,PAK,AZE,\"080610\",10,\"kg\nnet\"";
        CustomsRecord r = parser.parse(line);
        assertEquals("D-1, part \"A\"", r.declarationId);
        assertEquals("kg\nnet", r.unit);
        assertEquals(line, r.originalText);
    }

    @Test
    void aTrailingCarriageReturnIsTolerated() throws RecordRejectedException {
        CustomsRecord r = new CsvRecordParser(MINIMAL_HEADER).parse("D-1,1,2024-03-05,PAK,AZE,080610,10\r");
        assertEquals(new BigDecimal("10"), r.customsValue);
    }

    @Test
    void unquotedValuesAreNotTrimmed() {
        assertEquals(RejectionReason.BAD_NUMBER, minimalReason("D-1,1,2024-03-05,PAK,AZE,080610, 10"));
        assertEquals(RejectionReason.BAD_COUNTRY, minimalReason("D-1,1,2024-03-05,PAK ,AZE,080610,10"));
    }

    @Test
    void fewerOrMoreFieldsThanTheHeaderAreMalformed() {
        assertEquals(RejectionReason.MALFORMED, minimalReason("D-1,1,2024-03-05,PAK,AZE,080610"));
        assertEquals(RejectionReason.MALFORMED, minimalReason("D-1,1,2024-03-05,PAK,AZE,080610,10,extra"));
        assertEquals(RejectionReason.MALFORMED, minimalReason("D-1,1,2024-03-05,PAK,AZE,080610,10,"));
        assertEquals(RejectionReason.MALFORMED, minimalReason(""));
    }

    @Test
    void brokenQuotingIsMalformed() {
        assertEquals(RejectionReason.MALFORMED, minimalReason("\"D-1,1,2024-03-05,PAK,AZE,080610,10"));
        assertEquals(RejectionReason.MALFORMED, minimalReason("\"D\"-1,1,2024-03-05,PAK,AZE,080610,10"));
    }

    @Test
    void twoRowsInOneTextAreMalformed() {
        assertEquals(RejectionReason.MALFORMED,
                minimalReason("D-1,1,2024-03-05,PAK,AZE,080610,10\nD-2,1,2024-03-05,PAK,AZE,080610,10"));
    }

    @Test
    void aMissingRequiredColumnRejectsRecordsAsMissingAndIsReported() {
        String header = "declaration_id,item_no,registered_at,importer,hs_code,customs_value";
        assertEquals(List.of("origin"), new CsvRecordParser(header).missingRequiredColumns());
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(header, "D-1,1,2024-03-05,PAK,080610,10"));
    }

    @Test
    void aHeaderNamingAFieldTwiceRejectsEveryRecordAsMalformed() {
        String header = MINIMAL_HEADER + ",origin";
        assertTrue(new CsvRecordParser(header).headerProblem().contains("origin"));
        assertEquals(RejectionReason.MALFORMED, reasonFor(header, "D-1,1,2024-03-05,PAK,AZE,080610,10,TUR"));
    }

    @Test
    void aHeaderThatIsNotCsvRejectsEveryRecordAsMalformedInsteadOfThrowing() {
        // Found by the bad-input corpus: the constructor threw IllegalArgumentException, which only the pipeline's
        // catch-all for parser bugs turned into a rejection.
        CsvRecordParser parser = new CsvRecordParser("\"declaration_id,item_no");
        assertTrue(parser.headerProblem().contains("not a CSV line"), parser.headerProblem());
        assertEquals(RejectionReason.MALFORMED, reasonFor("\"declaration_id,item_no", "D-1,1"));
        assertEquals(RejectionReason.MALFORMED, reasonFor("{\"declaration_id\":\"D-1\"}", "D-1,1"));
    }

    @Test
    void textThatWasNotUtf8IsMalformedWhicheverFieldHeldTheBytes() {
        // Found by the bad-input corpus: the file source decodes bad bytes to U+FFFD, which passed in free text.
        assertEquals(RejectionReason.MALFORMED, reasonFor(FULL_HEADER, FULL_LINE.replace(",kg,", ",kg\uFFFD,")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(FULL_HEADER, FULL_LINE.replace(",AZE,", ",AZ\uFFFD,")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(MINIMAL_HEADER + ",remarks",
                "D-1,1,2024-03-05,PAK,AZE,080610,10,pi\uFFFDce"));
    }

    @Test
    void eachFieldRuleRejectsWithItsReason() {
        String h = FULL_HEADER;
        // one broken field per line, starting from the valid FULL_LINE
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(h, FULL_LINE.replace("PK-2024-000123,", ",")));
        assertEquals(RejectionReason.BAD_ITEM_NO, reasonFor(h, FULL_LINE.replace(",3,", ",1.0,")));
        assertEquals(RejectionReason.BAD_DATE, reasonFor(h, FULL_LINE.replace("+05:00", "")));
        assertEquals(RejectionReason.BAD_DATE, reasonFor(h, FULL_LINE.replace("2024-03-05T10:15:30+05:00",
                "2024-02-30")));
        assertEquals(RejectionReason.BAD_COUNTRY, reasonFor(h, FULL_LINE.replace(",PAK,", ",pak,")));
        assertEquals(RejectionReason.BAD_COUNTRY, reasonFor(h, FULL_LINE.replace(",TUR,", ",TR,")));
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(h, FULL_LINE.replace("0806100010", "08061")));
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(h, FULL_LINE.replace("0806100010", "08061000100")));
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(h, FULL_LINE.replace("0806100010", "0806A00010")));
        assertEquals(RejectionReason.BAD_PROCEDURE, reasonFor(h, FULL_LINE.replace("warehouse", "bonded")));
        assertEquals(RejectionReason.BAD_CURRENCY, reasonFor(h, FULL_LINE.replace("EUR", "EURO")));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(h, FULL_LINE.replace("1234.50", "\"1,234.50\"")));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(h, FULL_LINE.replace("1234.50", "1.2345E3")));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(h, FULL_LINE.replace("1234.50", "NaN")));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(h, FULL_LINE.replace("12.5", "Infinity")));
        assertEquals(RejectionReason.NEGATIVE_VALUE, reasonFor(h, FULL_LINE.replace("61.73", "-61.73")));
    }

    @Test
    void negativeZeroIsAcceptedAsZero() throws RecordRejectedException {
        CustomsRecord r = new CsvRecordParser(FULL_HEADER).parse(FULL_LINE.replace("61.73", "-0.0"));
        assertEquals(0, r.dutyCollected.signum());
    }

    @Test
    void aOneMegabyteFieldIsHandledCleanly() throws RecordRejectedException {
        String huge = "9".repeat(1 << 20);
        CsvRecordParser parser = new CsvRecordParser(MINIMAL_HEADER + ",unit");
        assertEquals(RejectionReason.BAD_NUMBER, assertThrows(RecordRejectedException.class,
                () -> parser.parse("D-1,1,2024-03-05,PAK,AZE,080610," + huge + ",kg")).reason());
        // free text has no length rule: a huge unit is accepted intact
        assertEquals(1 << 20, parser.parse("D-1,1,2024-03-05,PAK,AZE,080610,10,\"" + huge + "\"").unit.length());
    }

    @Test
    void plainLinesSplitOnCommasExactlyAsJacksonSplitsThem() throws Exception {
        // The comma split of plainFields against Jackson's CSV parser (the path every quoted or multi-line record
        // still takes), over random lines of commas, spaces, tabs, apostrophes, backslashes, '#', non-ASCII
        // letters and a surrogate pair, in a header with ignored columns between the contract's.
        List<String> columns = new java.util.ArrayList<>(RecordFields.NAMES);
        columns.add(3, "remarks");
        columns.add("extra");
        CsvRecordParser parser = new CsvRecordParser(String.join(",", columns));
        String[] pieces = {"a", "7", " ", "\t", "'", "\\", "#", "é", "€", "\uD83D\uDE00", ";", "x y", ".", "-"};
        java.util.Random random = new java.util.Random(11);
        int compared = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder();
            int fields = columns.size() + (i % 10 == 0 ? random.nextInt(3) - 1 : 0);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    line.append(',');
                }
                int n = random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    line.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            String text = line.toString();
            String[] plain = parser.plainFields(text);
            List<String> jackson = CsvRecordParser.split(text);
            if (jackson.size() != columns.size()) {
                assertNull(plain, text);
                continue;
            }
            if (text.isEmpty()) {
                continue;
            }
            for (int c = 0; c < columns.size(); c++) {
                int field = RecordFields.indexOf(columns.get(c));
                if (field >= 0) {
                    assertEquals(jackson.get(c), plain[field], text);
                }
            }
            compared++;
        }
        assertTrue(compared > 40_000);
    }

    // ---- <tax>_collected (contract §1) ----

    private static final List<String> TAXES = List.of("sales_tax", "vat");

    @Test
    void theCollectedAmountOfATaxOfTheRunIsReadAndOthersIgnored() throws RecordRejectedException {
        CsvRecordParser parser = new CsvRecordParser(MINIMAL_HEADER + ",sales_tax_collected,excise_collected,"
                + "vat_collected,duty_collected", TAXES);
        CustomsRecord r = parser.parse("D-1,1,2024-03-05,PAK,AZE,080610,10,1.80,9,,2.5");
        assertEquals(new BigDecimal("1.80"), r.collected("sales_tax"));
        assertNull(r.collected("vat"), "empty: absent");
        assertNull(r.collected("excise"), "not a tax of the run: an unknown column");
        assertEquals(new BigDecimal("2.5"), r.dutyCollected);
        assertEquals(List.of("sales_tax"), List.of(r.collectedTaxes));

        CustomsRecord none = parser.parse("D-1,1,2024-03-05,PAK,AZE,080610,10,,,,");
        assertNull(none.collectedTaxes);
        assertNull(none.collectedAmounts);
    }

    @Test
    void aBadCollectedAmountIsRejectedAsAnyBadOptionalNumber() {
        String header = MINIMAL_HEADER + ",sales_tax_collected";
        RecordRejectedException e = assertThrows(RecordRejectedException.class,
                () -> new CsvRecordParser(header, TAXES).parse("D-1,1,2024-03-05,PAK,AZE,080610,10,1e3"));
        assertEquals(RejectionReason.BAD_NUMBER, e.reason());
        assertTrue(e.getMessage().startsWith("sales_tax_collected: "), e.getMessage());
        assertEquals(RejectionReason.NEGATIVE_VALUE, assertThrows(RecordRejectedException.class,
                () -> new CsvRecordParser(header, TAXES).parse("D-1,1,2024-03-05,PAK,AZE,080610,10,-1")).reason());
        assertEquals(RejectionReason.BAD_NUMBER, assertThrows(RecordRejectedException.class,
                () -> new CsvRecordParser(header, TAXES).parse("D-1,1,2024-03-05,PAK,AZE,080610,10,abc")).reason());
    }

    @Test
    void withoutTheRunsTaxesACollectedColumnIsUnknownAndIgnored() throws RecordRejectedException {
        CustomsRecord r = new CsvRecordParser(MINIMAL_HEADER + ",sales_tax_collected")
                .parse("D-1,1,2024-03-05,PAK,AZE,080610,10,abc");
        assertNull(r.collectedTaxes);
    }

    @Test
    void aCollectedColumnNamedTwiceMakesTheHeaderAmbiguous() {
        CsvRecordParser parser = new CsvRecordParser(MINIMAL_HEADER + ",vat_collected,vat_collected", TAXES);
        assertEquals("the CSV header names column vat_collected twice", parser.headerProblem());
    }
}
