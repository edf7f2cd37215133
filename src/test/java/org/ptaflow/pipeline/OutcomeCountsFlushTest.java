package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_15;

import java.nio.file.Path;
import java.time.Duration;
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
 * The join counts a record's accepted and out-of-scope outcomes first in its own arrays and adds them to the run's
 * tallies in bulk: after every batch (a live run's timer processes a batch left half full), on every watermark,
 * before a checkpoint's snapshot and at the end (every 1,024 records when it takes them one at a time). Read without asking for a flush, the
 * accumulators show exactly that.
 */
class OutcomeCountsFlushTest {
    @TempDir
    Path dir;

    @Test
    void aLiveRunAddsItsCountsAfterEveryBatchOnItsTimerOnEveryWatermarkAndAtEverySnapshot() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        var join = new ScenarioJoinOperator(new ApplyScenarios(List.of(scenario), true, Duration.ofDays(7)));
        try (var h = harness(join)) {
            send(h, ScenarioJoinOperator.BATCH - 1, "LIVE-A", JAN_10);
            assertEquals(0, accepted(h), "not yet flushed");
            send(h, 1, "LIVE-B", JAN_10);
            assertEquals(ScenarioJoinOperator.BATCH, accepted(h), "a full batch is processed and counted");
            send(h, 5, "LIVE-C", JAN_10);
            assertEquals(ScenarioJoinOperator.BATCH, accepted(h));
            h.setProcessingTime(ScenarioJoinOperator.LIVE_FLUSH_MILLIS);
            assertEquals(ScenarioJoinOperator.BATCH + 5, accepted(h), "the timer processes a batch left half full");
            send(h, 2, "LIVE-D", JAN_10);
            h.processWatermark(JAN_10);
            assertEquals(ScenarioJoinOperator.BATCH + 7, accepted(h), "a watermark flushes");
            send(h, 3, "LIVE-E", JAN_15);
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier leaves it
            h.snapshot(1, 1);
            assertEquals(ScenarioJoinOperator.BATCH + 10, accepted(h), "a snapshot flushes before it writes the counts");
        }
    }

    @Test
    void recordsTakenOneAtATimeAddTheirCountsEvery1024() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        var join = new ScenarioJoinOperator(new ApplyScenarios(List.of(scenario), true, Duration.ofDays(7)), 1);
        try (var h = harness(join)) {
            send(h, 1_023, "ONE-A", JAN_10);
            assertEquals(0, accepted(h), "not yet flushed");
            send(h, 1, "ONE-B", JAN_10);
            assertEquals(1_024, accepted(h), "the 1,024th record flushes");
            send(h, 5, "ONE-C", JAN_10);
            h.processWatermark(JAN_10);
            assertEquals(1_029, accepted(h), "a watermark flushes");
        }
    }

    @Test
    void aBacktestAddsItsCountsAfterEveryBatchAndAtTheEnd() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        var join = new ScenarioJoinOperator(new ApplyScenarios(List.of(scenario), false, Duration.ofDays(7)));
        try (var h = harness(join)) {
            send(h, ScenarioJoinOperator.BATCH - 1, "BATCH-A", JAN_10);
            assertEquals(0, accepted(h), "the batch is not yet processed");
            send(h, 1, "BATCH-B", JAN_10);
            assertEquals(ScenarioJoinOperator.BATCH, accepted(h), "a full batch is processed and counted");
            send(h, 10, "BATCH-C", JAN_10);
            join.endInput(1);
            assertEquals(ScenarioJoinOperator.BATCH + 10, accepted(h), "the end of input processes the rest");
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> harness(
            ScenarioJoinOperator operator) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(operator, CustomsRecordKey.INSTANCE, Types.STRING, 1, 1, 0);
        h.open();
        return h;
    }

    private static void send(KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h,
            int n, String declarations, long at) throws Exception { // n distinct keys, each accepted
        for (int i = 0; i < n; i++) {
            CustomsRecord r = HarnessFixtures.record(declarations + "-" + i, "100630", "AZE", "100", at);
            h.processElement(r, r.registeredAt);
        }
    }

    /** The accumulator as the run would read it: no flush asked. */
    private static long accepted(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        Accumulator<?, ?> acc = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get("scenario." + HarnessFixtures.SCENARIO + ".accepted");
        return acc == null ? 0 : ((Number) acc.getLocalValue()).longValue();
    }
}
