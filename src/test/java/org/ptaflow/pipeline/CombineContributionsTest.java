package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.USD;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.WindowSize;

/**
 * The combiner before the windows: contributions of one key and window are added up, and every watermark,
 * checkpoint barrier and the end of input let out what was held before them; idle statuses never pass.
 */
class CombineContributionsTest {

    private static ScenarioContribution beneficiary(String hs6, long at, long valueMicros) {
        return new ScenarioContribution(0, "s", "PK", "AZ", hs6, at,
                WindowSums.ofBeneficiaryRecord(valueMicros, 10, 5, true));
    }

    /** A contribution as the join sends it: alone in what it routes of a record. */
    private static StreamRecord<RoutedRecord> routed(ScenarioContribution c, long timestamp) {
        RoutedRecord r = new RoutedRecord(c.importer, c.hs6, c.beneficiary, c.eventTime, 1);
        r.addContribution(c.scenarioIndex, c.scenario, c.beneficiary, c.sums, c.awaitsQuota);
        return new StreamRecord<>(r, timestamp);
    }

    private static OneInputStreamOperatorTestHarness<RoutedRecord, ScenarioContribution> harness()
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new CombineContributions.Routed(List.of(WindowSize.MONTH), 0));
    }

    private static WindowSums sum(WindowSums... parts) {
        WindowSums s = new WindowSums();
        for (WindowSums p : parts) {
            s.add(p);
        }
        return s;
    }

    @Test
    void contributionsOfOneKeyAndMonthLeaveAsOneBeforeTheWatermark() throws Exception {
        try (var h = harness()) {
            h.open();
            ScenarioContribution a = beneficiary("100610", JAN_10, 3 * USD);
            ScenarioContribution b = beneficiary("100610", JAN_20, 4 * USD);
            ScenarioContribution otherLine = beneficiary("520100", JAN_20, 5 * USD);
            ScenarioContribution nextMonth = beneficiary("100610", FEB_10, 6 * USD);
            h.processElement(routed(a, JAN_10));
            h.processElement(routed(b, JAN_20));
            h.processElement(routed(otherLine, JAN_20));
            h.processElement(routed(nextMonth, FEB_10));
            assertEquals(0, h.getOutput().size(), "held until a watermark");
            h.processWatermark(new Watermark(JAN_20));

            List<Object> out = new ArrayList<>(h.getOutput());
            assertEquals(4, out.size());
            assertEquals(new Watermark(JAN_20), out.get(3), "the watermark comes after what was held");
            List<WindowSums> sums = new ArrayList<>();
            for (Object o : out.subList(0, 3)) {
                @SuppressWarnings("unchecked")
                ScenarioContribution c = ((StreamRecord<ScenarioContribution>) o).getValue();
                if (c.hs6.equals("100610") && c.eventTime < FEB_10) {
                    assertEquals(sum(a.sums, b.sums), c.sums);
                    assertEquals(JAN_10, c.eventTime);
                } else if (c.hs6.equals("520100")) {
                    assertEquals(otherLine.sums, c.sums);
                } else {
                    assertEquals(nextMonth.sums, c.sums);
                    assertEquals(FEB_10, c.eventTime);
                }
                sums.add(c.sums);
            }
            assertEquals(sum(a.sums, b.sums, otherLine.sums, nextMonth.sums), sum(sums.toArray(new WindowSums[0])));
            assertEquals(3 * USD, a.sums.valueBeneficiary, "the input is not changed");
        }
    }

    @Test
    void aCheckpointBarrierAndTheEndOfInputLetOutWhatIsHeld() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(routed(beneficiary("100610", JAN_10, USD), JAN_10));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(1, h.getOutput().size(), "flushed before the barrier");
            h.processElement(routed(beneficiary("100610", JAN_20, USD), JAN_20));
            h.endInput();
            assertEquals(2, h.getOutput().size(), "flushed at the end of input");
        }
    }

    @Test
    void anIdleStatusNeverReachesTheWindows() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processElement(routed(beneficiary("100610", JAN_10, USD), JAN_10));
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.processWatermark(new Watermark(JAN_20));
            assertEquals(2, h.getOutput().size());
            assertEquals(new Watermark(JAN_20), new ArrayList<>(h.getOutput()).get(1));
        }
    }

    @Test
    void manyKeysAreFlushedRatherThanHeld() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int i = 0; i <= CombineContributions.MAX_KEYS; i++) {
                h.processElement(routed(beneficiary(String.format("%06d", i), JAN_10, USD), JAN_10));
            }
            assertEquals(CombineContributions.MAX_KEYS, h.getOutput().size());
        }
    }

    /** What the quotas' allocation adds comes one contribution per claim; they are added up the same way. */
    @Test
    void theAllocationsContributionsOfOneKeyAndMonthLeaveAsOne() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<ScenarioContribution, ScenarioContribution>(
                new CombineContributions.Allocations(List.of(WindowSize.MONTH), 0))) {
            h.open();
            ScenarioContribution a = beneficiary("100610", JAN_10, 3 * USD).onQuotaLine();
            ScenarioContribution b = beneficiary("100610", JAN_20, 4 * USD).onQuotaLine();
            ScenarioContribution nextMonth = beneficiary("100610", FEB_10, 6 * USD).onQuotaLine();
            h.processElement(new StreamRecord<>(a, JAN_10));
            h.processElement(new StreamRecord<>(b, JAN_20));
            h.processElement(new StreamRecord<>(nextMonth, FEB_10));
            assertEquals(0, h.getOutput().size(), "held until a watermark");
            h.processWatermark(new Watermark(FEB_10));
            List<ScenarioContribution> out = h.extractOutputValues();
            assertEquals(2, out.size());
            ScenarioContribution january = out.get(0).eventTime == JAN_10 ? out.get(0) : out.get(1);
            ScenarioContribution february = out.get(0).eventTime == JAN_10 ? out.get(1) : out.get(0);
            assertEquals(sum(a.sums, b.sums), january.sums);
            assertEquals(nextMonth.sums, february.sums);
            assertTrue(january.awaitsQuota && february.awaitsQuota, "still waiting for their quota's final row");
        }
    }

    /**
     * Scenarios that price a record alike receive one sums object, which the combiner adds once for all of them;
     * each scenario's row must still be the sum of its own contributions, computed here one by one. Four scenarios,
     * the last with daily windows (a group of its own); records routed to all of them alike, to some alike and one
     * apart, to two with one between them not routed (a rejection there), and to two beneficiaries each.
     */
    @Test
    void contributionsSharedByScenariosAddUpToEachScenariosOwnSums() throws Exception {
        List<WindowSize> sizes = List.of(WindowSize.MONTH, WindowSize.MONTH, WindowSize.MONTH, WindowSize.DAY);
        WindowSums x = WindowSums.ofBeneficiaryRecord(3 * USD, 10, 5, true);
        WindowSums y = WindowSums.ofBeneficiaryRecord(4 * USD, 10, 0, true);
        WindowSums z = WindowSums.ofBeneficiaryRecord(5 * USD, 10, 10, false);
        WindowSums others = WindowSums.ofOthersRecord(6 * USD, 10);
        List<RoutedRecord> records = new ArrayList<>();
        records.add(routedTo(JAN_10, new Object[][] {{0, "AZ", x}, {1, "AZ", x}, {2, "AZ", x}, {3, "AZ", x}}));
        records.add(routedTo(JAN_10, new Object[][] {{0, "AZ", y}, {1, "AZ", y}, {2, "AZ", z}, {3, "AZ", y}}));
        records.add(routedTo(JAN_20, new Object[][] {{0, "AZ", x}, {2, "AZ", x}, {3, "AZ", z}}));
        records.add(routedTo(JAN_20, new Object[][] {{0, "AZ", y}, {0, "CN", others}, {1, "AZ", y},
                {1, "CN", others}}));
        records.add(routedTo(FEB_10, new Object[][] {{0, "AZ", x}, {1, "AZ", x}, {2, "AZ", x}, {3, "AZ", x}}));
        RoutedRecord quota = routedTo(FEB_10, new Object[][] {{1, "AZ", z}, {2, "AZ", z}});
        quota.awaitsQuota[1] = true; // the second of two alike: the held sum of scenario 2 awaits its quota
        records.add(quota);

        // Expected: each scenario's contributions one by one, by (scenario, window start, beneficiary).
        java.util.Map<String, WindowSums> expected = new java.util.TreeMap<>();
        java.util.Map<String, Long> firstTime = new java.util.HashMap<>();
        for (RoutedRecord r : records) {
            for (ScenarioContribution c : r.contributions()) {
                String key = keyOf(sizes, c);
                expected.computeIfAbsent(key, k -> new WindowSums()).add(c.sums);
                firstTime.putIfAbsent(key, c.eventTime);
            }
        }
        try (var h = new OneInputStreamOperatorTestHarness<RoutedRecord, ScenarioContribution>(
                new CombineContributions.Routed(sizes, 0))) {
            h.open();
            for (RoutedRecord r : records) {
                h.processElement(new StreamRecord<>(r, r.registeredAt));
            }
            h.endInput();
            java.util.Map<String, WindowSums> actual = new java.util.TreeMap<>();
            for (ScenarioContribution c : h.extractOutputValues()) {
                String key = keyOf(sizes, c);
                assertEquals(null, actual.put(key, c.sums), "one row per key: " + key);
                assertEquals(firstTime.get(key), c.eventTime, "the event time of its first contribution: " + key);
                assertEquals(key.startsWith("2 ") && c.eventTime == FEB_10, c.awaitsQuota, key);
            }
            assertEquals(expected, actual);
        }
        assertEquals(3 * USD, x.valueBeneficiary, "the inputs are not changed");
    }

    /** Scenario, window start and beneficiary of a contribution. */
    private static String keyOf(List<WindowSize> sizes, ScenarioContribution c) {
        return c.scenarioIndex + " " + CalendarWindows.windowOf(sizes.get(c.scenarioIndex), c.eventTime).getStart()
                + " " + c.beneficiary;
    }

    /** A routed record of rice from AZ into PK, with contributions {scenario index, beneficiary, sums} in order. */
    private static RoutedRecord routedTo(long at, Object[][] contributions) {
        RoutedRecord r = new RoutedRecord("PK", "100610", "AZ", at, 4);
        for (Object[] c : contributions) {
            r.addContribution((Integer) c[0], "s" + c[0], (String) c[1], (WindowSums) c[2], false);
        }
        return r;
    }
}
