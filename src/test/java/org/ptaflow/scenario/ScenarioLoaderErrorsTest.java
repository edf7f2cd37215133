package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every broken scenario is refused with {@code <file>: <field>: <problem>}, or {@code <table>:<line>: <problem>}
 * for a table. Each case of {@link #brokenScenarios} edits one thing of the valid fixture (one text replacement in
 * the scenario, or one table written over the fixture's), so the message is due to that edit alone.
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

    /**
     * One broken scenario.
     *
     * @param edit     what is wrong, as a person would say it (the case's name)
     * @param from     text of the fixture's scenario replaced by {@code to}; null for a scenario file that does
     *                 not exist
     * @param table    a table (path under the fixture) written with {@code tableText} before loading, or null
     * @param message  the whole message, with {@code {yaml}} for the scenario's path and {@code {dir}} for the
     *                 fixture's folder
     */
    record Broken(String edit, String from, String to, String table, String tableText, String message) {
        @Override
        public String toString() {
            return edit;
        }
    }

    static Broken yaml(String edit, String from, String to, String message) {
        return new Broken(edit, from, to, null, null, message);
    }

    static Broken table(String edit, String table, String tableText, String message) {
        return new Broken(edit, "id: pk-az-test", "id: pk-az-test", table, tableText, message);
    }

    /** A valid {@code taxes:} section over the fixture's tax tables, inserted before {@code utilization:}. */
    static final String TAXES = """
            taxes:
              PAK:
                - { name: acd, rates: tariffs/pak-acd.csv, base: [value] }
                - { name: sales_tax, rates: tariffs/pak-sales-tax.csv, base: [value, customs_duty, acd] }
                - { name: wht, rates: tariffs/pak-wht.csv, base: [value, customs_duty, acd, sales_tax], creditable: true }
              AZE:
                - { name: excise, rates: tariffs/aze-excise.csv, base: [quantity] }
                - { name: vat, rates: tariffs/aze-vat.csv, base: [value, customs_duty, excise] }
            """;

    /** The scenario with {@link #TAXES} (one edit in it) before {@code utilization:}, and optionally a table written. */
    static Broken taxes(String edit, String from, String to, String table, String tableText, String message) {
        if (!TAXES.contains(from)) {
            throw new IllegalArgumentException("TAXES lacks: " + from);
        }
        return new Broken(edit, "utilization: 0.8", TAXES.replace(from, to) + "utilization: 0.8", table, tableText,
                message);
    }

    static Broken taxes(String edit, String from, String to, String message) {
        return taxes(edit, from, to, null, null, message);
    }

    static Stream<Broken> brokenScenarios() {
        return Stream.of(
                taxes("a base naming a later tax", "base: [value, customs_duty, acd] }",
                        "base: [value, customs_duty, acd, wht] }",
                        "{yaml}: taxes.PAK[1].base[3]: wht is listed after sales_tax; a base names only taxes listed"
                                + " before it"),
                taxes("a base naming an unknown tax", "base: [value, customs_duty, acd] }",
                        "base: [value, customs_duty, acd, rd] }",
                        "{yaml}: taxes.PAK[1].base[3]: rd is not a tax of PAK [acd, sales_tax, wht] nor value,"
                                + " customs_duty or quantity"),
                taxes("a base naming the tax itself", "base: [value, customs_duty, acd] }",
                        "base: [value, customs_duty, sales_tax] }",
                        "{yaml}: taxes.PAK[1].base[2]: sales_tax is the tax itself; a base names only taxes listed"
                                + " before it"),
                taxes("a specific tax with more than quantity in its base", "base: [quantity]",
                        "base: [quantity, value]",
                        "{yaml}: taxes.AZE[0].base: [quantity, value]: quantity stands alone (a specific tax is"
                                + " quantity × rate per unit)"),
                taxes("an empty base", "base: [value] }", "base: [] }",
                        "{yaml}: taxes.PAK[0].base: is empty; name value, customs_duty and taxes listed before this"
                                + " one, or quantity alone"),
                taxes("a tax name not in [a-z][a-z0-9_]*", "name: acd,", "name: Acd,",
                        "{yaml}: taxes.PAK[0].name: 'Acd' must match [a-z][a-z0-9_]*"),
                taxes("a tax named as a base component", "name: acd,", "name: customs_duty,",
                        "{yaml}: taxes.PAK[0].name: 'customs_duty' is a base component, not a tax name (value,"
                                + " customs_duty and quantity are reserved)"),
                taxes("two taxes of one importer with one name", "name: wht,", "name: acd,",
                        "{yaml}: taxes.PAK[2].name: acd is already the name of taxes.PAK[0]"),
                taxes("taxes of an importer not under mfn", "  AZE:\n", "  TUR:\n",
                        "{yaml}: taxes.TUR: TUR is not a key of mfn [AZE, PAK]"),
                taxes("creditable not true or false", "creditable: true", "creditable: 1",
                        "{yaml}: taxes.PAK[2].creditable: '1' is not true or false"),
                taxes("unknown key in a tax", "creditable: true", "credit: true",
                        "{yaml}: taxes.PAK[2].credit: unknown key; expected one of [base, creditable, name, rates,"
                                + " waived_by_preference]"),
                taxes("tax table that does not exist", "tariffs/pak-wht.csv", "tariffs/pak-withholding.csv",
                        "{yaml}: taxes.PAK[2].rates: file tariffs/pak-withholding.csv does not exist (looked for"
                                + " {dir}/tariffs/pak-withholding.csv)"),
                taxes("a specific tax's table without unit", "name: acd,", "name: acd,", "tariffs/aze-excise.csv",
                        "hs_prefix,rate,currency,valid_from,valid_to\n2208,12,AZN,2020-01-01,\n",
                        "{dir}/tariffs/aze-excise.csv:1: header lacks column unit (has [hs_prefix, rate, currency,"
                                + " valid_from, valid_to])"),
                taxes("a specific tax's row without currency", "name: acd,", "name: acd,", "tariffs/aze-excise.csv",
                        "hs_prefix,rate,unit,currency,valid_from,valid_to\n2208,12,litre,,2020-01-01,\n",
                        "{dir}/tariffs/aze-excise.csv:2: currency is empty"),
                taxes("a unit on an ad-valorem tax's row", "name: acd,", "name: acd,", "tariffs/pak-acd.csv",
                        "hs_prefix,rate,unit,valid_from,valid_to\n10,2,kg,2020-01-01,\n",
                        "{dir}/tariffs/pak-acd.csv:2: unit 'kg' on a row of an ad-valorem tax (rate in percent); a"
                                + " tax per unit has base [quantity]"),
                taxes("overlapping rows of one prefix in a tax table", "name: acd,", "name: acd,",
                        "tariffs/pak-sales-tax.csv",
                        "hs_prefix,rate,valid_from,valid_to\n10,17,2020-01-01,2025-01-01\n10,18,2024-07-01,\n",
                        "{dir}/tariffs/pak-sales-tax.csv:3: tax sales_tax of PAK prefix 10: validity overlaps the row"
                                + " on line 2"),
                yaml("missing id", "id: pk-az-test\n", "",
                        "{yaml}: id: is required"),
                yaml("id not in [a-z0-9-]", "id: pk-az-test", "id: PK_AZ",
                        "{yaml}: id: 'PK_AZ' must match [a-z0-9-]+"),
                yaml("missing agreement", "agreement: PK-AZ-PTA\n", "",
                        "{yaml}: agreement: is required"),
                yaml("MFN file that does not exist", "AZE: tariffs/mfn.csv", "AZE: tariffs/aze.csv",
                        "{yaml}: mfn.AZE: file tariffs/aze.csv does not exist (looked for {dir}/tariffs/aze.csv)"),
                yaml("margin of preference above 1", "margin_of_preference: 0.5", "margin_of_preference: 1.4",
                        "{yaml}: concessions[0].rule.margin_of_preference: 1.4 is outside 0..1"),
                yaml("negative new rate", "new_rate: 5", "new_rate: -5",
                        "{yaml}: concessions[1].rule.new_rate: -5 is negative"),
                yaml("two rules in one concession", "{ new_rate: 5 }", "{ new_rate: 5, linear_cut: 0.5 }",
                        "{yaml}: concessions[1].rule: gives 2 rules [new_rate, linear_cut]; give exactly one"),
                yaml("no rule", "{ new_rate: 5 }", "{}",
                        "{yaml}: concessions[1].rule: gives no rule; give one of new_rate, max_rate, linear_cut,"
                                + " margin_of_preference, swiss"),
                yaml("unknown rule", "{ new_rate: 5 }", "{ flat_rate: 5 }",
                        "{yaml}: concessions[1].rule.flat_rate: unknown key; expected one of [linear_cut, "
                                + "margin_of_preference, max_rate, new_rate, swiss]"),
                yaml("window of a year", "size: week", "size: year",
                        "{yaml}: windows.size: 'year' is not day, week or month"),
                yaml("lateness not ISO-8601", "allowed_lateness: P7D", "allowed_lateness: 7 days",
                        "{yaml}: windows.allowed_lateness: '7 days' is not an ISO-8601 duration such as P7D or PT5S"),
                yaml("negative update interval", "update_every: PT5S", "update_every: PT-5S",
                        "{yaml}: windows.update_every: 'PT-5S' is negative"),
                yaml("utilization above 1", "utilization: 0.8", "utilization: 1.5",
                        "{yaml}: utilization: 1.5 is outside 0..1"),
                yaml("concession importer without MFN schedule", "  - importer: AZE", "  - importer: TUR",
                        "{yaml}: concessions[2].importer: TUR is not a key of mfn [AZE, PAK]"),
                yaml("unknown top-level key (British spelling)", "utilization: 0.8", "utilisation: 0.8",
                        "{yaml}: utilisation: unknown key; expected one of [agreement, concessions, elasticities, fx,"
                                + " id, mfn, taxes, title, uncertainty, utilization, windows]"),
                yaml("missing import-demand default", "default: -1.5, ", "",
                        "{yaml}: elasticities.import_demand.default: is required"),
                yaml("positive import demand", "default: -1.5", "default: 1.5",
                        "{yaml}: elasticities.import_demand.default: 1.5 is not negative (an import-demand"
                                + " elasticity is < 0)"),
                yaml("zero substitution", "substitution: { value: 1.5", "substitution: { value: 0",
                        "{yaml}: elasticities.substitution.value: 0 is not positive (σ > 0)"),
                yaml("negative export supply", "export_supply: { value: 99 }", "export_supply: { value: -2 }",
                        "{yaml}: elasticities.export_supply.value: -2 is not positive (εx > 0; 99 or more means"
                                + " infinite)"),
                yaml("triangular mode above its maximum", "{ value: 1.5, sd: 0.3 }",
                        "{ value: 1.5, min: 1.0, max: 1.2 }",
                        "{yaml}: elasticities.substitution.max: 1.2 is below the value 1.5"),
                yaml("sd and bounds together", "{ value: 1.5, sd: 0.3 }", "{ value: 1.5, sd: 0.3, min: 1, max: 2 }",
                        "{yaml}: elasticities.substitution: gives both sd and min/max; give a normal (sd) or a"
                                + " triangular (min, max)"),
                yaml("zero draws", "draws: 200", "draws: 0",
                        "{yaml}: uncertainty.draws: 0 is outside 1..100000"),
                yaml("staging fraction above 1", "fraction: 1.0", "fraction: 1.2",
                        "{yaml}: concessions[0].staging[1].fraction: 1.2 is outside (0, 1]"),
                yaml("staging dates out of order", "from: 2025-07-01", "from: 2024-01-01",
                        "{yaml}: concessions[0].staging[1].from: 2024-01-01 is not after the previous date 2024-07-01"),
                yaml("MFN key without rows in its file", "  AZE: tariffs/mfn.csv",
                        "  AZE: tariffs/mfn.csv\n  TUR: tariffs/mfn.csv",
                        "{yaml}: mfn.TUR: {dir}/tariffs/mfn.csv has no rows for importer TUR"),
                // The YAML parser's own words, after the line of the second key (the fixture's line 28 is the first).
                yaml("duplicate key", "utilization: 0.8", "utilization: 0.8\nutilization: 0.9",
                        "{yaml}:29: not valid YAML: Duplicate field 'utilization'"),
                new Broken("scenario file that does not exist", null, null, null, null,
                        "{dir}/none.yaml: file does not exist"),
                table("same prefix in two concessions of one pair", "lists/pak-to-aze-cotton.csv",
                        "hs_prefix,rate\n52,\n630260,3\n",
                        "{yaml}: concessions[1].lines: prefix 630260 of {dir}/lists/pak-to-aze-cotton.csv is also in"
                                + " concessions[0] ({dir}/lists/pak-to-aze-main.csv) of PAK ← AZE"),
                table("two FX rates for one day", "tariffs/fx.csv",
                        "currency,date,usd_per_unit\nPKR,2024-01-01,0.0035\nPKR,2024-01-01,0.0036\n",
                        "{dir}/tariffs/fx.csv:3: a rate for PKR on 2024-01-01 is already on line 2"),
                table("positive import demand in the by-HS table", "elasticities/import-demand.csv",
                        "hs_prefix,value,sd\n1006,-2.5,0.5\n100630,0.4,\n",
                        "{dir}/elasticities/import-demand.csv:3: value 0.4 is not negative"
                                + " (an import-demand elasticity is < 0)"),
                table("by-HS prefix longer than HS6", "elasticities/import-demand.csv",
                        "hs_prefix,value\n10063010,-2.5\n",
                        "{dir}/elasticities/import-demand.csv:2: hs_prefix '10063010' has more than 6"
                                + " digits; elasticities match the HS6 line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScenarios")
    void aBrokenScenarioIsRefusedNamingWhereAndWhat(Broken broken) {
        Path loaded = yaml;
        if (broken.from() == null) {
            loaded = dir.resolve("none.yaml");
        } else {
            String text = Fixtures.scenarioYaml();
            assertTrue(text.contains(broken.from()), "fixture lacks: " + broken.from());
            Fixtures.write(dir, "bad.yaml", text.replace(broken.from(), broken.to()));
        }
        if (broken.table() != null) {
            Fixtures.write(dir, broken.table(), broken.tableText());
        }
        Path scenario = loaded;
        String message = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(scenario)).getMessage();
        String expected = broken.message().replace("{yaml}", yaml.toString()).replace("{dir}/", dir + "/");
        assertEquals(expected, message);
    }

    @Test
    void theTaxesSectionLoadsInListOrderAndValidateListsEachImportersTaxesAndBases() throws ScenarioException {
        Fixtures.write(dir, "bad.yaml", Fixtures.scenarioYaml().replace("utilization: 0.8", TAXES + "utilization: 0.8"));
        Scenario s = ScenarioLoader.load(yaml);
        assertEquals(java.util.List.of("acd", "sales_tax", "wht"),
                s.taxes("PAK").stream().map(BorderTax::name).toList());
        BorderTax wht = s.taxes("PAK").get(2);
        assertEquals(java.util.List.of("value", "customs_duty", "acd", "sales_tax"), wht.base());
        assertTrue(wht.creditable());
        assertTrue(s.taxes("AZE").get(0).specific());
        assertTrue(s.taxes("TUR").isEmpty());
        String text = s.describe();
        assertTrue(text.contains("  PAK\n    acd on value: 2 rows"), text);
        assertTrue(text.contains("    sales_tax on value + customs_duty + acd: 3 rows"), text);
        assertTrue(text.contains("    wht on value + customs_duty + acd + sales_tax, creditable: 1 rows"), text);
        assertTrue(text.contains("    excise on quantity (per unit): 1 rows"), text);
        assertTrue(text.contains("    vat on value + customs_duty + excise: 3 rows"), text);
    }

    @Test
    void aScenarioWithoutTaxesSaysSo() throws ScenarioException {
        Fixtures.write(dir, "bad.yaml", Fixtures.scenarioYaml());
        Scenario s = ScenarioLoader.load(yaml);
        assertTrue(s.taxes("PAK").isEmpty());
        assertTrue(s.describe().contains("taxes      none (customs duty only)"), s.describe());
    }

    @Test
    void fixtureCopyIsValid() throws ScenarioException {
        Fixtures.write(dir, "bad.yaml", Fixtures.scenarioYaml());
        assertEquals("pk-az-test", ScenarioLoader.load(yaml).id());
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
