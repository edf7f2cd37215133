package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_01;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_29_LAST_MS;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_01;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_15;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_31_LAST_MS;
import static org.ptaflow.pipeline.HarnessFixtures.MAR_01;
import static org.ptaflow.pipeline.HarnessFixtures.SCENARIO;
import static org.ptaflow.pipeline.HarnessFixtures.USD;
import static org.ptaflow.pipeline.HarnessFixtures.at;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.WindowSize;

/**
 * The impact window (CalendarWindows + ImpactTrigger + SumContributions + EstimateImpact) under Flink's keyed
 * one-input harness, around the very operator a {@code WindowedStream} builds. Contributions are fed directly.
 *
 * <p>The main case is economics.md §4 worked case A split over records: the beneficiary imports 4 + 6 = 10 USD,
 * others 90 USD, t0 = 20 % on both sides, t1k = 0, εm = −1.5, σ = 1.5, εx = ∞, u = 1. Then TC = 2.5,
 * TD = 2.1951220, ΔTR = −2.4390244, W = 0.25.
 */
class ImpactWindowHarnessTest {
    private static final double EPS = 1e-6;
    private static final ImpactKey AZE_RICE = new ImpactKey(SCENARIO, "PAK", "AZE", "100630");

    @TempDir
    Path dir;

    private Scenario scenario;
    private KeyedOneInputStreamOperatorTestHarness<ImpactKey, ScenarioContribution, ImpactRow> harness;

