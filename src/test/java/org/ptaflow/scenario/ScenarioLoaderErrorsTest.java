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

    /**
     * A valid {@code quotas:} section on the fixture's pairs, inserted before {@code utilization:}: PAK ← AZE rice and
     * towels (lines of the staged main list), PAK ← AZE cotton fabric 5208 (under the cotton list's chapter 52, no
     * staging) by quarter, and AZE ← PAK cars 870321 (under 8703) counted in value, years from July.
     */
    static final String QUOTAS = """
            quotas:
              - { id: pak-rice-from-aze, importer: PAK, beneficiary: AZE, lines: ["100630", "630260"], volume: 500,
                  unit: kg }
              - { id: pak-cotton-from-aze, importer: PAK, beneficiary: AZE, lines: ["5208"], volume: 1200.5, unit: m2,
                  period: quarter, critical_at: 0.8, out_of_quota_rate: 12.5,
                  opening: { date: 2024-02-01, allocated: 300 } }
              - { id: aze-cars-from-pak, importer: AZE, beneficiary: PAK, lines: ["870321"], volume: 2000000,
                  unit: usd, start: 07-01, out_of_quota_rate: null }
            """;

    /** The scenario with {@link #QUOTAS} (one edit in it) before {@code utilization:}. */
    static Broken quotas(String edit, String from, String to, String message) {
        if (!QUOTAS.contains(from)) {
            throw new IllegalArgumentException("QUOTAS lacks: " + from);
        }
        return new Broken(edit, "utilization: 0.8", QUOTAS.replace(from, to) + "utilization: 0.8", null, null,
                message);
    }

    static Stream<Broken> brokenQuotas() {
        String keys = "[beneficiary, critical_at, id, importer, lines, opening, out_of_quota_rate, period, start,"
                + " unit, volume]";
        return Stream.of(
                yaml("quotas not a list", "utilization: 0.8", "quotas: { id: q }\nutilization: 0.8",
                        "{yaml}: quotas: must be a list of { id, importer, beneficiary, lines, volume, unit }"),
                quotas("a quota without id", "id: pak-rice-from-aze, ", "",
                        "{yaml}: quotas[0].id: is required"),
                quotas("a quota id not in [a-z0-9-]", "id: pak-rice-from-aze,", "id: Pak_Rice,",
                        "{yaml}: quotas[0].id: 'Pak_Rice' must match [a-z0-9-]+"),
                quotas("two quotas with one id", "id: pak-cotton-from-aze,", "id: pak-rice-from-aze,",
                        "{yaml}: quotas[1].id: pak-rice-from-aze is already the id of quotas[0]"),
                quotas("a quota without importer", "importer: PAK, beneficiary: AZE, lines: [\"100630\"",
                        "beneficiary: AZE, lines: [\"100630\"",
                        "{yaml}: quotas[0].importer: is required"),
                quotas("a beneficiary the importer grants nothing", "beneficiary: AZE, lines: [\"100630\"",
                        "beneficiary: TUR, lines: [\"100630\"",
                        "{yaml}: quotas[0].beneficiary: the scenario has no concession of importer PAK to beneficiary"
                                + " TUR (its pairs: [AZE ← PAK, PAK ← AZE]); a quota limits a concession of its pair"),
                quotas("an importer that grants nothing", "importer: PAK, beneficiary: AZE, lines: [\"100630\"",
                        "importer: TUR, beneficiary: AZE, lines: [\"100630\"",
                        "{yaml}: quotas[0].importer: the scenario has no concession of importer TUR to beneficiary"
                                + " AZE (its pairs: [AZE ← PAK, PAK ← AZE]); a quota limits a concession of its pair"),
                quotas("a quota without lines", "lines: [\"5208\"], ", "",
                        "{yaml}: quotas[1].lines: is required"),
                quotas("an empty list of lines", "lines: [\"5208\"]", "lines: []",
                        "{yaml}: quotas[1].lines: is empty; name the HS prefixes the quota holds"),
                quotas("lines given as one text", "lines: [\"5208\"]", "lines: \"5208\"",
                        "{yaml}: quotas[1].lines: must be a list of HS prefixes such as [\"090240\"]"),
                quotas("a line written as a number", "lines: [\"5208\"]", "lines: [5208]",
                        "{yaml}: quotas[1].lines[0]: 5208 is a number; write HS prefixes in quotes (\"5208\") so"
                                + " that a leading zero is kept"),
                quotas("a line that is not an HS prefix", "lines: [\"5208\"]", "lines: [\"52O8\"]",
                        "{yaml}: quotas[1].lines[0]: '52O8' is not an HS prefix of 2 to 10 digits"),
                quotas("a line outside the pair's concession lists", "[\"100630\", \"630260\"]",
                        "[\"100630\", \"100640\"]",
                        "{yaml}: quotas[0].lines[1]: 100640 is not within the concession lists of PAK ← AZE: no line"
                                + " of them covers it or lies under it"),
                quotas("a line of the other direction's list", "lines: [\"870321\"]", "lines: [\"100630\"]",
                        "{yaml}: quotas[2].lines[0]: 100630 is not within the concession lists of AZE ← PAK: no line"
                                + " of them covers it or lies under it"),
                quotas("one line in two quotas of a pair", "lines: [\"5208\"]", "lines: [\"630260\"]",
                        "{yaml}: quotas[1].lines[0]: 630260 is also a line of quotas[0] (pak-rice-from-aze) of"
                                + " PAK ← AZE; a line is in one quota of a pair at most"),
                quotas("a line of a second quota over a line of the first", "lines: [\"5208\"]",
                        "lines: [\"63\"]",
                        "{yaml}: quotas[1].lines[0]: 63 overlaps line 630260 of quotas[0] (pak-rice-from-aze) of"
                                + " PAK ← AZE; a line is in one quota of a pair at most"),
                quotas("a line of a second quota under a line of the first", "lines: [\"5208\"]",
                        "lines: [\"6302601000\"]",
                        "{yaml}: quotas[1].lines[0]: 6302601000 overlaps line 630260 of quotas[0] (pak-rice-from-aze)"
                                + " of PAK ← AZE; a line is in one quota of a pair at most"),
                quotas("a line listed twice in a quota", "[\"100630\", \"630260\"]", "[\"100630\", \"100630\"]",
                        "{yaml}: quotas[0].lines[1]: 100630 is listed twice"),
                quotas("a line under another of its quota", "[\"100630\", \"630260\"]",
                        "[\"100630\", \"10063010\"]",
                        "{yaml}: quotas[0].lines[1]: 10063010 overlaps 100630, already a line of this quota"),
                quotas("a quota without volume", "volume: 500,", "",
                        "{yaml}: quotas[0].volume: is required"),
                quotas("a zero volume", "volume: 500,", "volume: 0,",
                        "{yaml}: quotas[0].volume: 0 is not positive"),
                quotas("a negative volume", "volume: 500,", "volume: -500,",
                        "{yaml}: quotas[0].volume: -500 is not positive"),
                quotas("a volume in words", "volume: 500,", "volume: 500 t,",
                        "{yaml}: quotas[0].volume: '500 t' is not a number"),
                quotas("a volume below the rounding", "volume: 500,", "volume: 0.0004,",
                        "{yaml}: quotas[0].volume: 0.0004 is below a thousandth of the unit, the rule's rounding"),
                quotas("a volume too large to count in thousandths", "volume: 500,", "volume: 2000000000000000,",
                        "{yaml}: quotas[0].volume: 2000000000000000 is above 1000000000000000 (thousandths of it must"
                                + " add up in a long)"),
                quotas("a quota without unit", "volume: 500,\n      unit: kg }", "volume: 500 }",
                        "{yaml}: quotas[0].unit: is required"),
                quotas("a unit with a space", "unit: kg }", "unit: kg net }",
                        "{yaml}: quotas[0].unit: 'kg net' is not a unit records write (kg, l, pcs, 1000u, ...) nor"
                                + " USD"),
                quotas("a weekly quota", "period: quarter", "period: week",
                        "{yaml}: quotas[1].period: 'week' is not year, quarter or month"),
                quotas("a start date on a quarterly quota", "period: quarter,", "period: quarter, start: 02-01,",
                        "{yaml}: quotas[1].start: applies to yearly quotas only; this quota's period is quarter"),
                quotas("a start that is not MM-DD", "start: 07-01", "start: 7-1",
                        "{yaml}: quotas[2].start: '7-1' is not a day of the year MM-DD such as 07-01"),
                quotas("a start on a day no month has", "start: 07-01", "start: 06-31",
                        "{yaml}: quotas[2].start: '06-31' is not a day of the year MM-DD such as 07-01"),
                quotas("a start on February 29th", "start: 07-01", "start: 02-29",
                        "{yaml}: quotas[2].start: 02-29 is not in every year; start the period on 03-01 or 02-28"),
                quotas("critical at zero", "critical_at: 0.8", "critical_at: 0",
                        "{yaml}: quotas[1].critical_at: 0 is outside (0, 1]"),
                quotas("critical above the volume", "critical_at: 0.8", "critical_at: 1.1",
                        "{yaml}: quotas[1].critical_at: 1.1 is outside (0, 1]"),
                quotas("a negative out-of-quota rate", "out_of_quota_rate: 12.5", "out_of_quota_rate: -1",
                        "{yaml}: quotas[1].out_of_quota_rate: -1 is negative"),
                quotas("an out-of-quota rate in words", "out_of_quota_rate: 12.5", "out_of_quota_rate: MFN",
                        "{yaml}: quotas[1].out_of_quota_rate: 'MFN' is not a number"),
                quotas("an opening above the volume", "allocated: 300", "allocated: 1200.6",
                        "{yaml}: quotas[1].opening.allocated: 1200.6 is above the volume 1200.5"),
                quotas("a negative opening", "allocated: 300", "allocated: -1",
                        "{yaml}: quotas[1].opening.allocated: -1 is negative"),
                quotas("an opening without date", "date: 2024-02-01, ", "",
                        "{yaml}: quotas[1].opening.date: is required"),
                quotas("an opening without allocation", ", allocated: 300", "",
                        "{yaml}: quotas[1].opening.allocated: is required"),
                quotas("an opening date that is not a date", "date: 2024-02-01", "date: 2024-02-30",
                        "{yaml}: quotas[1].opening.date: '2024-02-30' is not a date YYYY-MM-DD"),
                quotas("an opening that is not a mapping", "opening: { date: 2024-02-01, allocated: 300 }",
                        "opening: 300",
                        "{yaml}: quotas[1].opening: must be a mapping of keys to values"),
                quotas("unknown key in an opening", "allocated: 300", "allocated: 300, used: 2",
                        "{yaml}: quotas[1].opening.used: unknown key; expected one of [allocated, date]"),
                quotas("unknown key in a quota", "critical_at: 0.8", "critical: 0.8",
                        "{yaml}: quotas[1].critical: unknown key; expected one of " + keys));
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
                        "{yaml}: utilisation: unknown key; expected one of [agreement, concessions, elasticities, flags,"
                                + " fx, id, mfn, quotas, taxes, title, transit, uncertainty, utilization, windows]"),
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
    @MethodSource({"brokenScenarios", "brokenQuotas"})
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
