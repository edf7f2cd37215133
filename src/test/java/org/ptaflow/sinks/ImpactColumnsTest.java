package org.ptaflow.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;

/** The one table of impact columns against contract §4, as CSV and as JSON, on a row worked by hand. */
class ImpactColumnsTest {

    static final String CONTRACT_HEADER = "scenario,window_start,window_end,importer,beneficiary,hs6,records,"
            + "value_beneficiary,value_others,dutiable_value,eligible_value,preferential_value,utilization,t0,t1,"
            + "duty_at_mfn,duty_statutory,revenue_forgone,trade_creation,trade_diversion,trade_effect,revenue_change,"
            + "welfare,taxes_at_mfn,taxes_statutory,taxes_forgone,total_revenue_forgone,total_revenue_change";

    @Test
    void headerIsTheContractsWithoutBands() {
        assertEquals(CONTRACT_HEADER, ImpactCsv.header(false));
    }

    @Test
    void withBandsEachOfTheFourEstimatesIsFollowedByItsPercentiles() {
        String expected = CONTRACT_HEADER
                .replace("trade_creation,", "trade_creation,trade_creation_p05,trade_creation_p50,trade_creation_p95,")
                .replace("trade_diversion,", "trade_diversion,trade_diversion_p05,trade_diversion_p50,"
                        + "trade_diversion_p95,")
                .replace(",revenue_change,", ",revenue_change,revenue_change_p05,revenue_change_p50,"
                        + "revenue_change_p95,")
                + ",total_revenue_change_p05,total_revenue_change_p50,total_revenue_change_p95";
        assertEquals(expected, ImpactCsv.header(true));
    }

    /**
     * Rice, MFN 20 %, preference 0 %: 300 USD claimed and 100 not, beside 900 USD of others' imports at 20 %.
     * By hand: D = E = 400, R = 300, utilisation 0.75; t0 = 20, t1 = 0; duty at MFN 80, statutory 20 (the
     * unclaimed 100 pays 20 %), forgone 60. The estimates are set by hand (they are SmartModel's, tested there).
     * No taxes: the tax columns are 0, 0, 0, then revenue forgone (60) and revenue change, contract §4; the row
     * carries what ImpactEstimator gives a row without taxes (empty tax arrays, total change = revenue change).
     */
    static ImpactRow rice() {
        ImpactRow r = new ImpactRow();
        r.key = new ImpactKey("pta", "AZE", "PAK", "100630");
        r.windowStart = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        r.windowEnd = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
        r.finalRow = true;
        r.sums = new WindowSums();
        r.sums.add(WindowSums.ofBeneficiaryRecord(300 * Money.MICROS_PER_USD, 20, 0, true));
        r.sums.add(WindowSums.ofBeneficiaryRecord(100 * Money.MICROS_PER_USD, 20, 0, false));
        r.sums.add(WindowSums.ofOthersRecord(900 * Money.MICROS_PER_USD, 20));
        r.tradeCreation = 100;
        r.tradeDiversion = 2.5;
        r.tradeEffect = 102.5;
        r.revenueChange = -0.1234565; // a half-way tie at the sixth decimal: rounded half-even
        r.welfare = 10;
        r.taxNames = new String[0];
        r.taxCreditable = new boolean[0];
        r.taxRevenueChange = new double[0];
        r.totalRevenueChange = r.revenueChange;
        r.tradeCreationP05 = 90;
        r.tradeCreationP50 = 100;
        r.tradeCreationP95 = 110;
        return r;
    }

    @Test
    void aRowWithoutBandsAsCsv() {
        assertEquals("pta,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,AZE,PAK,100630,2,400,900,400,400,300,0.75,20,0,"
                + "80,20,60,100,2.5,102.5,-0.123456,10,0,0,0,60,-0.123456", ImpactCsv.line(rice(), false));
    }

    @Test
    void aRowOfAScenarioWithoutBandsHasEmptyBandsInACsvWithBands() {
        // hasBands is false: the p05…p95 values set above are not written.
        assertEquals("pta,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,AZE,PAK,100630,2,400,900,400,400,300,0.75,20,0,"
                + "80,20,60,100,,,,2.5,,,,102.5,-0.123456,,,,10,0,0,0,60,-0.123456,,,", ImpactCsv.line(rice(), true));
    }

    @Test
    void anEmptyRatioIsAnEmptyFieldInTheCsvAndNullInTheJson() {
        ImpactRow r = rice();
        r.sums = WindowSums.ofBeneficiaryRecord(100 * Money.MICROS_PER_USD, 11, Double.NaN, false); // nothing eligible
        assertEquals("", ImpactCsv.line(r, false).split(",", -1)[12]);
        assertEquals(true, OutputJson.impact(r).get("utilization").isNull());
    }

    @Test
    void theJsonHasFinalAfterTheIdentityAndTheBandsLast() {
        ImpactRow r = rice();
        r.hasBands = true;
        r.tradeDiversionP05 = r.tradeDiversionP50 = r.tradeDiversionP95 = 0;
        r.revenueChangeP05 = r.revenueChangeP50 = r.revenueChangeP95 = 0;
        r.totalRevenueChangeP05 = r.totalRevenueChangeP50 = r.totalRevenueChangeP95 = 0; // no taxes: ΔTR's bands
        String json = new String(OutputJson.bytes(OutputJson.impact(r)), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"scenario\":\"pta\",\"window_start\":\"2024-03-01T00:00:00Z\","
                + "\"window_end\":\"2024-04-01T00:00:00Z\",\"importer\":\"AZE\",\"beneficiary\":\"PAK\","
                + "\"hs6\":\"100630\",\"final\":true,\"records\":2,\"value_beneficiary\":400,\"value_others\":900,"
                + "\"dutiable_value\":400,\"eligible_value\":400,\"preferential_value\":300,\"utilization\":0.75,"
                + "\"t0\":20,\"t1\":0,\"duty_at_mfn\":80,\"duty_statutory\":20,\"revenue_forgone\":60,"
                + "\"trade_creation\":100,\"trade_diversion\":2.5,\"trade_effect\":102.5,"
                + "\"revenue_change\":-0.123456,\"welfare\":10,"
                + "\"taxes_at_mfn\":0,\"taxes_statutory\":0,\"taxes_forgone\":0,\"total_revenue_forgone\":60,"
                + "\"total_revenue_change\":-0.123456,"
                + "\"trade_creation_p05\":90,\"trade_creation_p50\":100,\"trade_creation_p95\":110,"
                + "\"trade_diversion_p05\":0,\"trade_diversion_p50\":0,\"trade_diversion_p95\":0,"
                + "\"revenue_change_p05\":0,\"revenue_change_p50\":0,\"revenue_change_p95\":0,"
                + "\"total_revenue_change_p05\":0,\"total_revenue_change_p50\":0,\"total_revenue_change_p95\":0}",
                json);
        assertEquals("pta|2024-03-01T00:00:00Z|AZE|PAK|100630",
                new String(new KafkaOutputs.ImpactTopicKey().serialize(r), java.nio.charset.StandardCharsets.UTF_8));
    }
}
