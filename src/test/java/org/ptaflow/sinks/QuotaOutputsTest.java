package org.ptaflow.sinks;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.quotas.QuotaStatus;

/**
 * The quotas' outputs (contract §4): {@code quotas.csv} and the {@code quota-status} JSON, on rows built by hand.
 *
 * <p>The quota: 100 kg of tea a calendar year, critical at 0.9. On 10 February 2025 the day's claims ask for
 * 90 kg and fit the balance: all 90 granted, balance 10, fill 90 ÷ 100 = 0.9, critical. On 11 February three claims
 * ask for 7 kg each (21 kg > 10): each is granted 7 × 10 ÷ 21 = 3.3333… rounded down to 3.333, so 9.999 kg in all;
 * the balance keeps the rounding's 0.001, fill 99.999 ÷ 100 = 0.99999, and the quota is exhausted that day.
 */
public class QuotaOutputsTest {
    @TempDir
    Path dir;

    public static final String QUOTAS_HEADER =
            "scenario,quota,period_start,period_end,day,requested,allocated,balance,fill,status,exhausted_on";
    public static final String TEA_10_FEB = "pk-lk,tea,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,2025-02-10,"
            + "90.000,90.000,10.000,0.9,critical,";
    public static final String TEA_11_FEB = "pk-lk,tea,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,2025-02-11,"
            + "21.000,9.999,0.001,0.99999,exhausted,2025-02-11";

    static long day(String date) {
        return LocalDate.parse(date).toEpochDay();
    }

    /** A day of a yearly quota of 100 units (amounts in thousandths). */
    static QuotaStatus row(String scenario, String quota, String date, long requested, long allocated, long balance,
            double fill, String status, String exhaustedOn) {
        QuotaStatus q = new QuotaStatus();
        q.scenario = scenario;
        q.quota = quota;
        q.unit = "kg";
        LocalDate d = LocalDate.parse(date);
        q.periodStartDay = LocalDate.of(d.getYear(), 1, 1).toEpochDay();
        q.periodEndDay = LocalDate.of(d.getYear() + 1, 1, 1).toEpochDay();
        q.day = d.toEpochDay();
        q.requestedMilli = requested;
        q.allocatedMilli = allocated;
        q.balanceMilli = balance;
        q.volumeMilli = 100_000;
        q.fill = fill;
        q.status = status;
        if (exhaustedOn != null) {
            q.exhaustedOnDay = day(exhaustedOn);
        }
        return q;
    }

    public static QuotaStatus tea10Feb() {
        return row("pk-lk", "tea", "2025-02-10", 90_000, 90_000, 10_000, 0.9, QuotaStatus.CRITICAL, null);
    }

    public static QuotaStatus tea11Feb() {
        return row("pk-lk", "tea", "2025-02-11", 21_000, 9_999, 1, 0.99999, QuotaStatus.EXHAUSTED, "2025-02-11");
    }

    @Test
    void quotasCsvHasTheContractsColumnsWithDatesAndThreeDecimals() {
        assertEquals(QUOTAS_HEADER, QuotaColumns.header());
        assertEquals(TEA_10_FEB, QuotaColumns.line(tea10Feb()), "not exhausted: an empty exhausted_on");
        assertEquals(TEA_11_FEB, QuotaColumns.line(tea11Feb()));
    }

    @Test
    void aQuarterlyPeriodEndsOnTheFirstDayOfTheNextQuarterAndAUsdQuotaKeepsItsCents() {
        QuotaStatus q = row("pk-az", "cotton-usd", "2025-05-20", 1_234_560, 1_234_560, 765_440, 0.61728,
                QuotaStatus.OPEN, null);
        q.periodStartDay = day("2025-04-01");
        q.periodEndDay = day("2025-07-01");
        assertEquals("pk-az,cotton-usd,2025-04-01T00:00:00Z,2025-07-01T00:00:00Z,2025-05-20,1234.560,1234.560,"
                + "765.440,0.61728,open,", QuotaColumns.line(q));
    }

    @Test
    void aQuotaRowAsJsonAndItsKafkaKey() {
        assertEquals("{\"scenario\":\"pk-lk\",\"quota\":\"tea\",\"period_start\":\"2025-01-01T00:00:00Z\","
                + "\"period_end\":\"2026-01-01T00:00:00Z\",\"day\":\"2025-02-11\",\"requested\":21.000,"
                + "\"allocated\":9.999,\"balance\":0.001,\"fill\":0.99999,\"status\":\"exhausted\","
                + "\"exhausted_on\":\"2025-02-11\"}",
                new String(OutputJson.bytes(OutputJson.quota(tea11Feb())), StandardCharsets.UTF_8));
        assertTrue(new String(OutputJson.bytes(OutputJson.quota(tea10Feb())), StandardCharsets.UTF_8)
                .endsWith(",\"status\":\"critical\",\"exhausted_on\":null}"), "not exhausted: null");
        assertEquals("pk-lk|tea",
                new String(new KafkaOutputs.QuotaTopicKey().serialize(tea11Feb()), StandardCharsets.UTF_8));
    }

