package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Amendments streamed into a running job, on the whole-job fixture (AZE rice 100630 MFN 20 with new_rate 0 for PAK;
 * AZE linen 630260 MFN 20, line rate 10, staged 0.5 from 2024-02-15 and 1.0 from 2024-04-01).
 */
class AmendedRatesTest {
    private static Scenario scenario;

    @BeforeAll
    static void load() throws Exception {
        scenario = ScenarioLoader.load(Paths.get(AmendedRatesTest.class.getResource("/pipeline/test-pta.yaml").toURI()));
    }

    static long day(String date) {
        return LocalDate.parse(date).toEpochDay();
    }

    @Test
    void withoutAmendmentsTheScenarioAnswers() {
        AmendedRates rates = new AmendedRates(scenario, List.of());
        assertEquals(20.0, rates.mfnRate("AZE", "10063010", day("2024-03-01")));
        assertEquals(15.0, rates.preferentialRate("AZE", "PAK", "630260", day("2024-03-01"), 20.0), 1e-12);
    }

    @Test
    void mfnAmendmentAppliesFromItsDateOverTheTablesLongerPrefix() {
        AmendedRates rates = new AmendedRates(scenario, List.of(TariffAmendment.fromJson(
                "{\"scenario\":\"test-pta\",\"kind\":\"mfn\",\"importer\":\"AZE\",\"hs_prefix\":\"1006\",\"rate\":5,"
                        + "\"from\":\"2024-03-01\",\"to\":\"2024-04-01\"}")));
        assertEquals(20.0, rates.mfnRate("AZE", "10063010", day("2024-02-29")));
        assertEquals(5.0, rates.mfnRate("AZE", "10063010", day("2024-03-01")));
        assertEquals(5.0, rates.mfnRate("AZE", "10063010", day("2024-03-31")));
        assertEquals(20.0, rates.mfnRate("AZE", "10063010", day("2024-04-01")), "to is exclusive");
        assertEquals(20.0, rates.mfnRate("AZE", "63026000", day("2024-03-15")), "other lines keep their rate");
        assertTrue(Double.isNaN(rates.mfnRate("PAK", "10063010", day("2024-03-15"))), "other importers too");
    }

    @Test
    void concessionAmendmentGivesTheLineItsRateInFullFromItsDate() {
        AmendedRates rates = new AmendedRates(scenario, List.of(TariffAmendment.fromJson(
                "{\"scenario\":\"test-pta\",\"kind\":\"concession\",\"importer\":\"AZE\",\"beneficiary\":\"PAK\","
                        + "\"hs_prefix\":\"630260\",\"rate\":0,\"from\":\"2024-03-01\"}")));
        // before: the base concession, staged 0.5 of the cut from 20 to 10
        assertEquals(15.0, rates.preferentialRate("AZE", "PAK", "630260", day("2024-02-29"), 20.0), 1e-12);
        assertEquals(0.0, rates.preferentialRate("AZE", "PAK", "630260", day("2024-03-01"), 20.0), 1e-12);
        // a rate above MFN gives MFN (economics.md §2)
        AmendedRates above = new AmendedRates(scenario, List.of(TariffAmendment.fromJson(
                "{\"scenario\":\"test-pta\",\"kind\":\"concession\",\"importer\":\"AZE\",\"beneficiary\":\"PAK\","
                        + "\"hs_prefix\":\"630260\",\"rate\":25,\"from\":\"2024-03-01\"}")));
        assertEquals(20.0, above.preferentialRate("AZE", "PAK", "630260", day("2024-03-01"), 20.0), 1e-12);
        // another beneficiary is not concerned
        assertTrue(Double.isNaN(rates.preferentialRate("AZE", "TUR", "630260", day("2024-03-01"), 20.0)));
    }

    @Test
    void stagingAmendmentMovesTheFractionOfThePairsConcessions() {
        AmendedRates rates = new AmendedRates(scenario, List.of(TariffAmendment.fromJson(
                "{\"scenario\":\"test-pta\",\"kind\":\"staging\",\"importer\":\"AZE\",\"beneficiary\":\"PAK\","
                        + "\"fraction\":1.0,\"from\":\"2024-03-01\"}")));
        assertEquals(15.0, rates.preferentialRate("AZE", "PAK", "630260", day("2024-02-20"), 20.0), 1e-12);
        // full cut to the line rate 10 a month before the scenario's own date
        assertEquals(10.0, rates.preferentialRate("AZE", "PAK", "630260", day("2024-03-05"), 20.0), 1e-12);
        // lines without concession stay without
        assertTrue(Double.isNaN(rates.preferentialRate("AZE", "PAK", "870323", day("2024-03-05"), 16.0)));
    }

    @Test
    void badAmendmentsAreRefusedWithTheField() {
        assertEquals("kind: 'tariff' is not mfn, concession or staging", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"tariff\",\"importer\":\"AZE\","
                        + "\"beneficiary\":\"PAK\",\"hs_prefix\":\"10\",\"from\":\"2024-01-01\"}")).getMessage());
        assertEquals("rate: missing or not a number", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"mfn\",\"importer\":\"AZE\","
                        + "\"hs_prefix\":\"10\",\"from\":\"2024-01-01\"}")).getMessage());
        assertEquals("from: '2024-13-01' is not a date (YYYY-MM-DD)", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"mfn\",\"importer\":\"AZE\","
                        + "\"hs_prefix\":\"10\",\"rate\":1,\"from\":\"2024-13-01\"}")).getMessage());
        assertEquals("to: must be after from", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"mfn\",\"importer\":\"AZE\","
                        + "\"hs_prefix\":\"10\",\"rate\":1,\"from\":\"2024-02-01\",\"to\":\"2024-02-01\"}"))
                .getMessage());
        assertEquals("unknown field rates", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"rates\":1}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TariffAmendment.fromJson("[1]")).getMessage()
                .contains("not a JSON object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TariffAmendment.fromJson(
                "{\"scenario\":\"s\",\"scenario\":\"t\"}")).getMessage().startsWith("not JSON"));
    }
}
