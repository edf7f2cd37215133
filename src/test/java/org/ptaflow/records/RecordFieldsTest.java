package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of contract §1 that both formats share, checked on raw values as the parsers hand them over. */
class RecordFieldsTest {

    /** A complete valid record's raw values; tests change one field. */
    private static String[] valid() {
        String[] raw = new String[RecordFields.COUNT];
        raw[RecordFields.DECLARATION_ID] = "PK-2024-000123";
        raw[RecordFields.ITEM_NO] = "3";
        raw[RecordFields.REGISTERED_AT] = "2024-03-05";
        raw[RecordFields.IMPORTER] = "PAK";
        raw[RecordFields.ORIGIN] = "AZE";
        raw[RecordFields.HS_CODE] = "080610";
        raw[RecordFields.CUSTOMS_VALUE] = "1234.50";
        return raw;
    }

    private static String[] with(int field, String value) {
        String[] raw = valid();
        raw[field] = value;
        return raw;
    }

    private static RejectionReason reasonFor(int field, String value) {
        return assertThrows(RecordRejectedException.class, () -> RecordFields.toRecord(with(field, value), "t"))
                .reason();
    }

    private static CustomsRecord accepted(int field, String value) throws RecordRejectedException {
        return RecordFields.toRecord(with(field, value), "t");
    }

    @Test
    void absentOptionalFieldsTakeTheContractDefaults() throws RecordRejectedException {
        CustomsRecord r = RecordFields.toRecord(valid(), "original");
        assertEquals("AZE", r.consignment);
        assertEquals(Procedure.HOME_USE, r.procedure);
        assertEquals("USD", r.currency);
        assertEquals("", r.preference);
        assertNull(r.quantity);
        assertNull(r.unit);
        assertNull(r.dutyCollected);
        assertEquals("original", r.originalText);
    }

    @Test
    void emptyOptionalFieldsAlsoTakeTheDefaults() throws RecordRejectedException {
        String[] raw = valid();
        for (int f : new int[] {RecordFields.CONSIGNMENT, RecordFields.PROCEDURE, RecordFields.CURRENCY,
                RecordFields.QUANTITY, RecordFields.UNIT, RecordFields.PREFERENCE, RecordFields.DUTY_COLLECTED}) {
            raw[f] = "";
        }
        CustomsRecord r = RecordFields.toRecord(raw, "t");
        assertEquals("AZE", r.consignment);
        assertEquals(Procedure.HOME_USE, r.procedure);
        assertEquals("USD", r.currency);
        assertEquals("", r.preference);
        assertNull(r.quantity);
    }

