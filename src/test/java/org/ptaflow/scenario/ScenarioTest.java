package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.scenario.Fixtures.day;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pk-az fixture scenario loaded as a whole: rates, FX, elasticities, settings. */
class ScenarioTest {
    private static final double EPS = 1e-6;
    private static Scenario scenario;

    @BeforeAll
    static void load() throws ScenarioException {
        scenario = ScenarioLoader.load(Fixtures.fixtureFolder().resolve("scenario.yaml"));
    }

    private static double pref(String importer, String beneficiary, String hs, String date) {
        long d = day(date);
        return scenario.preferentialRate(importer, beneficiary, hs, d, scenario.mfnRate(importer, hs, d));
    }

    @Test
    void identityAndImporters() {
        assertEquals("pk-az-test", scenario.id());
        assertEquals("Pakistan–Azerbaijan PTA, test fixture", scenario.title());
        assertEquals("PK-AZ-PTA", scenario.agreement());
        assertEquals(List.of("AZE", "PAK"), List.copyOf(scenario.importers()));
        assertTrue(scenario.covers("PAK"));
        assertFalse(scenario.covers("TUR"));
        assertEquals(List.of("AZE"), scenario.beneficiaries("PAK"));
        assertEquals(List.of("PAK"), scenario.beneficiaries("AZE"));
        assertEquals(List.of(), scenario.beneficiaries("TUR"));
        assertEquals(3, scenario.concessions().size());
    }

    @Test
    void oneFileServesTwoImportersEachWithItsOwnRows() {
        assertEquals(20, scenario.mfnRate("PAK", "1006301000", day("2024-03-05")));
        assertEquals(15, scenario.mfnRate("AZE", "1006301000", day("2024-03-05")));
        assertEquals(0, scenario.mfnRate("PAK", "310210", day("2024-03-05")));
        assertTrue(Double.isNaN(scenario.mfnRate("PAK", "870321", day("2024-03-05"))));
        assertTrue(Double.isNaN(scenario.mfnRate("TUR", "100630", day("2024-03-05"))));
    }

    @Test
    void stagedMarginOfPreference() {
        // MFN 20, MOP 0.5 -> full cut 10; half of the cut from 2024-07-01, all of it from 2025-07-01
        assertTrue(Double.isNaN(pref("PAK", "AZE", "10063010", "2024-06-30")));
        assertEquals(15, pref("PAK", "AZE", "10063010", "2024-07-01"), EPS);
        assertEquals(15, pref("PAK", "AZE", "10063010", "2025-06-30"), EPS);
        assertEquals(10, pref("PAK", "AZE", "10063010", "2025-07-01"), EPS);
    }

    @Test
    void lineRateReplacesTheRuleAndIsStagedToo() {
        // linen: MFN 20, line rate 10 (the rule would also give 10 here, so check the staged value)
        assertEquals(15, pref("PAK", "AZE", "630260", "2024-08-01"), EPS);
        assertEquals(10, pref("PAK", "AZE", "630260", "2025-08-01"), EPS);
        // raw cotton: MFN 8 (prefix 5201), line rate 2 in the new_rate 5 concession -> min(2, 8) = 2
        assertEquals(2, pref("PAK", "AZE", "5201001000", "2024-01-01"), EPS);
    }

    @Test
    void lineRateAboveMfnGivesMfn() {
        // instruments: MFN 11, line rate 25 -> min(25, 11) = 11
        assertEquals(11, pref("PAK", "AZE", "901890", "2025-08-01"), EPS);
    }

    @Test
    void longestPrefixAcrossTheConcessionsOfOnePair() {
        // 520300 is covered by prefix 52 of the cotton list: new_rate 5 against MFN 10, no staging
        assertEquals(5, pref("PAK", "AZE", "520300", "2020-01-01"), EPS);
        // the cut rate is capped at MFN: new_rate 5 with MFN 8 stays 5; with a t0 of 3 it is 3
        assertEquals(3, scenario.preferentialRate("PAK", "AZE", "520300", day("2024-01-01"), 3), EPS);
    }

    @Test
    void swissGivenWithoutValueUsesSixteen() {
        // AZE 8703 MFN 10: 16 × 10 / 26
        assertEquals(160.0 / 26, pref("AZE", "PAK", "870321", "2024-01-01"), EPS);
    }

    @Test
    void noConcessionGivesNaN() {
        assertTrue(Double.isNaN(pref("PAK", "AZE", "310210", "2025-08-01")), "line not listed");
        assertTrue(Double.isNaN(pref("PAK", "TUR", "100630", "2025-08-01")), "no concession to TUR");
        assertTrue(Double.isNaN(pref("AZE", "PAK", "100630", "2025-08-01")), "other direction's list");
    }

    @Test
    void exchangeRates() {
        assertEquals(BigDecimal.ONE, scenario.usdPerUnit("USD", day("1990-01-01")));
        assertEquals(new BigDecimal("0.0035"), scenario.usdPerUnit("PKR", day("2024-06-30")));
        assertEquals(new BigDecimal("0.0036"), scenario.usdPerUnit("PKR", day("2024-07-01")));
        assertNull(scenario.usdPerUnit("PKR", day("2023-12-31")));
        assertNull(scenario.usdPerUnit("EUR", day("2024-07-01")));
    }

