package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON records (JSON Lines and Kafka messages): the JSON form and the JSON side of every rejection reason. */
class JsonRecordParserTest {
    private static final String FULL = "{\"declaration_id\":\"PK-2024-000123\",\"item_no\":3,"
            + "\"registered_at\":\"2024-03-31T23:30:00-02:00\",\"importer\":\"PAK\",\"origin\":\"AZE\","
            + "\"consignment\":\"TUR\",\"hs_code\":\"0806100010\",\"procedure\":\"transit\",\"customs_value\":1234.50,"
            + "\"currency\":\"EUR\",\"quantity\":\"12.5\",\"unit\":\"kg\",\"preference\":\"PK-AZ-PTA\","
            + "\"duty_collected\":61.73}";
    private static final String MINIMAL = "{\"declaration_id\":\"D-1\",\"item_no\":1,\"registered_at\":\"2024-03-05\","
            + "\"importer\":\"PAK\",\"origin\":\"AZE\",\"hs_code\":\"080610\",\"customs_value\":10}";

    private final JsonRecordParser parser = new JsonRecordParser();

    private RejectionReason reasonFor(String text) {
        return assertThrows(RecordRejectedException.class, () -> parser.parse(text)).reason();
    }

    /** MINIMAL with one more member appended (or, when the key is already there, a second value for it). */
    private static String minimalWith(String member) {
        return MINIMAL.substring(0, MINIMAL.length() - 1) + "," + member + "}";
    }

    /** MINIMAL with the value of customs_value replaced by raw JSON text. */
    private static String valueAs(String json) {
        return MINIMAL.replace("\"customs_value\":10", "\"customs_value\":" + json);
    }

    @Test
    void aRecordWithEveryFieldIsReadIntoEveryProperty() throws RecordRejectedException {
        CustomsRecord r = parser.parse(FULL, "customs-topic");
        assertEquals("PK-2024-000123", r.declarationId);
        assertEquals(3, r.itemNo);
        assertEquals(OffsetDateTime.parse("2024-04-01T01:30:00Z").toInstant().toEpochMilli(), r.registeredAt);
        assertEquals("PAK", r.importer);
        assertEquals("AZE", r.origin);
        assertEquals("TUR", r.consignment);
        assertEquals("0806100010", r.hsCode);
        assertEquals(Procedure.TRANSIT, r.procedure);
        assertEquals(new BigDecimal("1234.50"), r.customsValue); // the JSON number's scale is kept exactly
        assertEquals("EUR", r.currency);
        assertEquals(new BigDecimal("12.5"), r.quantity);
        assertEquals("kg", r.unit);
        assertEquals("PK-AZ-PTA", r.preference);
        assertEquals(new BigDecimal("61.73"), r.dutyCollected);
        assertEquals("customs-topic", r.source);
        assertEquals(FULL, r.originalText);
    }

    @Test
    void absentAndNullOptionalFieldsTakeTheDefaults() throws RecordRejectedException {
        CustomsRecord r = parser.parse(minimalWith("\"consignment\":null,\"procedure\":null,\"currency\":null,"
                + "\"quantity\":null,\"preference\":null"));
        assertEquals("AZE", r.consignment);
        assertEquals(Procedure.HOME_USE, r.procedure);
        assertEquals("USD", r.currency);
        assertEquals("", r.preference);
        assertNull(r.quantity);
        assertNull(r.dutyCollected);
    }

