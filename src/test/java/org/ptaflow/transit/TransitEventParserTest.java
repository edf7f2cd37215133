package org.ptaflow.transit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transit events in both forms (contract §1b): a valid departure and a bare exit are read field by field; each broken
 * event is rejected with its one reason, and the original text stays on what is accepted.
 */
class TransitEventParserTest {
    private static final String HEADER = "movement_id,event,at,office,transport_mode,territory,origin,destination,"
            + "declared_value,currency,gross_mass_kg,hs_code,guarantee";
    private static final String DEPARTURE =
            "T-1,departure,2025-03-04T10:00:00+05:00,PKKHI,sea,PAK,AZE,AFG,125000.50,USD,20000,0902400000,0";

    private final TransitCsvParser csv = new TransitCsvParser(HEADER);
    private final TransitJsonParser json = new TransitJsonParser();

    @Test
    void aCsvDepartureIsReadFieldByField() throws Exception {
        TransitEvent e = csv.parse(DEPARTURE, "transit.csv");
        assertEquals("T-1", e.movementId);
        assertEquals(MovementEventKind.DEPARTURE, e.event);
        // 10:00 at +05:00 is 05:00 UTC.
        assertEquals(Instant.parse("2025-03-04T05:00:00Z").toEpochMilli(), e.at);
        assertEquals("PKKHI", e.office);
        assertEquals(TransportMode.SEA, e.transportMode);
        assertEquals("PAK", e.territory);
        assertEquals("AZE", e.origin);
        assertEquals("AFG", e.destination);
        assertEquals(new BigDecimal("125000.50"), e.declaredValue);
        assertEquals("USD", e.currency);
        assertEquals(new BigDecimal("20000"), e.grossMassKg);
        assertEquals("0902400000", e.hsCode);
        assertEquals(BigDecimal.ZERO, e.guarantee);
        assertEquals(DEPARTURE, e.originalText);
        assertEquals("transit.csv", e.source);
    }

    @Test
    void columnsMayComeInAnyOrderAndUnknownOnesAreIgnored() throws Exception {
        TransitCsvParser p = new TransitCsvParser("office,at,remarks,event,movement_id");
        TransitEvent e = p.parse("PKTOR,2025-03-10,sealed,exit,T-1");
        assertEquals("T-1", e.movementId);
        assertEquals(MovementEventKind.EXIT, e.event);
        assertEquals(Instant.parse("2025-03-10T00:00:00Z").toEpochMilli(), e.at);
        assertEquals("PKTOR", e.office);
    }

    @Test
    void anExitNeedsOnlyIdEventTimeAndOffice() throws Exception {
        String text = "{\"movement_id\":\"T-1\",\"event\":\"exit\",\"at\":\"2025-03-10T08:30:00Z\",\"office\":\"PKTOR\"}";
        TransitEvent e = json.parse(text);
        assertEquals(MovementEventKind.EXIT, e.event);
        assertEquals("PKTOR", e.office);
        assertNull(e.transportMode);
        assertNull(e.territory);
        assertNull(e.declaredValue);
        assertNull(e.currency);
        assertEquals(text, e.originalText);
    }

    @Test
    void aJsonDepartureTakesNumbersAsJsonNumbers() throws Exception {
        TransitEvent e = json.parse("{\"movement_id\":\"T-2\",\"event\":\"departure\",\"at\":\"2025-03-04\","
                + "\"office\":\"PKGWD\",\"transport_mode\":\"road\",\"territory\":\"PAK\",\"origin\":\"CHN\","
                + "\"destination\":\"AZE\",\"declared_value\":1500.25,\"currency\":\"USD\",\"guarantee\":null,"
                + "\"extra\":{\"x\":1}}");
        assertEquals(new BigDecimal("1500.25"), e.declaredValue);
        assertEquals(TransportMode.ROAD, e.transportMode);
        assertNull(e.guarantee);
    }