    @Test
    void elasticitiesByLongestPrefixOfTheHs6Line() {
        assertEquals(-3.0, scenario.importDemandElasticity("100630"));
        assertEquals(-2.5, scenario.importDemandElasticity("100640"));
        assertEquals(-1.5, scenario.importDemandElasticity("630260"));
        assertEquals(1.5, scenario.substitutionElasticity());
        assertEquals(99, scenario.exportSupplyElasticity());
    }

    @Test
    void settings() {
        assertEquals(0.8, scenario.utilization());
        assertEquals(new Uncertainty(200, 7), scenario.uncertainty());
        assertNotNull(scenario.draws());
        assertEquals(200, scenario.draws().substitution().length);
        assertEquals(new WindowSpec(WindowSize.WEEK, 7L * 24 * 3600 * 1000, 5000), scenario.windows());
    }

    @Test
    void coveredLinesPerDirection() {
        assertEquals(Map.of("PAK←AZE", 5, "AZE←PAK", 1), scenario.coveredLines());
    }

    @Test
    void minimalScenarioTakesTheDefaults() throws ScenarioException {
        Scenario minimal = ScenarioLoader.load(Fixtures.fixtureFolder().resolve("minimal.yaml"));
        assertEquals("minimal", minimal.title());
        assertEquals(1.0, minimal.utilization());
        assertNull(minimal.uncertainty());
        assertNull(minimal.draws());
        assertEquals(1.5, minimal.substitutionElasticity());
        assertEquals(99, minimal.exportSupplyElasticity());
        assertEquals(WindowSpec.DEFAULT, minimal.windows());
        assertEquals(Set.of("PAK"), minimal.importers());
        assertNull(minimal.usdPerUnit("PKR", day("2024-07-01")), "no fx table");
        assertEquals(BigDecimal.ONE, minimal.usdPerUnit("USD", day("2024-07-01")));
        // linear cut 0.8 of MFN 20, no staging
        assertEquals(4, minimal.preferentialRate("PAK", "AZE", "100630", day("2020-01-01"), 20), EPS);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scenario);
        }
        Scenario copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Scenario) in.readObject();
        }
        assertEquals(scenario.id(), copy.id());
        assertEquals(scenario.file(), copy.file());
        long d = day("2024-07-01");
        assertEquals(15, copy.preferentialRate("PAK", "AZE", "100630", d, copy.mfnRate("PAK", "100630", d)), EPS);
        assertEquals(new BigDecimal("0.0036"), copy.usdPerUnit("PKR", d));
        assertEquals(scenario.draws().importDemand("100630")[17], copy.draws().importDemand("100630")[17]);
        assertEquals(scenario.concessions().get(0).linesFile(), copy.concessions().get(0).linesFile());
    }

    @Test
    void describeFitsOneScreenAndNamesTheParts() {
        String text = scenario.describe();
        assertTrue(text.contains("pk-az-test"));
        assertTrue(text.contains("PAK: 6 MFN rows"), text);
        assertTrue(text.contains("AZE: 2 MFN rows"), text);
        assertTrue(text.contains("PAK ← AZE: 3 lines"), text);
        assertTrue(text.contains("margin_of_preference 0.5"), text);
        assertTrue(text.contains("0.5 from 2024-07-01, 1.0 from 2025-07-01"), text);
        assertTrue(text.contains("swiss 16.0"), text);
        assertTrue(text.contains("PAK ← AZE: 5 prefixes"), text);
        assertTrue(text.lines().count() <= 40, text);
    }

    // ---- tariff-rate quotas: the fixture with ScenarioLoaderErrorsTest.QUOTAS ----

    private static Scenario withQuotas(java.nio.file.Path dir, String from, String to) throws ScenarioException {
        Fixtures.copyFixture(dir);
        String quotas = ScenarioLoaderErrorsTest.QUOTAS;
        assertTrue(quotas.contains(from), from);
        Fixtures.write(dir, "quotas.yaml", Fixtures.scenarioYaml()
                .replace("utilization: 0.8", quotas.replace(from, to) + "utilization: 0.8"));
        return ScenarioLoader.load(dir.resolve("quotas.yaml"));
    }

    @Test
    void quotasLoadWithTheirDefaultsAndTheirConcessionsEntryIntoForce(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws ScenarioException {
        Scenario s = withQuotas(dir, "quotas:", "quotas:");
        assertEquals(List.of("pak-rice-from-aze", "pak-cotton-from-aze", "aze-cars-from-pak"),
                s.quotas().stream().map(Quota::id).toList());

        Quota rice = s.quota("pak-rice-from-aze");
        assertEquals("PAK", rice.importer());
        assertEquals("AZE", rice.beneficiary());
        assertEquals(List.of("100630", "630260"), rice.lines());
        assertEquals("kg", rice.unit());
        assertEquals(500_000L, rice.volumeMilli(), "500 kg in thousandths");
        assertEquals(Quota.Period.YEAR, rice.period(), "default period");
        assertEquals(java.time.MonthDay.of(1, 1), rice.yearStart(), "calendar years by default");
        assertEquals(0.9, rice.criticalAt(), "default critical_at");
        assertTrue(Double.isNaN(rice.outOfQuotaPercent()), "no out_of_quota_rate: MFN");
        // 100630 is on the main list, staged from 2024-07-01 (first step 0.5).
        assertEquals(day("2024-07-01"), rice.inForceFromDay());
        assertEquals(Long.MIN_VALUE, rice.openingDay(), "no opening");
        assertEquals(0, rice.openingAllocatedMilli());

        Quota cotton = s.quota("pak-cotton-from-aze");
        assertEquals(1_200_500L, cotton.volumeMilli(), "1,200.5 m2");
        assertEquals("m2", cotton.unit());
        assertEquals(Quota.Period.QUARTER, cotton.period());
        assertEquals(0.8, cotton.criticalAt());
        assertEquals(12.5, cotton.outOfQuotaPercent());
        // 5208 lies under chapter 52 of the cotton list, which has no staging: in force on every date.
        assertEquals(Long.MIN_VALUE, cotton.inForceFromDay());
        assertEquals(day("2024-02-01"), cotton.openingDay());
        assertEquals(300_000L, cotton.openingAllocatedMilli());

        Quota cars = s.quota("aze-cars-from-pak");
        assertEquals(Quota.USD, cars.unit(), "usd is read as USD");
        assertTrue(cars.countsValue());
        assertEquals(java.time.MonthDay.of(7, 1), cars.yearStart());
        assertTrue(Double.isNaN(cars.outOfQuotaPercent()), "out_of_quota_rate: null is MFN too");
        assertEquals(2_000_000_000L, cars.volumeMilli());
        assertNull(s.quota("pak-tea-from-aze"));
    }

    @Test
    void aQuotaLineBroaderThanTheConcessionLinesUnderItTakesTheirEntryIntoForce(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        // 1006 is on no list, but the main list's 100630 (staged from 2024-07-01) lies under it.
        Scenario s = withQuotas(dir, "[\"100630\", \"630260\"]", "[\"1006\", \"630260\"]");
        assertEquals(day("2024-07-01"), s.quota("pak-rice-from-aze").inForceFromDay());
        // The quota's first line decides: 52 (cotton list, never staged) before 100630.
        Scenario cottonFirst = withQuotas(java.nio.file.Files.createDirectory(dir.resolve("cotton-first")), "[\"100630\", \"630260\"]", "[\"520100\", \"100630\"]");
        assertEquals(Long.MIN_VALUE, cottonFirst.quota("pak-rice-from-aze").inForceFromDay());
    }

    @Test
    void quotaForFindsTheQuotaOfTheRecordsPairAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws ScenarioException {
        Scenario s = withQuotas(dir, "quotas:", "quotas:");
        assertEquals("pak-rice-from-aze", s.quotaFor("PAK", "AZE", "1006301000").id());
        assertEquals("pak-rice-from-aze", s.quotaFor("PAK", "AZE", "63026000").id());
        assertEquals("pak-cotton-from-aze", s.quotaFor("PAK", "AZE", "5208120000").id());
        assertNull(s.quotaFor("PAK", "AZE", "5209420000"), "a concession line outside every quota");
        assertNull(s.quotaFor("PAK", "IND", "1006301000"), "another origin: no quota of the pair");
        assertNull(s.quotaFor("AZE", "PAK", "1006301000"), "the other direction");
        assertEquals("aze-cars-from-pak", s.quotaFor("AZE", "PAK", "8703219000").id());
        assertNull(s.quotaFor("AZE", "PAK", "8703100000"), "under the concession's 8703 but not the quota's 870321");
        assertNull(scenario.quotaFor("PAK", "AZE", "1006301000"), "a scenario without quotas");
        assertTrue(scenario.quotas().isEmpty());
    }

    @Test
    void quotasSurviveSerialisationAndValidateListsThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Scenario s = withQuotas(dir, "quotas:", "quotas:");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        Scenario copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Scenario) in.readObject();
        }
        assertEquals("pak-cotton-from-aze", copy.quotaFor("PAK", "AZE", "520812").id());
        assertEquals(1_200_500L, copy.quota("pak-cotton-from-aze").volumeMilli());

        String text = s.describe();
        assertTrue(text.contains("quotas\n  pak-rice-from-aze: PAK ← AZE on 100630, 630260, 500 kg a year, critical"
                + " at 0.9, above it MFN, in force from 2024-07-01\n"), text);
        assertTrue(text.contains("  pak-cotton-from-aze: PAK ← AZE on 5208, 1200.5 m2 a quarter, critical at 0.8,"
                + " above it 12.5%, 300 allocated by 2024-02-01\n"), text);
        assertTrue(text.contains("  aze-cars-from-pak: AZE ← PAK on 870321, 2000000 USD a year from 07-01, critical"
                + " at 0.9, above it MFN\n"), text);
        assertTrue(scenario.describe().contains("quotas     none\n"), scenario.describe());
    }
}