    @ParameterizedTest
    @ValueSource(ints = {RecordFields.DECLARATION_ID, RecordFields.ITEM_NO, RecordFields.REGISTERED_AT,
            RecordFields.IMPORTER, RecordFields.ORIGIN, RecordFields.HS_CODE, RecordFields.CUSTOMS_VALUE})
    void eachRequiredFieldAbsentOrEmptyIsMissing(int field) {
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(field, null));
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(field, ""));
    }

    @Test
    void aBlankDeclarationIdIsMissing() {
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(RecordFields.DECLARATION_ID, "   "));
    }

    @Test
    void missingIsReportedBeforeABadValueElsewhere() {
        String[] raw = with(RecordFields.HS_CODE, "12345");
        raw[RecordFields.IMPORTER] = null;
        RecordRejectedException e = assertThrows(RecordRejectedException.class, () -> RecordFields.toRecord(raw, "t"));
        assertEquals(RejectionReason.MISSING_FIELD, e.reason());
        assertTrue(e.getMessage().contains("importer"), e.getMessage());
    }

    // item_no

    @ParameterizedTest
    @CsvSource({"1,1", "42,42", "007,7", "9223372036854775807,9223372036854775807"})
    void itemNoIsAWholeNumberFromOne(String text, long expected) throws RecordRejectedException {
        assertEquals(expected, accepted(RecordFields.ITEM_NO, text).itemNo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.0", "abc", "+1", " 1", "1e3", "9223372036854775808",
            "99999999999999999999999"})
    void itemNoThatIsNotAWholeNumberFromOneIsBad(String text) {
        assertEquals(RejectionReason.BAD_ITEM_NO, reasonFor(RecordFields.ITEM_NO, text));
    }

    // registered_at

    @Test
    void aDateIsMidnightUtc() throws RecordRejectedException {
        long expected = OffsetDateTime.of(2024, 3, 5, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        assertEquals(expected, accepted(RecordFields.REGISTERED_AT, "2024-03-05").registeredAt);
    }

    @Test
    void aNegativeOffsetMovesTheTimeIntoTheNextUtcDay() throws RecordRejectedException {
        // 2024-03-31T23:30-02:00 is 2024-04-01T01:30Z, written by hand: 19814 days since the epoch + 1.5 h.
        long handWritten = 19_814L * 86_400_000L + 90L * 60_000L;
        long javaTime = OffsetDateTime.parse("2024-04-01T01:30:00Z").toInstant().toEpochMilli();
        assertEquals(javaTime, handWritten);
        CustomsRecord r = accepted(RecordFields.REGISTERED_AT, "2024-03-31T23:30:00-02:00");
        assertEquals(handWritten, r.registeredAt);
        assertEquals(19_814L, r.epochDay());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-05T10:15:30Z", "2024-03-05T10:15:30.5Z", "2024-03-05T10:15:30.123456789+05:00",
            "2024-03-05T10:15:30+05:30", "2024-02-29T00:00:00-12:00", "1900-01-01T00:00:00Z",
            "2199-12-31T23:59:59.999+18:00"})
    void dateTimesWithOffsetAgreeWithJavaTime(String text) throws RecordRejectedException {
        long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
        assertEquals(expected, accepted(RecordFields.REGISTERED_AT, text).registeredAt);
    }

    @Test
    void aFractionBeyondMillisecondsIsTruncated() throws RecordRejectedException {
        long base = OffsetDateTime.parse("2024-03-05T10:15:30Z").toInstant().toEpochMilli();
        assertEquals(base + 123, accepted(RecordFields.REGISTERED_AT, "2024-03-05T10:15:30.1239Z").registeredAt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-05T10:15:30", "2024-03-05T10:15:30.5", "2024-02-30", "2023-02-29",
            "2024-13-01", "2024-00-10", "2024-04-31", "1899-12-31", "2200-01-01", "24-03-05", "2024-3-5",
            "2024/03/05", "05.03.2024", "2024-03-05 10:15:30Z", "2024-03-05T10:15Z", "2024-03-05T24:00:00Z",
            "2024-03-05T10:60:00Z", "2024-03-05T10:15:60Z", "2024-03-05T10:15:30.Z", "2024-03-05T10:15:30+0500",
            "2024-03-05T10:15:30+19:00", "2024-03-05T10:15:30z", "2024-03-05t10:15:30Z", "2024-03-05T10:15:30ZZ",
            " 2024-03-05", "2024-03-05 ", "2024-03-05T10:15:30.1234567890Z", "yesterday", "１９２４-03-05"})
    void datesOutsideTheAcceptedFormsAreBad(String text) {
        assertEquals(RejectionReason.BAD_DATE, reasonFor(RecordFields.REGISTERED_AT, text));
    }

    // codes

    @ParameterizedTest
    @ValueSource(strings = {"pak", "Pak", "PK", "PAKI", "P4K", " PAK", "ÄZE"})
    void countryCodesAreThreeUpperCaseAsciiLetters(String text) {
        assertEquals(RejectionReason.BAD_COUNTRY, reasonFor(RecordFields.IMPORTER, text));
        assertEquals(RejectionReason.BAD_COUNTRY, reasonFor(RecordFields.ORIGIN, text));
        assertEquals(RejectionReason.BAD_COUNTRY, reasonFor(RecordFields.CONSIGNMENT, text));
    }

    @Test
    void aGivenConsignmentCountryIsKept() throws RecordRejectedException {
        assertEquals("ARE", accepted(RecordFields.CONSIGNMENT, "ARE").consignment);
    }

    @ParameterizedTest
    @ValueSource(strings = {"080610", "0806100", "08061000", "080610001", "0806100010"})
    void hsCodesOfSixToTenDigitsAreAccepted(String text) throws RecordRejectedException {
        assertEquals(text, accepted(RecordFields.HS_CODE, text).hsCode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08061", "08061000100", "0806AB", "0806.10", " 080610", "٠٨٠٦١٠"})
    void hsCodesOfOtherLengthsOrWithOtherCharactersAreBad(String text) {
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(RecordFields.HS_CODE, text));
    }

    @ParameterizedTest
    @CsvSource({"home_use,HOME_USE", "transit,TRANSIT", "warehouse,WAREHOUSE", "re_export,RE_EXPORT",
            "temporary,TEMPORARY"})
    void theFiveProceduresAreAccepted(String text, Procedure expected) throws RecordRejectedException {
        assertEquals(expected, accepted(RecordFields.PROCEDURE, text).procedure);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HOME_USE", "Home_use", "home use", "import", "re-export"})
    void otherProceduresAreBad(String text) {
        assertEquals(RejectionReason.BAD_PROCEDURE, reasonFor(RecordFields.PROCEDURE, text));
    }

    @Test
    void aGivenCurrencyIsKept() throws RecordRejectedException {
        assertEquals("PKR", accepted(RecordFields.CURRENCY, "PKR").currency);
    }

    @ParameterizedTest
    @ValueSource(strings = {"usd", "US", "USDT", "$", "U5D"})
    void currenciesAreThreeUpperCaseLetters(String text) {
        assertEquals(RejectionReason.BAD_CURRENCY, reasonFor(RecordFields.CURRENCY, text));
    }

    // decimals

    @ParameterizedTest
    @CsvSource({"1234.5,1234.5", "0,0", "0.00,0.00", "+12,12", "1234.50,1234.50",
            "123456789012345678901234567890.123,123456789012345678901234567890.123"})
    void plainDecimalsAreReadExactly(String text, BigDecimal expected) throws RecordRejectedException {
        // equals, not compareTo: the scale as written is kept
        assertEquals(expected, accepted(RecordFields.CUSTOMS_VALUE, text).customsValue);
        assertEquals(expected, accepted(RecordFields.QUANTITY, text).quantity);
        assertEquals(expected, accepted(RecordFields.DUTY_COLLECTED, text).dutyCollected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "-0.0", "-000.000"})
    void negativeZeroIsZero(String text) throws RecordRejectedException {
        BigDecimal value = accepted(RecordFields.CUSTOMS_VALUE, text).customsValue;
        assertEquals(0, value.signum());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,234.5", "1 234.5", "1e3", "1E3", "1.5e-2", "NaN", "nan", "Infinity", "-Infinity",
            "abc", ".5", "5.", "1.2.3", " 12", "12 ", "--1", "+-1", "0x10", "1_000", "１２", "-", "+"})
    void decimalsThatAreNotPlainAreBadNumbers(String text) {
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(RecordFields.CUSTOMS_VALUE, text));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(RecordFields.QUANTITY, text));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(RecordFields.DUTY_COLLECTED, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.01", "-1234.5"})
    void negativeDecimalsAreNegativeValues(String text) {
        assertEquals(RejectionReason.NEGATIVE_VALUE, reasonFor(RecordFields.CUSTOMS_VALUE, text));
        assertEquals(RejectionReason.NEGATIVE_VALUE, reasonFor(RecordFields.QUANTITY, text));
        assertEquals(RejectionReason.NEGATIVE_VALUE, reasonFor(RecordFields.DUTY_COLLECTED, text));
    }

    @Test
    void anOverlongDecimalIsABadNumberNotASlowParse() {
        char[] digits = new char[RecordFields.MAX_DECIMAL_CHARS + 1];
        Arrays.fill(digits, '7');
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(RecordFields.CUSTOMS_VALUE, new String(digits)));
    }

    // messages

    @Test
    void aMessageNamesTheFieldAndTheValue() {
        RecordRejectedException e = assertThrows(RecordRejectedException.class,
                () -> RecordFields.toRecord(with(RecordFields.HS_CODE, "12345"), "t"));
        assertTrue(e.getMessage().contains("hs_code"), e.getMessage());
        assertTrue(e.getMessage().contains("\"12345\""), e.getMessage());
    }

    @Test
    void aLongValueIsCutInTheMessage() {
        String value = "X".repeat(10_000);
        RecordRejectedException e = assertThrows(RecordRejectedException.class,
                () -> RecordFields.toRecord(with(RecordFields.CURRENCY, value), "t"));
        assertTrue(e.getMessage().contains("X".repeat(40) + "…"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void everyContractNameMapsToItsIndexAndUnknownNamesAreIgnored() {
        for (int f = 0; f < RecordFields.COUNT; f++) {
            assertEquals(f, RecordFields.indexOf(RecordFields.NAMES.get(f)));
        }
        assertEquals(-1, RecordFields.indexOf("Declaration_ID"));
        assertEquals(-1, RecordFields.indexOf("remarks"));
    }

    @Test
    void plainDecimalsHaveTheValueAndScaleOfBigDecimalsOwnParser() throws Exception {
        // Up to 18 digits the number is built from a long; it must equal new BigDecimal(text) in value and scale.
        String[] texts = {"0", "+0", "-0", "-0.00", "0.000", "7", "+10", "0010.500", "123456789012345678",
            "1234567890123456789", "99999999999999999.9", "0.000000000000000001", "12.5", "000000000000000000001.50",
            "922337203685477580.7", "9223372036854775807", "18446744073709551616.25"};
        for (String text : texts) {
            BigDecimal expected = new BigDecimal(text).abs();
            BigDecimal parsed = RecordFields.nonNegativeDecimal(RecordFields.CUSTOMS_VALUE, text);
            assertEquals(expected, parsed, text);
            assertEquals(expected.scale(), parsed.scale(), text);
        }
        java.util.Random random = new java.util.Random(9);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder(random.nextInt(10) == 0 ? "+" : "");
            int whole = 1 + random.nextInt(12);
            for (int k = 0; k < whole; k++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                text.append('.');
                int fraction = 1 + random.nextInt(9);
                for (int k = 0; k < fraction; k++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            BigDecimal expected = new BigDecimal(text.toString());
            BigDecimal parsed = RecordFields.nonNegativeDecimal(RecordFields.CUSTOMS_VALUE, text.toString());
            assertEquals(expected, parsed, text.toString());
        }
    }
}
