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
        assertEquals("kind: 'tariff' is not mfn, concession, staging, tax or quota", assertThrows(IllegalArgumentException.class,
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

    // ---- quota amendments, on the fixture with ScenarioLoaderErrorsTest.QUOTAS ----

    private static Scenario withQuotas(java.nio.file.Path dir) throws ScenarioException {
        Fixtures.copyFixture(dir);
        Fixtures.write(dir, "quotas.yaml", Fixtures.scenarioYaml()
                .replace("utilization: 0.8", ScenarioLoaderErrorsTest.QUOTAS + "utilization: 0.8"));
        return ScenarioLoader.load(dir.resolve("quotas.yaml"));
    }

    @Test
    void aQuotaAmendmentGivesANewVolumeInThousandthsAndIsKeyedByItsQuota() {
        TariffAmendment a = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"quota\","
                + "\"quota\":\"pak-rice-from-aze\",\"volume\":12000.5,\"from\":\"2025-01-01\"}");
        assertEquals("pak-rice-from-aze", a.quota);
        assertEquals(12_000_500L, a.volumeMilli, "12,000.5 kg = 12,000,500 thousandths");
        assertEquals(day("2025-01-01"), a.fromDay);
        assertEquals(Long.MAX_VALUE, a.toDay, "in force until a later one replaces it");
        assertTrue(a.inForce(day("2031-06-30")));
        assertEquals("", a.importer);
        assertTrue(Double.isNaN(a.rate));
        TariffAmendment other = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"quota\","
                + "\"quota\":\"pak-cotton-from-aze\",\"volume\":12000000,\"from\":\"2025-01-01\"}");
        assertEquals(12_000_000_000L, other.volumeMilli);
        // Two quotas amended on one date are two amendments, not one replacing the other.
        assertTrue(a.key().endsWith("|pak-rice-from-aze"), a.key());
        assertTrue(!a.key().equals(other.key()), a.key());
        TariffAmendment again = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"quota\","
                + "\"quota\":\"pak-rice-from-aze\",\"volume\":9000,\"from\":\"2025-01-01\"}");
        assertEquals(a.key(), again.key(), "the same quota and date again replaces the first");
        // More than three decimals cannot be allocated (the rule rounds down to 3): the volume is rounded down too.
        assertEquals(1_234L, TariffAmendment.fromJson("{\"scenario\":\"s\",\"kind\":\"quota\",\"quota\":\"q\","
                + "\"volume\":1.2349,\"from\":\"2025-01-01\"}").volumeMilli);
    }

    @Test
    void aQuotaAmendmentIsRefusedWithTheField() {
        String head = "{\"scenario\":\"s\",\"kind\":\"quota\",";
        java.util.function.Function<String, String> refused = json -> assertThrows(IllegalArgumentException.class,
                () -> TariffAmendment.fromJson(json)).getMessage();
        assertEquals("volume: missing or not a number",
                refused.apply(head + "\"quota\":\"q\",\"from\":\"2025-01-01\"}"));
        assertEquals("volume: missing or not a number",
                refused.apply(head + "\"quota\":\"q\",\"volume\":\"9000\",\"from\":\"2025-01-01\"}"));
        assertEquals("volume: 0 is not positive",
                refused.apply(head + "\"quota\":\"q\",\"volume\":0,\"from\":\"2025-01-01\"}"));
        assertEquals("volume: -5 is not positive",
                refused.apply(head + "\"quota\":\"q\",\"volume\":-5,\"from\":\"2025-01-01\"}"));
        assertEquals("volume: 0.0001 is below a thousandth of the unit",
                refused.apply(head + "\"quota\":\"q\",\"volume\":0.0001,\"from\":\"2025-01-01\"}"));
        assertEquals("quota: missing", refused.apply(head + "\"volume\":5,\"from\":\"2025-01-01\"}"));
        assertEquals("quota: 'Rice Quota' is not a quota id [a-z0-9-]+",
                refused.apply(head + "\"quota\":\"Rice Quota\",\"volume\":5,\"from\":\"2025-01-01\"}"));
        assertEquals("from: missing", refused.apply(head + "\"quota\":\"q\",\"volume\":5}"));
        assertEquals("importer: not for an amendment of kind quota (the quota names its importer, beneficiary and"
                + " lines)", refused.apply(head + "\"quota\":\"q\",\"importer\":\"PAK\",\"volume\":5,"
                        + "\"from\":\"2025-01-01\"}"));
        assertEquals("hs_prefix: not for an amendment of kind quota (the quota names its importer, beneficiary and"
                + " lines)", refused.apply(head + "\"quota\":\"q\",\"hs_prefix\":\"1006\",\"volume\":5,"
                        + "\"from\":\"2025-01-01\"}"));
        assertEquals("rate: not for an amendment of kind quota (the quota names its importer, beneficiary and"
                + " lines)", refused.apply(head + "\"quota\":\"q\",\"rate\":0,\"volume\":5,"
                        + "\"from\":\"2025-01-01\"}"));
        assertEquals("to: a quota amendment holds from its date until a later one replaces it",
                refused.apply(head + "\"quota\":\"q\",\"volume\":5,\"from\":\"2025-01-01\","
                        + "\"to\":\"2026-01-01\"}"));
        // The other kinds do not carry a quota's fields.
        assertEquals("volume: only a quota amendment has it", refused.apply("{\"scenario\":\"s\",\"kind\":\"mfn\","
                + "\"importer\":\"PAK\",\"hs_prefix\":\"10\",\"rate\":1,\"volume\":5,\"from\":\"2024-01-01\"}"));
        assertEquals("quota: only a quota amendment has it", refused.apply("{\"scenario\":\"s\",\"kind\":\"staging\","
                + "\"importer\":\"PAK\",\"beneficiary\":\"AZE\",\"fraction\":1,\"quota\":\"q\","
                + "\"from\":\"2024-01-01\"}"));
    }

    @Test
    void aQuotaAmendmentNamesAQuotaOfTheScenarioAndMovesNoRate(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Scenario s = withQuotas(dir);
        TariffAmendment known = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"quota\","
                + "\"quota\":\"pak-rice-from-aze\",\"volume\":100,\"from\":\"2024-01-01\"}");
        TariffAmendment unknown = TariffAmendment.fromJson("{\"scenario\":\"pk-az-test\",\"kind\":\"quota\","
                + "\"quota\":\"pak-tea-from-aze\",\"volume\":100,\"from\":\"2024-01-01\"}");
        assertEquals(null, s.amendmentProblem(known));
        assertEquals("scenario pk-az-test has no quota pak-tea-from-aze (its quotas: [pak-rice-from-aze,"
                + " pak-cotton-from-aze, aze-cars-from-pak])", s.amendmentProblem(unknown));
        // A scenario without quotas takes none.
        assertEquals("scenario " + scenario.id() + " has no quota pak-rice-from-aze (its quotas: [])",
                scenario.amendmentProblem(known));

        // The fixture's PAK rice 100630: MFN 20, margin of preference 0.5 staged 0.5 from 2024-07-01 → 15 %.
        AmendedRates rates = new AmendedRates(s, List.of(known));
        AmendedRates none = new AmendedRates(s, List.of());
        for (String date : new String[] {"2024-03-01", "2024-08-01", "2025-08-01"}) {
            long d = day(date);
            assertEquals(none.mfnRate("PAK", "10063010", d), rates.mfnRate("PAK", "10063010", d), date);
            assertEquals(none.preferentialRate("PAK", "AZE", "10063010", d, 20),
                    rates.preferentialRate("PAK", "AZE", "10063010", d, 20), 0, date);
        }
        assertEquals(20.0, rates.mfnRate("PAK", "10063010", day("2024-08-01")));
        assertEquals(15.0, rates.preferentialRate("PAK", "AZE", "10063010", day("2024-08-01"), 20), 1e-12);
    }
}
