package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
import org.ptaflow.scenario.RatesInForce;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.SharedTableLookups;

/**
 * The scenario join computes a record's sums in each scenario from those of the scenario before
 * ({@link RecordSums#of(CustomsRecord, RatesInForce, String, RecordSums)}): every sum must be what the scenario
 * computes on its own, whether the two scenarios share their tables (then the record's amounts are taken over) or
 * not (another FX table, another tax rate, another MFN rate: computed again). The expected sums are each scenario's
 * own computation without the other's.
 *
 * <p>Five scenarios over AZE's imports (a record in EUR, an excise in AZN per litre and a VAT on value, duty and
 * excise, {@code vat_collected} on the record): "base"; "deeper" with the same tables and a deeper cut; "fx" with
 * another FX table (another EUR rate, the same AZN rate); "vat" with another VAT table; "mfn" with another MFN
 * schedule; "excise-fx" with an FX table of the same EUR rate and another AZN rate (the excise's currency);
 * "vat-base" with the VAT on value and duty only.
 */
class RecordSumsSharingTest {
    @TempDir
    static Path dir;

    static List<Scenario> scenarios;

    @BeforeAll
    static void writeScenarios() throws Exception {
        write("mfn.csv", "importer,hs_prefix,rate,valid_from,valid_to\nAZE,220830,15,2020-01-01,\n");
        write("mfn-high.csv", "importer,hs_prefix,rate,valid_from,valid_to\nAZE,220830,25,2020-01-01,\n");
        write("fx.csv", "currency,date,usd_per_unit\nAZN,2024-01-01,0.588\nEUR,2024-01-01,1.1\n");
        // The same AZN rate (the excise's currency): only the record's own currency converts otherwise.
        write("fx-other.csv", "currency,date,usd_per_unit\nAZN,2024-01-01,0.588\nEUR,2024-01-01,1.2\n");
        write("lines.csv", "hs_prefix\n220830\n");
        write("excise.csv", "hs_prefix,rate,unit,currency,valid_from,valid_to\n2208,12,litre,AZN,2020-01-01,\n");
        write("vat.csv", "hs_prefix,rate,valid_from,valid_to\n22,18,2020-01-01,\n");
        write("vat-other.csv", "hs_prefix,rate,valid_from,valid_to\n22,20,2020-01-01,\n");
        write("fx-excise.csv", "currency,date,usd_per_unit\nAZN,2024-01-01,0.6\nEUR,2024-01-01,1.1\n");
        String fullBase = "[value, customs_duty, excise]";
        Path base = scenario("base", "mfn.csv", "fx.csv", "vat.csv", fullBase, 5);
        Path deeper = scenario("deeper", "mfn.csv", "fx.csv", "vat.csv", fullBase, 0);
        Path fx = scenario("fx", "mfn.csv", "fx-other.csv", "vat.csv", fullBase, 5);
        Path vat = scenario("vat", "mfn.csv", "fx.csv", "vat-other.csv", fullBase, 5);
        Path mfn = scenario("mfn", "mfn-high.csv", "fx.csv", "vat.csv", fullBase, 5);
        Path exciseFx = scenario("excise-fx", "mfn.csv", "fx-excise.csv", "vat.csv", fullBase, 5);
        Path vatBase = scenario("vat-base", "mfn.csv", "fx.csv", "vat.csv", "[value, customs_duty]", 5);
        scenarios = ScenarioLoader.loadAll(List.of(base, deeper, fx, vat, mfn, exciseFx, vatBase));
    }

    static Path scenario(String id, String mfn, String fx, String vat, String vatBase, int newRate)
            throws IOException {
        return write(id + ".yaml", """
                id: %s
                agreement: PK-AZ-PTA
                mfn: { AZE: %s }
                fx: %s
                concessions:
                  - { importer: AZE, beneficiary: PAK, lines: lines.csv, rule: { new_rate: %d } }
                elasticities:
                  import_demand: { default: -1.5 }
                taxes:
                  AZE:
                    - { name: excise, rates: excise.csv, base: [quantity] }
                    - { name: vat, rates: %s, base: %s }
                """.formatted(id, mfn, fx, newRate, vat, vatBase));
    }