    @Test
    void aNullRequiredFieldIsMissing() {
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(MINIMAL.replace("\"AZE\"", "null")));
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(MINIMAL.replace(",\"importer\":\"PAK\"", "")));
    }

    @Test
    void numbersMayBeJsonNumbersOrStrings() throws RecordRejectedException {
        CustomsRecord r = parser.parse(MINIMAL.replace("\"item_no\":1", "\"item_no\":\"12\"")
                .replace("\"customs_value\":10", "\"customs_value\":\"10.25\""));
        assertEquals(12, r.itemNo);
        assertEquals(new BigDecimal("10.25"), r.customsValue);
    }

    @Test
    void anHsCodeGivenAsAJsonNumberIsBadBecauseItLostItsLeadingZero() {
        // 806100 would otherwise pass as a six-digit line that is not the 080610 the declarant meant
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(MINIMAL.replace("\"080610\"", "806100")));
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(MINIMAL.replace("\"080610\"", "870323")));
    }

    @Test
    void unknownKeysAreIgnoredWhateverTheirValue() throws RecordRejectedException {
        CustomsRecord r = parser.parse(minimalWith("\"office\":{\"code\":\"KHI\",\"lanes\":[1,2]},\"flag\":true"));
        assertEquals("D-1", r.declarationId);
    }

    @Test
    void aByteOrderMarkAndSurroundingWhitespaceAreTolerated() throws RecordRejectedException {
        assertEquals("D-1", parser.parse("\uFEFF  " + MINIMAL + " \r\n").declarationId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "1E3", "1.5e2", "10E-1", "-1e3"})
    void anExponentIsABadNumberEvenAsAJsonNumber(String json) {
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs(json)));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs("\"" + json + "\"")));
    }

    @Test
    void nanAndInfinityAreMalformedAsJsonAndBadNumbersAsStrings() {
        assertEquals(RejectionReason.MALFORMED, reasonFor(valueAs("NaN")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(valueAs("Infinity")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(valueAs("-Infinity")));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs("\"NaN\"")));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs("\"Infinity\"")));
    }

    @Test
    void aThousandsSeparatorIsABadNumber() {
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs("\"1,234.50\"")));
    }

    @Test
    void aBooleanWhereANumberIsExpectedIsABadNumber() {
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs("true")));
    }

    @Test
    void negativeValuesAreRejectedButNegativeZeroIsZero() throws RecordRejectedException {
        assertEquals(RejectionReason.NEGATIVE_VALUE, reasonFor(valueAs("-5.5")));
        assertEquals(0, parser.parse(valueAs("-0.0")).customsValue.signum());
        assertEquals(0, parser.parse(valueAs("-0")).customsValue.signum());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "0", "-1", "\"abc\"", "\"1.0\"", "9223372036854775808", "1e2"})
    void anItemNoThatIsNotAWholeNumberFromOneIsBad(String json) {
        assertEquals(RejectionReason.BAD_ITEM_NO, reasonFor(MINIMAL.replace("\"item_no\":1", "\"item_no\":" + json)));
    }

    @Test
    void eachFieldRuleRejectsWithItsReason() {
        assertEquals(RejectionReason.BAD_DATE, reasonFor(FULL.replace("-02:00", "")));
        assertEquals(RejectionReason.BAD_DATE, reasonFor(FULL.replace("2024-03-31T23:30:00-02:00", "2024-02-30")));
        assertEquals(RejectionReason.BAD_COUNTRY, reasonFor(FULL.replace("\"PAK\"", "\"pak\"")));
        assertEquals(RejectionReason.BAD_HS_CODE, reasonFor(FULL.replace("\"0806100010\"", "\"08061\"")));
        assertEquals(RejectionReason.BAD_PROCEDURE, reasonFor(FULL.replace("\"transit\"", "\"bonded\"")));
        assertEquals(RejectionReason.BAD_CURRENCY, reasonFor(FULL.replace("\"EUR\"", "\"eur\"")));
        assertEquals(RejectionReason.MISSING_FIELD, reasonFor(FULL.replace("\"PK-2024-000123\"", "\"\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[" + "{\"declaration_id\":\"D-1\"}" + "]",   // an array of records
            "\"D-1\"", "42", "null", "",                  // not an object at all
            "{\"declaration_id\":\"D-1\",\"item_no\":1",  // truncated
            "{\"declaration_id\":\"D-1\",",                // truncated after a comma
            "{\"declaration_id\":",                        // truncated after a key
            "{\"declaration_id\":\"D-1}",                  // unterminated string
            "{declaration_id:\"D-1\"}",                    // unquoted key
            "{\"declaration_id\":'D-1'}"})                 // single quotes
    void textThatIsNotOneJsonObjectIsMalformed(String text) {
        assertEquals(RejectionReason.MALFORMED, reasonFor(text));
    }

    @Test
    void twoObjectsInOneTextAreMalformed() {
        assertEquals(RejectionReason.MALFORMED, reasonFor(MINIMAL + MINIMAL));
        assertEquals(RejectionReason.MALFORMED, reasonFor(MINIMAL + " x"));
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertEquals(RejectionReason.MALFORMED, reasonFor(minimalWith("\"customs_value\":20")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(minimalWith("\"note\":1,\"note\":2")));
    }

    @Test
    void anArrayOrObjectAsAFieldValueIsMalformed() {
        assertEquals(RejectionReason.MALFORMED, reasonFor(valueAs("[10]")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(valueAs("{\"amount\":10,\"currency\":\"USD\"}")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(MINIMAL.replace("\"PAK\"", "[\"PAK\"]")));
    }

    @Test
    void freeTextFieldsMustBeJsonStrings() {
        assertEquals(RejectionReason.MALFORMED, reasonFor(MINIMAL.replace("\"D-1\"", "123")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(minimalWith("\"preference\":true")));
    }

    @Test
    void aOneMegabyteFieldIsHandledCleanly() throws RecordRejectedException {
        String huge = "9".repeat(1 << 20);
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs(huge)));
        assertEquals(RejectionReason.BAD_NUMBER, reasonFor(valueAs("\"" + huge + "\"")));
        assertEquals(1 << 20, parser.parse(minimalWith("\"unit\":\"" + huge + "\"")).unit.length());
    }

    @Test
    void deeplyNestedUnknownValuesAreMalformedNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        assertEquals(RejectionReason.MALFORMED, reasonFor(minimalWith("\"junk\":" + deep)));
    }

    @Test
    void textThatWasNotUtf8IsMalformedButAnEscapedReplacementCharacterIsText() throws RecordRejectedException {
        // Found by the bad-input corpus: the file source decodes bad bytes to U+FFFD, which passed in free text.
        assertEquals(RejectionReason.MALFORMED, reasonFor(minimalWith("\"unit\":\"kg\uFFFD\"")));
        assertEquals(RejectionReason.MALFORMED, reasonFor(minimalWith("\"remarks\":\"pi\uFFFDce\"")));
        assertEquals("kg\uFFFD", parser.parse(minimalWith("\"unit\":\"kg\\ufffd\"")).unit);
    }

    // ---- <tax>_collected (contract §1) ----

    private final JsonRecordParser taxed = new JsonRecordParser(java.util.List.of("sales_tax", "vat"));

    @Test
    void theCollectedAmountOfATaxOfTheRunIsReadAsAJsonNumberOrString() throws RecordRejectedException {
        CustomsRecord r = taxed.parse(minimalWith("\"sales_tax_collected\":1.80,\"vat_collected\":\"0\","
                + "\"excise_collected\":{\"x\":1}"));
        assertEquals(new BigDecimal("1.80"), r.collected("sales_tax"));
        assertEquals(new BigDecimal("0"), r.collected("vat"));
        assertNull(taxed.parse(minimalWith("\"vat_collected\":null")).collectedTaxes);
        assertNull(parser.parse(minimalWith("\"vat_collected\":1")).collectedTaxes,
                "a parser without the run's taxes ignores the field");
    }

    @Test
    void aBadCollectedAmountIsRejected() {
        assertEquals(RejectionReason.NEGATIVE_VALUE, assertThrows(RecordRejectedException.class,
                () -> taxed.parse(minimalWith("\"vat_collected\":-2"))).reason());
        assertEquals(RejectionReason.BAD_NUMBER, assertThrows(RecordRejectedException.class,
                () -> taxed.parse(minimalWith("\"vat_collected\":\"NaN\""))).reason());
        assertEquals(RejectionReason.MALFORMED, assertThrows(RecordRejectedException.class,
                () -> taxed.parse(minimalWith("\"vat_collected\":[1]"))).reason());
    }
}
