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
        assertEquals("kind: 'tariff' is not mfn, concession, staging or tax", assertThrows(IllegalArgumentException.class,
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

    // ---- tax amendments, on the fixture with ScenarioLoaderErrorsTest.TAXES (PAK sales tax 17 % on chapter 10
    // until 2025-01-01, 18 % from then; AZE excise 12 AZN per litre on 2208) ----

    private static Scenario taxed(java.nio.file.Path dir) throws ScenarioException {
        Fixtures.copyFixture(dir);
        Fixtures.write(dir, "taxed.yaml", Fixtures.scenarioYaml()
                .replace("utilization: 0.8", ScenarioLoaderErrorsTest.TAXES + "utilization: 0.8"));
        return ScenarioLoader.load(dir.resolve("taxed.yaml"));
    }

    private static BorderTax tax(Scenario s, String importer, String name) {
        return s.taxes(importer).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTaxAmendmentSetsItsTaxsRateFromItsDateAndMovesNoOtherTax(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Scenario s = taxed(dir);
        TariffAmendment salesTax = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"tax\","
                + "\"importer\":\"PAK\",\"tax\":\"sales_tax\",\"hs_prefix\":\"1006\",\"rate\":16,"
                + "\"from\":\"2024-03-01\"}");
        assertEquals("pk-az-test|tax|PAK||1006|" + day("2024-03-01") + "|sales_tax", salesTax.key());
        // An MFN amendment of the same line moves the duty only: each tax follows its own table.
        TariffAmendment mfn = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"mfn\","
                + "\"importer\":\"PAK\",\"hs_prefix\":\"10\",\"rate\":30,\"from\":\"2024-01-01\"}");
        AmendedRates rates = new AmendedRates(s, List.of(salesTax, mfn));
        BorderTax sales = tax(s, "PAK", "sales_tax");
        assertEquals(30.0, rates.mfnRate("PAK", "10063010", day("2024-02-29")));
        assertEquals(17.0, rates.taxRate("PAK", sales, "10063010", day("2024-02-29")).rate(), "table: 17 %");
        assertEquals(16.0, rates.taxRate("PAK", sales, "10063010", day("2024-03-01")).rate(), "amended from its date");
        assertEquals(16.0, rates.taxRate("PAK", sales, "10063010", day("2025-06-01")).rate(),
                "over the table's longer validity too");
        assertEquals(18.0, rates.taxRate("PAK", sales, "52010000", day("2025-06-01")).rate(), "other lines: table");
        assertEquals(2.0, rates.taxRate("PAK", tax(s, "PAK", "acd"), "10063010", day("2024-03-01")).rate(),
                "another tax keeps its rate");
        RatesInForce inForce = rates.inForce("PAK", "AZE", "10063010", "USD", day("2024-03-01"));
        assertEquals(3, inForce.taxRates().length);
        assertEquals(16.0, inForce.taxRates()[1].rate());
    }

    @Test
    void aSpecificTaxAmendmentGivesItsUnitAndCurrency(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Scenario s = taxed(dir);
        TariffAmendment excise = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"tax\","
                + "\"importer\":\"AZE\",\"tax\":\"excise\",\"hs_prefix\":\"220830\",\"rate\":15,"
                + "\"unit\":\"litre\",\"currency\":\"AZN\",\"from\":\"2024-03-01\"}");
        assertEquals(null, s.amendmentProblem(excise));
        AmendedRates rates = new AmendedRates(s, List.of(excise));
        assertEquals(new org.ptaflow.tariffs.TaxRate(15, "litre", "AZN"),
                rates.taxRate("AZE", tax(s, "AZE", "excise"), "22083000", day("2024-03-01")));
        RatesInForce inForce = rates.inForce("AZE", "PAK", "22083000", "USD", day("2024-03-01"));
        assertEquals(0, inForce.specificTaxWithoutBase(null, null), "no quantity: no base for the excise");
        assertEquals(0, inForce.specificTaxWithoutBase(java.math.BigDecimal.TEN, "kg"));
        assertEquals(-1, inForce.specificTaxWithoutBase(java.math.BigDecimal.TEN, "LITRE"));
        assertEquals(new java.math.BigDecimal("0.588235"), inForce.taxUsdPerUnit()[0]);
    }

    @Test
    void aTaxAmendmentTheScenarioCannotTakeIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Scenario s = taxed(dir);
        assertEquals("PAK has no tax vat in scenario pk-az-test", s.amendmentProblem(TariffAmendment.fromJson(
                "{\"scenario\":\"pk-az-test\",\"kind\":\"tax\",\"importer\":\"PAK\",\"tax\":\"vat\","
                        + "\"hs_prefix\":\"10\",\"rate\":1,\"from\":\"2024-01-01\"}")));
        assertEquals("tax excise of AZE is specific: its rate needs unit and currency", s.amendmentProblem(
                TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"tax\",\"importer\":\"AZE\","
                        + "\"tax\":\"excise\",\"hs_prefix\":\"2208\",\"rate\":1,\"from\":\"2024-01-01\"}")));
        assertEquals("tax vat of AZE is ad valorem (percent): its rate has no unit", s.amendmentProblem(
                TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"tax\",\"importer\":\"AZE\","
                        + "\"tax\":\"vat\",\"hs_prefix\":\"22\",\"rate\":1,\"unit\":\"l\",\"currency\":\"AZN\","
                        + "\"from\":\"2024-01-01\"}")));
        // A tax (or an MFN rate) holds for every origin: a beneficiary would be ignored yet part of the key.
        assertEquals("beneficiary: not for an amendment of kind tax", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"tax\",\"importer\":\"PAK\","
                        + "\"beneficiary\":\"AZE\",\"tax\":\"sales_tax\",\"hs_prefix\":\"10\",\"rate\":17,"
                        + "\"from\":\"2025-01-01\"}")).getMessage());
        assertEquals("tax: missing", assertThrows(IllegalArgumentException.class, () -> TariffAmendment.fromJson(
                "{\"scenario\":\"s\",\"kind\":\"tax\",\"importer\":\"PAK\",\"hs_prefix\":\"10\",\"rate\":1,"
                        + "\"from\":\"2024-01-01\"}")).getMessage());
        assertEquals("currency: missing; a specific rate gives both unit and currency", assertThrows(
                IllegalArgumentException.class, () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"tax\","
                        + "\"importer\":\"AZE\",\"tax\":\"excise\",\"hs_prefix\":\"10\",\"rate\":1,\"unit\":\"l\","
                        + "\"from\":\"2024-01-01\"}")).getMessage());
        assertEquals("tax: only a tax amendment has it", assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"mfn\",\"importer\":\"PAK\","
                        + "\"tax\":\"vat\",\"hs_prefix\":\"10\",\"rate\":1,\"from\":\"2024-01-01\"}")).getMessage());
    }
}
