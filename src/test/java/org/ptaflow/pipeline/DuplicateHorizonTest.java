package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The memory of seen (declaration, item) keys in a live run is bounded by event time: a key is forgotten once the
 * watermark has passed its registration time plus the horizon and the end of its window plus the allowed
 * lateness. Measured by the join's keyed state entries while the watermark moves through half a year of records,
 * never by wall-clock time.
 *
 * <p>The fixture scenario has monthly windows and no allowed lateness; the horizon here is 7 days; 100 records a
 * day at noon, the watermark at each day's noon. By hand, on the 15th of a month at noon: the month's records of
 * the 1st to the 15th are kept (their window ends with the month, after the watermark), and no record of the
 * previous month is (its noon + 7 days is at the latest the 7th at noon, and its window ended on the 1st): 15 days,
 * 1,500 keys, whichever month it is.
 */
class DuplicateHorizonTest {
    private static final int PER_DAY = 100;

    @TempDir
    Path dir;

    private static long noon(LocalDate d) {
        return d.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static CustomsRecord recordOn(LocalDate d, int n) {
        return HarnessFixtures.record("D-" + d + "-" + n, "100630", "AZE", "100", noon(d));
    }

    private KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> harness(
            Scenario scenario, boolean live) throws Exception {
        return HarnessFixtures.joinHarness(new ApplyScenarios(List.of(scenario), live, Duration.ofDays(7)));
    }

    private static long count(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h, String outcome) throws Exception {
        ((ScenarioJoinOperator) h.getOperator()).processHeld(); // the batch processed, its counts flushed
        Accumulator<?, ?> acc = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get("scenario." + HarnessFixtures.SCENARIO + "." + outcome);
        return acc == null ? 0 : ((Number) acc.getLocalValue()).longValue();
    }

    @Test
    void aLiveRunKeepsTheSameNumberOfKeysMonthAfterMonth() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        try (var h = harness(scenario, true)) {
            long[] keysOnThe15th = new long[6];
            long[] timersOnThe15th = new long[6];
            for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2024, 7, 1)); d = d.plusDays(1)) {
                for (int n = 0; n < PER_DAY; n++) {
                    CustomsRecord r = recordOn(d, n);
                    h.processElement(r, r.registeredAt);
                }
                h.processWatermark(noon(d));
                h.processBroadcastWatermark(noon(d));
                if (d.getDayOfMonth() == 15) {
                    keysOnThe15th[d.getMonthValue() - 1] = HarnessFixtures.keyedStateEntries(h);
                    timersOnThe15th[d.getMonthValue() - 1] = h.numEventTimeTimers();
                }
            }
            for (int m = 0; m < 6; m++) {
                assertEquals(15 * PER_DAY, keysOnThe15th[m], "keys on the 15th of month " + (m + 1));
                assertEquals(0, timersOnThe15th[m], "the memory forgets without timers, month " + (m + 1));
            }
            assertEquals(182 * PER_DAY, count(h, "accepted"), "every record of the half year was accepted");
        }
    }

    @Test
    void aCopyArrivingAfterItsKeyWasForgottenIsLateNotAcceptedAgain() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        try (var h = harness(scenario, true)) {
            LocalDate jan20 = LocalDate.of(2024, 1, 20);
            CustomsRecord original = recordOn(jan20, 1);
            h.processElement(original, original.registeredAt);
            assertEquals(1, HarnessFixtures.keyedStateEntries(h));
            // January's window ends on Feb 1st (after Jan 20 + 7 days): the key is kept until then.
            long lastMsOfJanuary = noon(LocalDate.of(2024, 2, 1)) - 12 * 3600_000L - 1;
            h.processWatermark(lastMsOfJanuary - 1);
            h.processBroadcastWatermark(lastMsOfJanuary - 1);
            assertEquals(1, HarnessFixtures.keyedStateEntries(h), "kept while January can still take records");
            h.processWatermark(lastMsOfJanuary);
            h.processBroadcastWatermark(lastMsOfJanuary);
            assertEquals(0, HarnessFixtures.keyedStateEntries(h), "forgotten once January is closed");
            assertEquals(0, h.numEventTimeTimers());

            CustomsRecord copy = recordOn(jan20, 1);
            h.processElement(copy, copy.registeredAt);
            assertEquals(1, count(h, "accepted"), "the copy is not accepted a second time");
            assertEquals(1, count(h, "late"), "it is late");
            assertEquals(0, count(h, "duplicates"));
        }
    }

    @Test
    void aBacktestRemembersEveryKey() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        try (var h = harness(scenario, false)) {
            for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2024, 3, 1)); d = d.plusDays(1)) {
                for (int n = 0; n < PER_DAY; n++) {
                    CustomsRecord r = recordOn(d, n);
                    h.processElement(r, r.registeredAt);
                }
            }
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(60 * PER_DAY, HarnessFixtures.keyedStateEntries(h), "January and February, every key");
            assertEquals(0, h.numEventTimeTimers());
            CustomsRecord copy = recordOn(LocalDate.of(2024, 1, 1), 0);
            h.processElement(copy, copy.registeredAt);
            assertEquals(1, count(h, "duplicates"), "a copy from the first day is still a duplicate");
        }
    }
}
