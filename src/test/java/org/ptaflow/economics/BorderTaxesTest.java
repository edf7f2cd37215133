package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.Procedure;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * Border taxes per record and per row (economics.md §6), through the real path: a scenario file with its tax tables,
 * the rates in force ({@link AmendedRates#inForce}), {@link RecordSums} and {@link ImpactEstimator}. Expected
 * amounts are the worked cases P, Z and A+ of economics.md §6 and hand calculations written beside each.
 *
 * <p>The scenario "taxes":
 * <ul>
 *   <li>PAK: line 847130 MFN 16 %, AZE's line rate 8 % (case P); line 100630 MFN 20 %, AZE's line rate 0 (case A+);
 *       taxes acd 4 % on [value] (847130 only), rd (no row: 0) on [value], sales tax on [value, customs_duty, acd,
 *       rd] 17 % until 2025-01-01 and 18 % from then (chapter 84) and 18 % (chapter 10), withholding 5.5 % on
 *       [value, customs_duty, acd, rd, sales_tax], creditable (chapters 84 and 10);</li>
 *   <li>AZE: line 100630 and 220830 MFN 15 %, PAK's new rate 0 (case Z); excise 12 AZN per litre on 2208, on
 *       [quantity]; VAT 18 % on [value, customs_duty, excise]; FX 0.588 USD per AZN;</li>
 *   <li>TUR: line 100630 MFN 10 %, AZE's new rate 0; 630260 MFN 10 %, no concession; a levy of 5 % on [value]
 *       waived by the preference.</li>
 * </ul>
 */
class BorderTaxesTest {
    @TempDir
    static Path dir;

    static Scenario scenario;
    static AmendedRates rates;

    static final String AGREEMENT = "PK-AZ-PTA";

    @BeforeAll
    static void writeScenario() throws Exception {
        write("tariffs/mfn.csv", """
                importer,hs_prefix,rate,valid_from,valid_to
                PAK,847130,16,2020-01-01,
                PAK,100630,20,2020-01-01,
                AZE,100630,15,2020-01-01,
                AZE,220830,15,2020-01-01,
                TUR,100630,10,2020-01-01,
                TUR,630260,10,2020-01-01,
                """);
        write("tariffs/fx.csv", "currency,date,usd_per_unit\nAZN,2024-01-01,0.588\n");
        write("lists/pak-to-aze.csv", "hs_prefix,rate\n847130,8\n100630,0\n");
        write("lists/aze-to-pak.csv", "hs_prefix\n100630\n220830\n");
        write("lists/tur-to-aze.csv", "hs_prefix\n100630\n");
        write("tariffs/pak-acd.csv", "hs_prefix,rate,valid_from,valid_to\n847130,4,2020-01-01,\n");
        write("tariffs/pak-rd.csv", "hs_prefix,rate,valid_from,valid_to\n");
        write("tariffs/pak-sales-tax.csv", """
                hs_prefix,rate,valid_from,valid_to
                84,17,2020-01-01,2025-01-01
                84,18,2025-01-01,
                10,18,2020-01-01,
                """);
        write("tariffs/pak-wht.csv", "hs_prefix,rate,valid_from,valid_to\n84,5.5,2020-01-01,\n10,5.5,2020-01-01,\n");
        write("tariffs/aze-excise.csv",
                "hs_prefix,rate,unit,currency,valid_from,valid_to\n2208,12,litre,AZN,2020-01-01,\n");
        write("tariffs/aze-vat.csv", "hs_prefix,rate,valid_from,valid_to\n10,18,2020-01-01,\n22,18,2020-01-01,\n");
        write("tariffs/tur-levy.csv", "hs_prefix,rate,valid_from,valid_to\n10,5,2020-01-01,\n63,5,2020-01-01,\n");
        Path yaml = write("taxes.yaml", """
                id: taxes
                agreement: PK-AZ-PTA
                mfn: { PAK: tariffs/mfn.csv, AZE: tariffs/mfn.csv, TUR: tariffs/mfn.csv }
                fx: tariffs/fx.csv
                concessions:
                  - { importer: PAK, beneficiary: AZE, lines: lists/pak-to-aze.csv, rule: { new_rate: 8 } }
                  - { importer: AZE, beneficiary: PAK, lines: lists/aze-to-pak.csv, rule: { new_rate: 0 } }
                  - { importer: TUR, beneficiary: AZE, lines: lists/tur-to-aze.csv, rule: { new_rate: 0 } }
                elasticities:
                  import_demand: { default: -1.5 }
                taxes:
                  PAK:
                    - { name: acd, rates: tariffs/pak-acd.csv, base: [value] }
                    - { name: rd, rates: tariffs/pak-rd.csv, base: [value] }
                    - { name: sales_tax, rates: tariffs/pak-sales-tax.csv, base: [value, customs_duty, acd, rd] }
                    - { name: wht, rates: tariffs/pak-wht.csv, base: [value, customs_duty, acd, rd, sales_tax],
                        creditable: true }
                  AZE:
                    - { name: excise, rates: tariffs/aze-excise.csv, base: [quantity] }
                    - { name: vat, rates: tariffs/aze-vat.csv, base: [value, customs_duty, excise] }
                  TUR:
                    - { name: levy, rates: tariffs/tur-levy.csv, base: [value], waived_by_preference: true }
                """);
        scenario = ScenarioLoader.load(yaml);
        rates = new AmendedRates(scenario, List.of());
    }

    static Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    static long usd(String amount) {
        return Money.toMicros(new BigDecimal(amount));
    }

    static CustomsRecord record(String importer, String origin, String hs, String usdValue, String at,
            boolean claims) {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = "D";
        r.itemNo = 1;
        r.registeredAt = Instant.parse(at).toEpochMilli();
        r.importer = importer;
        r.origin = origin;
        r.consignment = origin;
        r.hsCode = hs;
        r.procedure = Procedure.HOME_USE;
        r.customsValue = new BigDecimal(usdValue);
        r.currency = "USD";
        r.preference = claims ? AGREEMENT : "";
        return r;
    }

    static RecordSums sums(CustomsRecord r) {
        return RecordSums.of(r, rates.inForce(r.importer, r.origin, r.hsCode, r.currency, r.epochDay()), AGREEMENT);
    }

    static ImpactRow row(String importer, String beneficiary, String hs6, WindowSums sums) {
        return ImpactEstimator.estimate(scenario, new ImpactKey("taxes", importer, beneficiary, hs6), 0, 1, sums,
                true);
    }

    // ---- worked case P ----

    private static WindowSums caseP(String at) {
        return sums(record("PAK", "AZE", "84713000", "1000000", at, true)).asBeneficiary();
    }

    @Test
    void caseP_everyTaxInEachStateAsDocumented() {
        WindowSums s = caseP("2025-03-01T10:00:00Z");
        // acd, rd, sales_tax, wht
        assertEquals(usd("160000"), s.dutyAtMfn);
        assertArrayEquals(new long[] {usd("40000"), 0, usd("216000"), usd("77880")}, s.taxAtMfn);
        assertEquals(usd("80000"), s.dutyStatutory);
        assertArrayEquals(new long[] {usd("40000"), 0, usd("201600"), usd("72688")}, s.taxStatutory);
        // Full preference at the scenario rate 8 %, the rate the record claimed: as statutory.
        assertArrayEquals(new long[] {usd("40000"), 0, usd("201600"), usd("72688")}, s.taxFullPreference);
    }

    @Test
    void caseP_totalRevenueForgoneLeavesTheCreditableWithholdingOut() {
        ImpactRow row = row("PAK", "AZE", "847130", caseP("2025-03-01T10:00:00Z"));
        assertArrayEquals(new String[] {"acd", "rd", "sales_tax", "wht"}, row.taxNames);
        assertArrayEquals(new boolean[] {false, false, false, true}, row.taxCreditable);
        assertEquals(usd("80000"), row.sums.revenueForgone());
        // Non-creditable: acd 40 000 + rd 0 + sales tax 216 000 at MFN; 40 000 + 201 600 statutory.
        assertEquals(usd("256000"), row.taxesAtMfn());
        assertEquals(usd("241600"), row.taxesStatutory());
        assertEquals(usd("14400"), row.taxesForgone());
        assertEquals(usd("94400"), row.totalRevenueForgone());
        // The withholding's 5 192 forgone is computed (77 880 − 72 688) but in no total.
        assertEquals(usd("5192"), row.sums.taxAtMfn[3] - row.sums.taxStatutory[3]);
    }

    @Test
    void aTaxRateChangeAppliesFromItsValidFromInclusiveAndEndsAtItsValidToExclusive() {
        // The last millisecond of 2024: sales tax 17 % of 1 120 000 (statutory) = 190 400; of 1 200 000 = 204 000.
        WindowSums before = caseP("2024-12-31T23:59:59.999Z");
        assertEquals(usd("204000"), before.taxAtMfn[2]);
        assertEquals(usd("190400"), before.taxStatutory[2]);
        // 2025-01-01 00:00 UTC: 18 %, case P.
        WindowSums from = caseP("2025-01-01T00:00:00Z");
        assertEquals(usd("216000"), from.taxAtMfn[2]);
        assertEquals(usd("201600"), from.taxStatutory[2]);
    }

    // ---- worked case Z ----

    @Test
    void caseZ_vatOnValueAndDuty() {
        ImpactRow row = row("AZE", "PAK", "100630",
                sums(record("AZE", "PAK", "100630", "10000", "2025-03-01T10:00:00Z", true)).asBeneficiary());
        WindowSums s = row.sums;
        // excise (no row on chapter 10: 0), vat
        assertEquals(usd("1500"), s.dutyAtMfn);
        assertArrayEquals(new long[] {0, usd("2070")}, s.taxAtMfn);
        assertEquals(0, s.dutyStatutory);
        assertArrayEquals(new long[] {0, usd("1800")}, s.taxStatutory);
        assertEquals(usd("1770"), row.totalRevenueForgone());
    }

    @Test
    void caseZ_theSpecificExciseAdds705Point6UsdToTheVatBaseInEveryState() {
        CustomsRecord spirits = record("AZE", "PAK", "22083000", "10000", "2025-03-01T10:00:00Z", true);
        spirits.quantity = new BigDecimal("100");
        spirits.unit = "Litre"; // units compare case-insensitively
        ImpactRow row = row("AZE", "PAK", "220830", sums(spirits).asBeneficiary());
        WindowSums s = row.sums;
        // Excise 12 AZN × 0.588 USD/AZN × 100 litres = 705.6 USD in each state; VAT + 18 % × 705.6 = + 127.008.
        assertArrayEquals(new long[] {usd("705.6"), usd("2197.008")}, s.taxAtMfn);
        assertArrayEquals(new long[] {usd("705.6"), usd("1927.008")}, s.taxStatutory);
        assertArrayEquals(new long[] {usd("705.6"), usd("1927.008")}, s.taxFullPreference);
        assertEquals(usd("1770"), row.totalRevenueForgone(), "the excise is not forgone, the VAT's 270 is");
    }

    // ---- waived by the preference ----

    @Test
    void aWaivedTaxIsZeroWhereThePreferenceAppliesOnly() {
        // Levy 5 % of 1 000 = 50, unless waived.
        WindowSums claims = sums(record("TUR", "AZE", "100630", "1000", "2025-03-01T10:00:00Z", true))
                .asBeneficiary();
        assertArrayEquals(new long[] {usd("50")}, claims.taxAtMfn);
        assertArrayEquals(new long[] {0}, claims.taxStatutory, "claimed and eligible: waived");
        assertArrayEquals(new long[] {0}, claims.taxFullPreference);

        WindowSums doesNotClaim = sums(record("TUR", "AZE", "100630", "1000", "2025-03-01T10:00:00Z", false))
                .asBeneficiary();
        assertArrayEquals(new long[] {usd("50")}, doesNotClaim.taxStatutory, "not claimed: due");
        assertArrayEquals(new long[] {0}, doesNotClaim.taxFullPreference, "eligible: waived as if claimed");

        WindowSums noConcession = sums(record("TUR", "AZE", "630260", "1000", "2025-03-01T10:00:00Z", true))
                .asBeneficiary();
        assertArrayEquals(new long[] {usd("50")}, noConcession.taxStatutory);
        assertArrayEquals(new long[] {usd("50")}, noConcession.taxFullPreference, "not eligible: never waived");
    }

    // ---- collected amounts ----

    @Test
    void collectedAmountsAreConvertedAtTheRecordsFxRateAndCounted() {
        CustomsRecord r = record("AZE", "PAK", "100630", "5880", "2025-03-01T10:00:00Z", true);
        r.currency = "AZN";              // 5 880 AZN × 0.588 = 3 457.44 USD
        r.dutyCollected = new BigDecimal("100");       // 58.8 USD
        r.collectedTaxes = new String[] {"vat"};
        r.collectedAmounts = new BigDecimal[] {new BigDecimal("1000")}; // 588 USD
        WindowSums s = sums(r).asBeneficiary();
        assertEquals(usd("3457.44"), s.valueBeneficiary);
        assertEquals(usd("58.8"), s.dutyCollected);
        assertEquals(1, s.dutyCollectedRecords);
        assertArrayEquals(new long[] {0, usd("588")}, s.taxCollected);
        assertArrayEquals(new long[] {0, 1}, s.taxCollectedRecords);
    }

    @Test
    void othersRecordsCarryTheirTaxAtMfnOnly() {
        WindowSums s = sums(record("PAK", "CHN", "100630", "90", "2025-03-01T10:00:00Z", false)).asOthers();
        // Duty 20 % → 18; sales tax 18 % of 108 = 19.44; withholding 5.5 % of 127.44 = 7.0092.
        assertArrayEquals(new long[] {0, 0, usd("19.44"), usd("7.0092")}, s.othersTaxAtMfn);
        assertEquals(0, s.records);
        // What a key's row reads: the beneficiaries' arrays of the importer's four taxes, all zero.
        WindowSums row = s.withTaxCount(4);
        assertArrayEquals(new long[4], row.taxAtMfn);
        assertArrayEquals(new long[4], row.taxStatutory);
        assertArrayEquals(new long[4], row.taxFullPreference);
        assertArrayEquals(new long[4], row.taxCollected);
        assertArrayEquals(new long[4], row.taxCollectedRecords);
        assertArrayEquals(s.othersTaxAtMfn, row.othersTaxAtMfn);
    }

    // ---- worked case A+: the estimate ----

    /** Case A of §4 (Mk 10 from AZE at t1 0, MK 90 from CHN, both at MFN 20 %) with PAK's sales tax of 18 %. */
    static WindowSums caseAPlusSums() {
        WindowSums s = sums(record("PAK", "AZE", "100630", "10", "2025-03-01T10:00:00Z", true)).asBeneficiary();
        s.add(sums(record("PAK", "CHN", "100630", "90", "2025-03-01T11:00:00Z", false)).asOthers());
        return s;
    }

    @Test
    void caseAPlus_theSalesTaxGainsOnTheLargerImportsAndTheTotalIsTheDutysPlusIt() {
        WindowSums s = caseAPlusSums();
        // a0k = 2.16 / 10, a1k = 1.8 / 10, a0K = 19.44 / 90: all 0.216 but a1k 0.18.
        assertEquals(usd("2.16"), s.taxAtMfn[2]);
        assertEquals(usd("1.8"), s.taxFullPreference[2]);
        assertEquals(usd("19.44"), s.othersTaxAtMfn[2]);

        ImpactRow row = row("PAK", "AZE", "100630", s);
        assertEquals(-2.4390244, row.revenueChange, 1e-7);
        assertEquals(0.0109756, row.taxRevenueChange[2], 1e-7, "ΔTR(sales tax) = 21.6109756 − 21.6");
        assertEquals(0, row.taxRevenueChange[0], 0, "acd: no row on 100630");
        // The withholding (creditable) has its own change but is left out of the total.
        assertTrue(row.taxRevenueChange[3] != 0);
        assertEquals(-2.4280488, row.totalRevenueChange, 1e-7);
        assertTrue(Double.isNaN(row.totalRevenueChangeP50), "no bands without uncertainty");
    }

    @Test
    void caseAPlus_tr1IsTheDocumentedSum() {
        WindowSums s = caseAPlusSums();
        SmartEstimate e = SmartModel.estimate(s, 1, -1.5, 1.5, 99);
        // TR1 = 0.18 × 14.6951220 + 0.216 × 87.8048780 = 21.6109756; TR0 = 21.6.
        assertEquals(21.6109756 - 21.6, SmartModel.taxRevenueChange(s, 2, 1, e), 1e-7);
        // u = 0: no take-up, a1k_eff = a0k; the tax changes only with the (zero) trade effect.
        SmartEstimate none = SmartModel.estimate(s, 0, -1.5, 1.5, 99);
        assertEquals(0, SmartModel.taxRevenueChange(s, 2, 0, none), 1e-12);
    }

    @Test
    void withUncertaintyTheTotalHasBandsFromTheSameDraws() throws Exception {
        // Draws without spread: every draw is the point estimate, so each band is the documented total.
        Path yaml = write("taxes-draws.yaml", Files.readString(dir.resolve("taxes.yaml"))
                .replace("id: taxes", "id: taxes-draws") + "uncertainty: { draws: 20, seed: 3 }\n");
        Scenario withDraws = ScenarioLoader.load(yaml);
        ImpactRow row = ImpactEstimator.estimate(withDraws, new ImpactKey("taxes-draws", "PAK", "AZE", "100630"), 0,
                1, caseAPlusSums(), true);
        assertTrue(row.hasBands);
        assertEquals(-2.4280488, row.totalRevenueChangeP05, 1e-7);
        assertEquals(-2.4280488, row.totalRevenueChangeP50, 1e-7);
        assertEquals(-2.4280488, row.totalRevenueChangeP95, 1e-7);
        assertEquals(-2.4390244, row.revenueChangeP50, 1e-7);
    }

    // ---- without taxes ----

    @Test
    void withoutTaxesEveryNewFieldIsNeutral() throws Exception {
        Scenario fixture = ScenarioLoader.load(Path.of(
                BorderTaxesTest.class.getResource("/scenarios/pk-az/scenario.yaml").toURI()));
        assertFalse(fixture.hasTaxes());
        WindowSums s = WindowSums.ofBeneficiaryRecord(usd("100"), 20, 10, true);
        s.add(WindowSums.ofOthersRecord(usd("900"), 20));
        ImpactRow row = ImpactEstimator.estimate(fixture, new ImpactKey("pk-az-test", "PAK", "AZE", "100630"), 0, 1,
                s, true);
        assertEquals(0, row.taxNames.length);
        assertEquals(0, row.taxCreditable.length);
        assertEquals(0, row.taxRevenueChange.length);
        assertEquals(0, row.taxesAtMfn());
        assertEquals(0, row.taxesStatutory());
        assertEquals(0, row.taxesForgone());
        assertEquals(row.sums.revenueForgone(), row.totalRevenueForgone());
        assertTrue(row.hasBands, "the fixture has uncertainty on");
        assertEquals(row.revenueChange, row.totalRevenueChange, 0);
        assertEquals(row.revenueChangeP05, row.totalRevenueChangeP05, 0);
        assertEquals(row.revenueChangeP50, row.totalRevenueChangeP50, 0);
        assertEquals(row.revenueChangeP95, row.totalRevenueChangeP95, 0);
        assertEquals(null, s.taxAtMfn);
    }
}