    @Test
    void aBoundedRunWritesQuotasCsvSortedByScenarioQuotaAndDay() throws Exception {
        QuotaStatus sugar = row("pk-lk", "sugar", "2025-03-01", 5_000, 5_000, 95_000, 0.05, QuotaStatus.OPEN, null);
        QuotaStatus otherScenario = row("pk-az", "tea", "2025-06-30", 1_000, 1_000, 99_000, 0.01,
                QuotaStatus.OPEN, null);
        QuotaStatus nextYear = row("pk-lk", "tea", "2026-01-02", 500, 500, 99_500, 0.005, QuotaStatus.OPEN, null);
        try (OutputFolder folder = new OutputFolder(dir, false, false, true)) {
            // arrival order: none of the file's (a backtest's allocation emits at the end, scenarios interleaved)
            folder.accept(JobOutput.of(nextYear));
            folder.accept(JobOutput.of(tea11Feb()));
            folder.accept(JobOutput.of(sugar));
            folder.accept(JobOutput.of(otherScenario));
            folder.accept(JobOutput.of(tea10Feb()));
            assertFalse(Files.exists(dir.resolve("quotas.csv")), "a bounded run writes it at the end");
            folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pk-az", "pk-lk")));
        }
        assertEquals(List.of(QUOTAS_HEADER,
                "pk-az,tea,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,2025-06-30,1.000,1.000,99.000,0.01,open,",
                "pk-lk,sugar,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,2025-03-01,5.000,5.000,95.000,0.05,open,",
                TEA_10_FEB,
                TEA_11_FEB,
                "pk-lk,tea,2026-01-01T00:00:00Z,2027-01-01T00:00:00Z,2026-01-02,0.500,0.500,99.500,0.005,open,"),
                Files.readAllLines(dir.resolve("quotas.csv")));
        assertFalse(Files.exists(dir.resolve("quotas.csv.tmp")));
    }

    @Test
    void aLiveRunAppendsEachDayAsItComesAndSortsAtTheEnd() throws Exception {
        try (OutputFolder folder = new OutputFolder(dir, false, true, true)) {
            assertEquals(List.of(QUOTAS_HEADER), Files.readAllLines(dir.resolve("quotas.csv")),
                    "header from the start: the dashboard reads the file while the run goes on");
            folder.accept(JobOutput.of(tea11Feb()));
            assertEquals(List.of(QUOTAS_HEADER, TEA_11_FEB), Files.readAllLines(dir.resolve("quotas.csv")),
                    "at once, before the run ends");
            folder.accept(JobOutput.of(tea10Feb()));
            assertEquals(List.of(QUOTAS_HEADER, TEA_11_FEB, TEA_10_FEB), Files.readAllLines(dir.resolve("quotas.csv")),
                    "as they came");
            folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pk-lk")));
        }
        assertEquals(List.of(QUOTAS_HEADER, TEA_10_FEB, TEA_11_FEB), Files.readAllLines(dir.resolve("quotas.csv")));
    }

    @Test
    void aLaterRowOfTheSameQuotaAndDayReplacesTheEarlierOne() throws Exception {
        QuotaStatus replayed = tea10Feb();
        replayed.status = QuotaStatus.OPEN; // the earlier copy differs, so that the test sees which one stayed
        try (OutputFolder folder = new OutputFolder(dir, false, false, true)) {
            folder.accept(JobOutput.of(replayed));
            folder.accept(JobOutput.of(tea10Feb()));
            folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pk-lk")));
        }
        assertEquals(List.of(QUOTAS_HEADER, TEA_10_FEB), Files.readAllLines(dir.resolve("quotas.csv")));
    }

    @Test
    void aRunWithQuotasButNoClaimsHasTheHeaderOnlyAndARunWithoutQuotasNoFile() throws Exception {
        for (boolean live : new boolean[] {false, true}) {
            Path withQuotas = dir.resolve((live ? "live" : "bounded") + "-quotas");
            try (OutputFolder folder = new OutputFolder(withQuotas, false, live, true)) {
                folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pk-lk")));
            }
            assertEquals(List.of(QUOTAS_HEADER), Files.readAllLines(withQuotas.resolve("quotas.csv")));

            Path without = dir.resolve((live ? "live" : "bounded") + "-none");
            try (OutputFolder folder = new OutputFolder(without, false, live)) {
                folder.accept(JobOutput.of(ImpactColumnsTest.rice()));
                folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("pta")));
            }
            assertTrue(Files.exists(without.resolve("impact.csv")));
            assertFalse(Files.exists(without.resolve("quotas.csv")), live ? "live" : "bounded");
        }
    }

    @Test
    void aQuotaRowTravelsAsAPojo() {
        assertSerializedAsPojoWithoutKryo(QuotaStatus.class);
        assertSerializedAsPojoWithoutKryo(JobOutput.class);
    }
}