    @BeforeEach
    void loadScenario() {
        scenario = HarnessFixtures.harnessScenario(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** Builds the window operator exactly as ImpactPipeline does, for one scenario, and opens a harness on it. */
    @SuppressWarnings("unchecked")
    private void open(WindowSize size, Duration allowedLateness, long updateEveryMillis) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<ImpactRow> rows = env
                .fromData(beneficiary(JAN_01, 1))
                .keyBy(ScenarioContribution::outputKey)
                .window(new CalendarWindows(List.of(size), new ImpactTrigger(new long[] {updateEveryMillis})))
                .allowedLateness(allowedLateness)
                .aggregate(new SumContributions(), new EstimateImpact(List.of(scenario)));
        StreamOperatorFactory<ImpactRow> factory =
                ((OneInputTransformation<ScenarioContribution, ImpactRow>) rows.getTransformation())
                        .getOperatorFactory();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(factory, ScenarioContribution::outputKey,
                TypeInformation.of(ImpactKey.class));
        harness.setProcessingTime(0);
        harness.open();
    }

    // ---- contributions ----

    /** An AZE rice record into PAK, claiming: MFN 20 %, preferential 0 %. */
    private static ScenarioContribution beneficiary(long at, long usd) {
        return new ScenarioContribution(0, SCENARIO, "PAK", "AZE", "100630", at,
                WindowSums.ofBeneficiaryRecord(usd * USD, 20, 0, true));
    }

    /** Another origin's rice record, routed to the AZE key: MFN 20 %. */
    private static ScenarioContribution others(String beneficiary, long at, long usd) {
        return new ScenarioContribution(0, SCENARIO, "PAK", beneficiary, "100630", at,
                WindowSums.ofOthersRecord(usd * USD, 20));
    }

    private void send(ScenarioContribution c) throws Exception {
        harness.processElement(c, c.eventTime);
    }

    private List<ImpactRow> rows() {
        return harness.extractOutputValues();
    }

    private static void assertWindow(ImpactRow row, String start, String end) {
        assertEquals(at(start), row.windowStart, "window start");
        assertEquals(at(end), row.windowEnd, "window end");
    }

    // ---- final rows ----

    @Test
    void aMonthWindowFiresOneFinalRowWhenTheWatermarkPassesItsEnd() throws Exception {
        open(WindowSize.MONTH, Duration.ZERO, 0);
        send(beneficiary(JAN_10, 4));
        send(others("AZE", JAN_15, 90));
        send(beneficiary(JAN_20, 6));

        harness.processWatermark(JAN_31_LAST_MS - 1);
        assertTrue(rows().isEmpty(), "no row before the window's end");

        harness.processWatermark(JAN_31_LAST_MS);
        List<ImpactRow> rows = rows();
        assertEquals(1, rows.size(), rows.toString());
        ImpactRow row = rows.get(0);
        assertEquals(AZE_RICE, row.key);
        assertWindow(row, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
        assertTrue(row.finalRow);
        assertEquals(2, row.sums.records);
        assertEquals(10 * USD, row.sums.valueBeneficiary);
        assertEquals(90 * USD, row.sums.valueOthers);
        assertEquals(10 * USD, row.sums.dutiableValue);
        assertEquals(10 * USD, row.sums.eligibleValue);
        assertEquals(10 * USD, row.sums.preferentialValue);
        assertEquals(1.0, row.sums.utilisation(), EPS);
        assertEquals(20.0, row.sums.t0Percent(), EPS);
        assertEquals(0.0, row.sums.t1Percent(), EPS);
        assertEquals(2 * USD, row.sums.dutyAtMfn);
        assertEquals(0, row.sums.dutyStatutory);
        assertEquals(2 * USD, row.sums.revenueForgone());
        assertEquals(2.5, row.tradeCreation, EPS);
        assertEquals(2.1951220, row.tradeDiversion, EPS);
        assertEquals(4.6951220, row.tradeEffect, EPS);
        assertEquals(-2.4390244, row.revenueChange, EPS);
        assertEquals(0.25, row.welfare, EPS);

        harness.processWatermark(MAR_01);
        assertEquals(1, rows().size(), "the window fires once");
    }

    @Test
    void calendarMonthsSplitAtMidnightAndLeapFebruaryEndsOnTheFirstOfMarch() throws Exception {
        open(WindowSize.MONTH, Duration.ZERO, 0);
        send(beneficiary(JAN_31_LAST_MS, 1));
        send(beneficiary(FEB_01, 2));

        harness.processWatermark(JAN_31_LAST_MS);
        assertEquals(1, rows().size());
        assertWindow(rows().get(0), "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
        assertEquals(1 * USD, rows().get(0).sums.valueBeneficiary);

        harness.processWatermark(FEB_29_LAST_MS - 1);
        assertEquals(1, rows().size(), "February 2024 has 29 days: still open on the 29th");
        harness.processWatermark(FEB_29_LAST_MS);
        assertEquals(2, rows().size());
        assertWindow(rows().get(1), "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z");
        assertEquals(2 * USD, rows().get(1).sums.valueBeneficiary);
    }

    @Test
    void isoWeeksStartOnMonday() throws Exception {
        open(WindowSize.WEEK, Duration.ZERO, 0);
        send(beneficiary(at("2024-01-07T23:00:00Z"), 1)); // Sunday
        send(beneficiary(at("2024-01-08T00:00:00Z"), 2)); // Monday

        harness.processWatermark(at("2024-01-20T00:00:00Z"));
        List<ImpactRow> rows = rows().stream().sorted(Comparator.comparingLong(r -> r.windowStart)).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertWindow(rows.get(0), "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z");
        assertEquals(1 * USD, rows.get(0).sums.valueBeneficiary);
        assertWindow(rows.get(1), "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z");
        assertEquals(2 * USD, rows.get(1).sums.valueBeneficiary);
    }

    @Test
    void aLateContributionWithinTheAllowedLatenessReplacesTheRowAndStateIsGoneAfterwards() throws Exception {
        open(WindowSize.MONTH, Duration.ofDays(2), 5_000);
        send(beneficiary(JAN_10, 4));
        assertTrue(harness.numKeyedStateEntries() > 0);
        assertEquals(1, harness.numProcessingTimeTimers(), "an early update is pending");

        harness.processWatermark(JAN_31_LAST_MS);
        assertEquals(1, rows().size());
        assertTrue(rows().get(0).finalRow);
        assertEquals(4 * USD, rows().get(0).sums.valueBeneficiary);

        harness.processWatermark(FEB_01 + Duration.ofDays(1).toMillis());
        send(beneficiary(JAN_20, 6)); // late, but within two days after the end
        assertEquals(2, rows().size(), "the late contribution fires the window again at once");
        ImpactRow replacement = rows().get(1);
        assertTrue(replacement.finalRow);
        assertEquals(2, replacement.sums.records);
        assertEquals(10 * USD, replacement.sums.valueBeneficiary);

        harness.processWatermark(JAN_31_LAST_MS + Duration.ofDays(2).toMillis());
        assertEquals(2, rows().size());
        assertEquals(0, harness.numKeyedStateEntries(), "window sums and trigger state are cleared");
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers(), "the pending early-update timer is deleted");
    }

    @Test
    void withoutLatenessStateAndTimersAreGoneWhenTheWindowFires() throws Exception {
        open(WindowSize.MONTH, Duration.ZERO, 0);
        send(beneficiary(JAN_10, 4));
        send(others("TUR", JAN_10, 4));
        assertEquals(2, harness.numEventTimeTimers());

        harness.processWatermark(JAN_31_LAST_MS);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    // ---- early rows ----

    @Test
    void earlyRowsComeOncePerIntervalAndOnlyAfterNewContributions() throws Exception {
        open(WindowSize.MONTH, Duration.ZERO, 5_000);
        send(beneficiary(JAN_10, 4));
        harness.setProcessingTime(4_999);
        assertTrue(rows().isEmpty());

        send(beneficiary(JAN_15, 1)); // same interval: no second timer
        harness.setProcessingTime(5_000);
        assertEquals(1, rows().size());
        ImpactRow early = rows().get(0);
        assertFalse(early.finalRow, "the window is still open");
        assertWindow(early, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
        assertEquals(2, early.sums.records);
        assertEquals(5 * USD, early.sums.valueBeneficiary);

        harness.setProcessingTime(20_000);
        assertEquals(1, rows().size(), "no new contributions, no new early row");
        assertEquals(0, harness.numProcessingTimeTimers());

        send(beneficiary(JAN_20, 5));
        harness.setProcessingTime(25_000);
        assertEquals(2, rows().size());
        assertFalse(rows().get(1).finalRow);
        assertEquals(10 * USD, rows().get(1).sums.valueBeneficiary);

        harness.processWatermark(JAN_31_LAST_MS);
        assertEquals(3, rows().size());
        assertTrue(rows().get(2).finalRow);
        assertEquals(3, rows().get(2).sums.records);
        assertEquals(10 * USD, rows().get(2).sums.valueBeneficiary);
    }

    @Test
    void anEarlyTimerDueAfterTheWindowFiredEmitsNothing() throws Exception {
        open(WindowSize.MONTH, Duration.ofDays(2), 5_000);
        send(beneficiary(JAN_10, 4));
        harness.processWatermark(JAN_31_LAST_MS); // final row
        harness.setProcessingTime(5_000);
        assertEquals(1, rows().size(), "no early row once the final row is out");
        assertTrue(rows().get(0).finalRow);
    }

    // ---- keys without beneficiary imports ----

    @Test
    void aKeyWithOnlyOthersContributionsEmitsNoRow() throws Exception {
        open(WindowSize.MONTH, Duration.ZERO, 5_000);
        send(others("TUR", JAN_10, 90));
        send(others("TUR", JAN_20, 10));
        harness.setProcessingTime(5_000);
        harness.processWatermark(JAN_31_LAST_MS);

        assertTrue(rows().isEmpty(), rows().toString());
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void keysAreSummedSeparately() throws Exception {
        open(WindowSize.MONTH, Duration.ZERO, 0);
        send(beneficiary(JAN_10, 4));
        send(new ScenarioContribution(0, SCENARIO, "PAK", "AZE", "630260", JAN_10,
                WindowSums.ofBeneficiaryRecord(7 * USD, 10, 0, false)));
        harness.processWatermark(JAN_31_LAST_MS);

        List<ImpactRow> rows = rows().stream().sorted(Comparator.comparing(r -> r.key.hs6())).toList();
        assertEquals(2, rows.size());
        assertEquals(AZE_RICE, rows.get(0).key);
        assertEquals(4 * USD, rows.get(0).sums.valueBeneficiary);
        assertEquals("630260", rows.get(1).key.hs6());
        assertEquals(7 * USD, rows.get(1).sums.valueBeneficiary);
        assertEquals(0, rows.get(1).sums.preferentialValue, "not claimed");
    }

    // ---- CalendarWindows.windowOf ----

    private static void assertWindowOf(WindowSize size, String instant, String start, String end) {
        TimeWindow w = CalendarWindows.windowOf(size, at(instant));
        assertEquals(at(start), w.getStart(), size + " start of " + instant);
        assertEquals(at(end), w.getEnd(), size + " end of " + instant);
    }

    @Test
    void dayWindowsAroundTheEpoch() {
        assertWindowOf(WindowSize.DAY, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z");
        assertWindowOf(WindowSize.DAY, "1969-12-31T23:59:59.999Z", "1969-12-31T00:00:00Z", "1970-01-01T00:00:00Z");
        assertWindowOf(WindowSize.DAY, "1969-12-31T00:00:00Z", "1969-12-31T00:00:00Z", "1970-01-01T00:00:00Z");
        assertWindowOf(WindowSize.DAY, "2024-02-29T12:00:00Z", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z");
    }

    @Test
    void weekWindowsStartOnMondayBeforeAndAfterTheEpoch() {
        // 1970-01-01 was a Thursday; its ISO week starts Monday 1969-12-29.
        assertWindowOf(WindowSize.WEEK, "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z", "1970-01-05T00:00:00Z");
        assertWindowOf(WindowSize.WEEK, "1969-12-29T00:00:00Z", "1969-12-29T00:00:00Z", "1970-01-05T00:00:00Z");
        assertWindowOf(WindowSize.WEEK, "1969-12-28T23:59:59.999Z", "1969-12-22T00:00:00Z",
                "1969-12-29T00:00:00Z"); // a Sunday
        assertWindowOf(WindowSize.WEEK, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z");
        assertWindowOf(WindowSize.WEEK, "2024-03-03T23:59:59.999Z", "2024-02-26T00:00:00Z",
                "2024-03-04T00:00:00Z"); // a week across the leap day
        assertWindowOf(WindowSize.WEEK, "2024-12-31T10:00:00Z", "2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z");
    }

    @Test
    void monthWindowsAreCalendarMonthsIncludingLeapFebruaries() {
        assertWindowOf(WindowSize.MONTH, "2024-02-29T12:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z");
        assertWindowOf(WindowSize.MONTH, "2023-02-28T23:59:59.999Z", "2023-02-01T00:00:00Z",
                "2023-03-01T00:00:00Z");
        assertWindowOf(WindowSize.MONTH, "2000-02-29T00:00:00Z", "2000-02-01T00:00:00Z", "2000-03-01T00:00:00Z");
        assertWindowOf(WindowSize.MONTH, "1900-02-28T00:00:00Z", "1900-02-01T00:00:00Z", "1900-03-01T00:00:00Z");
        assertWindowOf(WindowSize.MONTH, "1969-12-31T23:59:59.999Z", "1969-12-01T00:00:00Z",
                "1970-01-01T00:00:00Z");
        assertWindowOf(WindowSize.MONTH, "1960-02-29T06:00:00Z", "1960-02-01T00:00:00Z", "1960-03-01T00:00:00Z");
        assertWindowOf(WindowSize.MONTH, "2024-12-31T23:59:59.999Z", "2024-12-01T00:00:00Z",
                "2025-01-01T00:00:00Z");
    }

    @Test
    void eachScenarioOfARunHasItsOwnWindowSize() {
        CalendarWindows windows = new CalendarWindows(List.of(WindowSize.MONTH, WindowSize.DAY),
                new ImpactTrigger(new long[] {0, 0}));
        ScenarioContribution monthly = beneficiary(JAN_15, 1);
        ScenarioContribution daily = new ScenarioContribution(1, "other", "PAK", "AZE", "100630", JAN_15,
                monthly.sums);
        assertEquals(List.of(new TimeWindow(JAN_01, FEB_01)), windows.assignWindows(monthly, 0, null));
        assertEquals(List.of(new TimeWindow(at("2024-01-15T00:00:00Z"), at("2024-01-16T00:00:00Z"))),
                windows.assignWindows(daily, 0, null));
    }
}