    /** Each broken CSV event: the replacement made in {@link #DEPARTURE} and the reason expected. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            movement id missing            | T-1,departure      | ,departure         | missing_field
            movement id blank              | T-1,departure      | ' ,departure'      | missing_field
            office missing                 | 05:00,PKKHI,       | 05:00,,            | missing_field
            departure without mode         | PKKHI,sea,         | PKKHI,,            | missing_field
            departure without territory    | sea,PAK,           | sea,,              | missing_field
            departure without value        | AFG,125000.50,     | AFG,,              | missing_field
            departure without currency     | 125000.50,USD,     | 125000.50,,        | missing_field
            date-time without offset       | 10:00:00+05:00     | 10:00:00           | bad_date
            no such date                   | 2025-03-04T        | 2025-02-30T        | bad_date
            unknown event                  | T-1,departure      | T-1,arrival        | bad_event
            event in capitals              | T-1,departure      | T-1,DEPARTURE      | bad_event
            unknown mode                   | PKKHI,sea          | PKKHI,pipeline     | bad_mode
            territory in lower case        | sea,PAK            | sea,pak            | bad_country
            destination of two letters     | AZE,AFG            | AZE,AF             | bad_country
            value with an exponent         | 125000.50          | 1.25E5             | bad_number
            mass with a thousands sep.     | USD,20000          | USD,"20,000"       | bad_number
            mass not a number              | USD,20000          | USD,heavy          | bad_number
            negative value                 | 125000.50          | -125000.50         | negative_value
            negative guarantee             | 0902400000,0       | 0902400000,-5      | negative_value
            value in euros                 | 125000.50,USD      | 125000.50,EUR      | bad_currency
            five-digit hs code             | 0902400000         | 09024              | bad_hs_code
            hs code with a dot             | 0902400000         | 0902.40            | bad_hs_code
            one field too few              | ,0902400000,0      | ,0902400000        | malformed
            """)
    void aBrokenCsvEventIsRejectedWithItsReason(String edit, String from, String to, String reason) {
        String line = DEPARTURE.replace(from, to);
        assertEquals(true, !line.equals(DEPARTURE), "the edit must change the line: " + edit);
        TransitEventRejectedException e = assertThrows(TransitEventRejectedException.class, () -> csv.parse(line));
        assertEquals(reason, e.reason().code(), e.getMessage());
    }

    @Test
    void theMessageNamesTheTransitField() {
        TransitEventRejectedException e = assertThrows(TransitEventRejectedException.class,
                () -> csv.parse(DEPARTURE.replace("10:00:00+05:00", "10:00:00.5")));
        assertEquals("at: a date-time needs an offset (Z or ±hh:mm): \"2025-03-04T10:00:00.5\"", e.getMessage());
    }

    @Test
    void anExitStillHasItsOptionalValuesChecked() {
        TransitEventRejectedException e = assertThrows(TransitEventRejectedException.class,
                () -> json.parse("{\"movement_id\":\"T-1\",\"event\":\"exit\",\"at\":\"2025-03-10Z\","
                        + "\"office\":\"PKTOR\"}"));
        assertEquals(TransitRejectionReason.BAD_DATE, e.reason());
        e = assertThrows(TransitEventRejectedException.class,
                () -> json.parse("{\"movement_id\":\"T-1\",\"event\":\"exit\",\"at\":\"2025-03-10\","
                        + "\"office\":\"PKTOR\",\"territory\":\"Pakistan\"}"));
        assertEquals(TransitRejectionReason.BAD_COUNTRY, e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                     | departure T-1                                                              | malformed
            an array                     | [1,2]                                                                      | malformed
            numeric movement id          | {"movement_id":7,"event":"exit","at":"2025-03-10","office":"PKTOR"}        | malformed
            duplicate key                | {"movement_id":"T","movement_id":"U","event":"exit","at":"2025-03-10","office":"X"} | malformed
            null event                   | {"movement_id":"T-1","event":null,"at":"2025-03-10","office":"PKTOR"}      | missing_field
            hs code as a number          | {"movement_id":"T-1","event":"exit","at":"2025-03-10","office":"PKTOR","hs_code":902400} | bad_hs_code
            exponent in a json number    | {"movement_id":"T-1","event":"exit","at":"2025-03-10","office":"PKTOR","gross_mass_kg":2e3} | bad_number
            boolean event                | {"movement_id":"T-1","event":true,"at":"2025-03-10","office":"PKTOR"}      | bad_event
            mode of an exit              | {"movement_id":"T-1","event":"exit","at":"2025-03-10","office":"PKTOR","transport_mode":"Road"} | bad_mode
            currency of an exit          | {"movement_id":"T-1","event":"exit","at":"2025-03-10","office":"PKTOR","currency":"PKR"} | bad_currency
            negative mass of an exit     | {"movement_id":"T-1","event":"exit","at":"2025-03-10","office":"PKTOR","gross_mass_kg":-1} | negative_value
            """)
    void aBrokenJsonEventIsRejectedWithItsReason(String edit, String text, String reason) {
        TransitEventRejectedException e = assertThrows(TransitEventRejectedException.class, () -> json.parse(text));
        assertEquals(reason, e.reason().code(), edit + ": " + e.getMessage());
    }

    @Test
    void aHeaderNamingAFieldTwiceRejectsEveryRecordOfItsFile() {
        TransitCsvParser p = new TransitCsvParser("movement_id,event,at,office,office");
        assertEquals("the CSV header names column office twice", p.headerProblem());
        TransitEventRejectedException e = assertThrows(TransitEventRejectedException.class,
                () -> p.parse("T-1,exit,2025-03-10,PKTOR,PKTOR"));
        assertEquals(TransitRejectionReason.MALFORMED, e.reason());
    }

    @Test
    void aHeaderWithoutARequiredColumnIsReported() {
        assertEquals(java.util.List.of("office"), new TransitCsvParser("movement_id,event,at").missingRequiredColumns());
    }
}