    static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** 1,000 litres of spirits from {@code origin}, 10,000 EUR, VAT collected 2,000 EUR, claiming. */
    static CustomsRecord record(String origin) {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = "D";
        r.itemNo = 1;
        r.registeredAt = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();
        r.importer = "AZE";
        r.origin = origin;
        r.consignment = origin;
        r.hsCode = "2208300000";
        r.procedure = Procedure.HOME_USE;
        r.customsValue = new BigDecimal("10000");
        r.currency = "EUR";
        r.quantity = new BigDecimal("1000");
        r.unit = "litre";
        r.preference = "PK-AZ-PTA";
        r.dutyCollected = new BigDecimal("0");
        r.collectedTaxes = new String[] {"vat"};
        r.collectedAmounts = new BigDecimal[] {new BigDecimal("2000")};
        return r;
    }

    /** The rates in force of each scenario, found as the join finds them: one shared lookup for all. */
    static RatesInForce[] ratesOf(CustomsRecord r) {
        SharedTableLookups tables = new SharedTableLookups();
        RatesInForce[] rates = new RatesInForce[scenarios.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = new AmendedRates(scenarios.get(i), List.of(), tables)
                    .inForce(r.importer, r.origin, r.hsCode, r.currency, r.epochDay());
        }
        return rates;
    }

    @Test
    void eachScenarioGetsTheSumsItComputesAlone() {
        for (String origin : List.of("PAK", "CHN")) {
            CustomsRecord r = record(origin);
            RatesInForce[] rates = ratesOf(r);
            // Every scenario after every other, so that each pair is tried as (before, after).
            for (int before = 0; before < rates.length; before++) {
                RecordSums previous = RecordSums.of(r, rates[before], "PK-AZ-PTA");
                WindowSums previousOthers = previous.asOthers();
                WindowSums previousBeneficiary = previous.asBeneficiary();
                for (int after = 0; after < rates.length; after++) {
                    RecordSums alone = RecordSums.of(r, rates[after], "PK-AZ-PTA");
                    RecordSums chained = RecordSums.of(r, rates[after], "PK-AZ-PTA", previous);
                    String pair = scenarios.get(before).id() + " then " + scenarios.get(after).id() + ", " + origin;
                    assertEquals(alone.valueMicros(), chained.valueMicros(), pair);
                    assertEquals(alone.asOthers(), chained.asOthers(), pair);
                    assertEquals(alone.asBeneficiary(), chained.asBeneficiary(), pair);
                    if (after == before) {
                        // The same rates: the very objects are taken over, not computed again.
                        assertSame(previousOthers, chained.asOthers(), pair);
                        assertSame(previousBeneficiary, chained.asBeneficiary(), pair);
                    }
                }
            }
        }
    }

    @Test
    void theScenariosDifferWhereTheirTablesDo() {
        // Without this, the test above could pass with scenarios that all compute the same sums.
        CustomsRecord r = record("CHN");
        RatesInForce[] rates = ratesOf(r);
        WindowSums base = RecordSums.of(r, rates[0], "PK-AZ-PTA").asOthers();
        // 10,000 EUR at 1.1 = 11,000 USD; duty 15 %: 1,650; excise 12 AZN × 1,000 litres at 0.588 = 7,056 USD;
        // VAT 18 % of 11,000 + 1,650 + 7,056 = 19,706: 3,547.08.
        assertEquals(Money.toMicros(new BigDecimal("11000")), base.valueOthers);
        assertEquals(Money.toMicros(new BigDecimal("1650")), base.othersDutyAtMfn);
        assertEquals(Money.toMicros(new BigDecimal("7056")), base.othersTaxAtMfn[0]);
        assertEquals(Money.toMicros(new BigDecimal("3547.08")), base.othersTaxAtMfn[1]);
        for (int i = 2; i < rates.length; i++) {
            assertNotEquals(base, RecordSums.of(r, rates[i], "PK-AZ-PTA").asOthers(), scenarios.get(i).id());
        }
        assertNotEquals(RecordSums.of(record("PAK"), ratesOf(record("PAK"))[0], "PK-AZ-PTA").asBeneficiary(),
                RecordSums.of(record("PAK"), ratesOf(record("PAK"))[1], "PK-AZ-PTA").asBeneficiary(),
                "a deeper cut: other beneficiary sums");
    }

    @Test
    void theOthersSumsAreOneObjectWhereTheTablesAreShared() {
        CustomsRecord r = record("CHN");
        RatesInForce[] rates = ratesOf(r);
        RecordSums base = RecordSums.of(r, rates[0], "PK-AZ-PTA");
        WindowSums others = base.asOthers();
        assertSame(others, RecordSums.of(r, rates[1], "PK-AZ-PTA", base).asOthers(), "same tables: shared");
        for (int i = 2; i < rates.length; i++) {
            assertNotSame(others, RecordSums.of(r, rates[i], "PK-AZ-PTA", base).asOthers(), scenarios.get(i).id());
        }
    }
}
