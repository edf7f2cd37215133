package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every broken scenario is refused with {@code <file>: <field>: <problem>}, or {@code <table>:<line>: <problem>}
 * for a table. Each case edits one thing of the valid fixture, so the message is due to that edit alone.
 */
class ScenarioLoaderErrorsTest {
    @TempDir
    Path dir;

    private Path yaml;

    @BeforeEach
    void copyTables() {
        Fixtures.copyFixture(dir);
        yaml = dir.resolve("bad.yaml");
    }

    /** Loads the fixture with {@code from} replaced by {@code to}; the edit must apply. */
    private String errorWith(String from, String to) {
        String text = Fixtures.scenarioYaml();
        assertTrue(text.contains(from), "fixture lacks: " + from);
        Fixtures.write(dir, "bad.yaml", text.replace(from, to));
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.load(yaml)).getMessage();
    }

    @Test
    void fixtureCopyIsValid() throws ScenarioException {
        Fixtures.write(dir, "bad.yaml", Fixtures.scenarioYaml());
        assertEquals("pk-az-test", ScenarioLoader.load(yaml).id());
    }

    @Test
    void missingId() {
        assertEquals(yaml + ": id: is required", errorWith("id: pk-az-test\n", ""));
    }

    @Test
    void badId() {
        assertEquals(yaml + ": id: 'PK_AZ' must match [a-z0-9-]+", errorWith("id: pk-az-test", "id: PK_AZ"));
    }

    @Test
    void missingAgreement() {
        assertEquals(yaml + ": agreement: is required", errorWith("agreement: PK-AZ-PTA\n", ""));
    }

    @Test
    void missingMfnFile() {
        assertEquals(yaml + ": mfn.AZE: file tariffs/aze.csv does not exist (looked for "
                        + dir.resolve("tariffs/aze.csv") + ")",
                errorWith("AZE: tariffs/mfn.csv", "AZE: tariffs/aze.csv"));
    }

    @Test
    void ruleOutOfRange() {
        assertEquals(yaml + ": concessions[0].rule.margin_of_preference: 1.4 is outside 0..1",
                errorWith("margin_of_preference: 0.5", "margin_of_preference: 1.4"));
    }

    @Test
    void negativeNewRate() {
        assertEquals(yaml + ": concessions[1].rule.new_rate: -5 is negative",
                errorWith("new_rate: 5", "new_rate: -5"));
    }

    @Test
    void twoRulesInOneConcession() {
        assertEquals(yaml + ": concessions[1].rule: gives 2 rules [new_rate, linear_cut]; give exactly one",
                errorWith("{ new_rate: 5 }", "{ new_rate: 5, linear_cut: 0.5 }"));
    }

    @Test
    void noRule() {
        assertEquals(yaml + ": concessions[1].rule: gives no rule; give one of new_rate, max_rate, linear_cut,"
                + " margin_of_preference, swiss", errorWith("{ new_rate: 5 }", "{}"));
    }

    @Test
    void unknownRule() {
        assertEquals(yaml + ": concessions[1].rule.flat_rate: unknown key; expected one of [linear_cut, "
                + "margin_of_preference, max_rate, new_rate, swiss]", errorWith("{ new_rate: 5 }", "{ flat_rate: 5 }"));
    }

    @Test
    void unknownWindowSize() {
        assertEquals(yaml + ": windows.size: 'year' is not day, week or month",
                errorWith("size: week", "size: year"));
    }

    @Test
    void badDuration() {
        assertEquals(yaml + ": windows.allowed_lateness: '7 days' is not an ISO-8601 duration such as P7D or PT5S",
                errorWith("allowed_lateness: P7D", "allowed_lateness: 7 days"));
    }

    @Test
    void negativeDuration() {
        assertEquals(yaml + ": windows.update_every: 'PT-5S' is negative",
                errorWith("update_every: PT5S", "update_every: PT-5S"));
    }

    @Test
    void utilizationAboveOne() {
        assertEquals(yaml + ": utilization: 1.5 is outside 0..1", errorWith("utilization: 0.8", "utilization: 1.5"));
    }

    @Test
    void concessionImporterNotInMfn() {
        assertEquals(yaml + ": concessions[2].importer: TUR is not a key of mfn [AZE, PAK]",
                errorWith("  - importer: AZE", "  - importer: TUR"));
    }

    @Test
    void unknownTopLevelKey() {
        assertEquals(yaml + ": utilisation: unknown key; expected one of [agreement, concessions, elasticities, fx,"
                + " id, mfn, title, uncertainty, utilization, windows]",
                errorWith("utilization: 0.8", "utilisation: 0.8"));
    }

    @Test
    void missingImportDemandDefault() {
        assertEquals(yaml + ": elasticities.import_demand.default: is required",
                errorWith("default: -1.5, ", ""));
    }

    @Test
    void positiveImportDemand() {
        assertEquals(yaml + ": elasticities.import_demand.default: 1.5 is not negative (an import-demand"
                + " elasticity is < 0)", errorWith("default: -1.5", "default: 1.5"));
    }

    @Test
    void nonPositiveSubstitution() {
        assertEquals(yaml + ": elasticities.substitution.value: 0 is not positive (σ > 0)",
                errorWith("substitution: { value: 1.5", "substitution: { value: 0"));
    }

    @Test
    void nonPositiveExportSupply() {
        assertEquals(yaml + ": elasticities.export_supply.value: -2 is not positive (εx > 0; 99 or more means"
                + " infinite)", errorWith("export_supply: { value: 99 }", "export_supply: { value: -2 }"));
    }

    @Test
    void triangularModeOutsideBounds() {
        assertEquals(yaml + ": elasticities.substitution.max: 1.2 is below the value 1.5",
                errorWith("{ value: 1.5, sd: 0.3 }", "{ value: 1.5, min: 1.0, max: 1.2 }"));
    }

    @Test
    void zeroDraws() {
        assertEquals(yaml + ": uncertainty.draws: 0 is outside 1..100000",
                errorWith("draws: 200", "draws: 0"));
    }

    @Test
    void stagingFractionOutOfRange() {
        assertEquals(yaml + ": concessions[0].staging[1].fraction: 1.2 is outside (0, 1]",
                errorWith("fraction: 1.0", "fraction: 1.2"));
    }

    @Test
    void unsortedStagingDates() {
        assertEquals(yaml + ": concessions[0].staging[1].from: 2024-01-01 is not after the previous date 2024-07-01",
                errorWith("from: 2025-07-01", "from: 2024-01-01"));
    }

    @Test
    void samePrefixInTwoConcessionsOfOnePair() {
        Fixtures.write(dir, "lists/pak-to-aze-cotton.csv", "hs_prefix,rate\n52,\n630260,3\n");
        assertEquals(yaml + ": concessions[1].lines: prefix 630260 of " + dir.resolve("lists/pak-to-aze-cotton.csv")
                        + " is also in concessions[0] (" + dir.resolve("lists/pak-to-aze-main.csv")
                        + ") of PAK ← AZE",
                errorWith("id: pk-az-test", "id: pk-az-test"));
    }

    @Test
    void tableErrorNamesTheTableAndLine() {
        Fixtures.write(dir, "tariffs/fx.csv", "currency,date,usd_per_unit\nPKR,2024-01-01,0.0035\nPKR,2024-01-01,0.0036\n");
        assertEquals(dir.resolve("tariffs/fx.csv") + ":3: a rate for PKR on 2024-01-01 is already on line 2",
                errorWith("id: pk-az-test", "id: pk-az-test"));
    }

    @Test
    void missingYamlFile() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.load(dir.resolve("none.yaml")));
        assertEquals(dir.resolve("none.yaml") + ": file does not exist", e.getMessage());
    }

    @Test
    void duplicateKeyIsRefused() {
        String message = errorWith("utilization: 0.8", "utilization: 0.8\nutilization: 0.9");
        assertTrue(message.startsWith(yaml + ":"), message);
        assertTrue(message.contains("Duplicate field 'utilization'"), message);
    }

    @Test
    void byHsTableErrorNamesItsLine() {
        Fixtures.write(dir, "elasticities/import-demand.csv", "hs_prefix,value,sd\n1006,-2.5,0.5\n100630,0.4,\n");
        assertEquals(dir.resolve("elasticities/import-demand.csv") + ":3: value 0.4 is not negative"
                + " (an import-demand elasticity is < 0)", errorWith("id: pk-az-test", "id: pk-az-test"));
    }

    @Test
    void byHsPrefixLongerThanHs6IsRefused() {
        Fixtures.write(dir, "elasticities/import-demand.csv", "hs_prefix,value\n10063010,-2.5\n");
        assertEquals(dir.resolve("elasticities/import-demand.csv") + ":2: hs_prefix '10063010' has more than 6"
                + " digits; elasticities match the HS6 line", errorWith("id: pk-az-test", "id: pk-az-test"));
    }

    @Test
    void mfnKeyWithoutRowsIsRefused() {
        assertEquals(yaml + ": mfn.TUR: " + dir.resolve("tariffs/mfn.csv") + " has no rows for importer TUR",
                errorWith("  AZE: tariffs/mfn.csv", "  AZE: tariffs/mfn.csv\n  TUR: tariffs/mfn.csv"));
    }

    @Test
    void sdAndBoundsTogetherAreRefused() {
        assertEquals(yaml + ": elasticities.substitution: gives both sd and min/max; give a normal (sd) or a"
                + " triangular (min, max)", errorWith("{ value: 1.5, sd: 0.3 }", "{ value: 1.5, sd: 0.3, min: 1, max: 2 }"));
    }

    @Test
    void swissAsEmptyMappingMeansSixteenAndAnExplicitValueIsKept() throws ScenarioException {
        String text = Fixtures.scenarioYaml();
        Fixtures.write(dir, "bad.yaml", text.replace("{ swiss: }", "{ swiss: {} }"));
        assertEquals(new ConcessionRule.Swiss(16), ScenarioLoader.load(yaml).concessions().get(2).rule());
        Fixtures.write(dir, "bad.yaml", text.replace("{ swiss: }", "{ swiss: 10 }"));
        assertEquals(new ConcessionRule.Swiss(10), ScenarioLoader.load(yaml).concessions().get(2).rule());
    }
}
