package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.USD;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The join combines what it routes before the shuffles ({@link ScenarioJoinOperator}): records of one key and month
 * leave as one sum, and nothing it let through stays held past a watermark (which comes after the sums), a checkpoint
 * barrier or the end of input.
 */
class JoinFlushTest {

    @TempDir
    Path dir;

    private KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> liveJoin()
            throws Exception {
        return HarnessFixtures.joinHarness(new ApplyScenarios(List.of(HarnessFixtures.harnessScenario(dir)), true,
                Duration.ofDays(1)), ScenarioJoinOperator.BATCH);
    }

    /** Three AZE records of rice in January, 100 USD each. */
    private static void threeRecords(
            KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h)
            throws Exception {
        for (int i = 0; i < 3; i++) {
            CustomsRecord r = record("100630", "AZE", "100", JAN_20 + i * 60_000L);
            h.processElement(r, r.registeredAt);
        }
    }

    @Test
    void recordsOfOneKeyAndMonthLeaveAsOneSumBeforeTheWatermark() throws Exception {
        try (var h = liveJoin()) {
            threeRecords(h);
            assertTrue(h.getOutput().isEmpty(), "held until a watermark");
            h.processWatermark(new Watermark(JAN_20 + 180_000L));
            List<Object> out = new ArrayList<>(h.getOutput());
            // AZE's own sum and TUR's "others" sum, then the watermark.
            assertEquals(3, out.size(), out.toString());
            assertEquals(new Watermark(JAN_20 + 180_000L), out.get(2), "the watermark comes after the sums");
            @SuppressWarnings("unchecked")
            ScenarioContribution aze = ((StreamRecord<ScenarioContribution>) out.get(0)).getValue();
            assertEquals("AZE", aze.beneficiary);
            assertEquals(3, aze.sums.records);
            assertEquals(300 * USD, aze.sums.valueBeneficiary);
            assertEquals(JAN_20, aze.eventTime, "stamped with its first record's time");
            assertEquals(1, HarnessFixtures.originImports(h).size(), "one line, origin and month");
            assertEquals(300 * USD, HarnessFixtures.originImports(h).get(0).valueMicros);
        }
    }

    @Test
    void aCheckpointBarrierAndTheEndOfInputLetOutWhatIsHeld() throws Exception {
        try (var h = liveJoin()) {
            threeRecords(h);
            ((ScenarioJoinOperator) h.getOperator()).prepareSnapshotPreBarrier(1);
            assertEquals(2, h.extractOutputValues().size(), "flushed before the barrier");
            threeRecords(h);
            ((ScenarioJoinOperator) h.getOperator()).endInput(1);
            assertEquals(4, h.extractOutputValues().size(), "flushed at the end of input");
        }
    }

    @Test
    void aLiveRunsSumsAreLetOutOnATimerUnderAStandingWatermark() throws Exception {
        try (var h = liveJoin()) {
            threeRecords(h);
            h.setProcessingTime(ImpactPipeline.COMBINER_FLUSH_MILLIS - 1);
            assertTrue(h.extractOutputValues().isEmpty(), "held before the timer");
            h.setProcessingTime(ImpactPipeline.COMBINER_FLUSH_MILLIS);
            assertEquals(2, h.extractOutputValues().size());
        }
    }
}
