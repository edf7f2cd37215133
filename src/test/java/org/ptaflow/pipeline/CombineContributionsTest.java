package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.USD;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.WindowSize;

/**
 * The combining before the windows: contributions of one key and window are added up ({@link CombineContributions},
 * in the join and after the quotas' allocation), and the allocation's combiner ({@link CombineAllocations}) lets out
 * what was held before every watermark, checkpoint barrier and the end of input; idle statuses never pass. The join's
 * own flushes are {@code JoinFlushTest}'s.
 */
class CombineContributionsTest {

    private static ScenarioContribution beneficiary(String hs6, long at, long valueMicros) {
        return new ScenarioContribution(0, "s", "PK", "AZ", hs6, at,
                WindowSums.ofBeneficiaryRecord(valueMicros, 10, 5, true));
    }

    private static StreamRecord<ScenarioContribution> element(ScenarioContribution c) {
        return new StreamRecord<>(c, c.eventTime);
    }

    private static OneInputStreamOperatorTestHarness<ScenarioContribution, ScenarioContribution> harness()
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new CombineAllocations(List.of(WindowSize.MONTH), 0));
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
            h.processElement(element(a));
            h.processElement(element(b));
            h.processElement(element(otherLine));
            h.processElement(element(nextMonth));
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
            h.processElement(element(beneficiary("100610", JAN_10, USD)));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(1, h.getOutput().size(), "flushed before the barrier");
            h.processElement(element(beneficiary("100610", JAN_20, USD)));
            h.endInput();
            assertEquals(2, h.getOutput().size(), "flushed at the end of input");
        }
    }

    @Test
    void anIdleStatusNeverReachesTheWindows() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processElement(element(beneficiary("100610", JAN_10, USD)));
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
                h.processElement(element(beneficiary(String.format("%06d", i), JAN_10, USD)));
            }
            assertEquals(CombineContributions.MAX_KEYS, h.getOutput().size());
        }
    }

    /** What the quotas' allocation adds comes one contribution per claim; they are added up the same way. */
    @Test
    void theAllocationsContributionsOfOneKeyAndMonthLeaveAsOne() throws Exception {
        try (var h = harness()) {
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
        Map<String, WindowSums> expected = new TreeMap<>();
        Map<String, Long> firstTime = new HashMap<>();
        for (RoutedRecord r : records) {
            for (int k = 0; k < r.contributionCount; k++) {
                String key = keyOf(sizes, r.scenarioIndex[k], r.registeredAt, r.beneficiary[k]);
                expected.computeIfAbsent(key, any -> new WindowSums()).add(r.sums[k]);
                firstTime.putIfAbsent(key, r.registeredAt);
            }
        }
        List<ScenarioContribution> out = new ArrayList<>();
        CombineContributions combined = new CombineContributions(sizes, (sum, eventTime) -> out.add(sum));
        for (RoutedRecord r : records) {
            combined.add(r);
        }
        assertTrue(out.isEmpty(), "held until flushed");
        combined.flush();
        Map<String, WindowSums> actual = new TreeMap<>();
        for (ScenarioContribution c : out) {
            String key = keyOf(sizes, c.scenarioIndex, c.eventTime, c.beneficiary);
            assertEquals(null, actual.put(key, c.sums), "one row per key: " + key);
            assertEquals(firstTime.get(key), c.eventTime, "the event time of its first contribution: " + key);
            assertEquals(key.startsWith("2 ") && c.eventTime == FEB_10, c.awaitsQuota, key);
        }
        assertEquals(expected, actual);
        assertEquals(3 * USD, x.valueBeneficiary, "the inputs are not changed");
    }

    /** Scenario, window start and beneficiary of a contribution. */
    private static String keyOf(List<WindowSize> sizes, int scenarioIndex, long eventTime, String beneficiary) {
        return scenarioIndex + " " + CalendarWindows.windowOf(sizes.get(scenarioIndex), eventTime).getStart() + " "
                + beneficiary;
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
