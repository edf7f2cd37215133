package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.CustomsRecordSerializer;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.scenario.WindowSize;

/**
 * A backtest's join takes records in batches ({@link ScenarioJoinOperator#BATCH}): what it emits must be what the
 * same join emits taking each record as it comes (the reference here): the same rejected and late records in the same
 * order, and the same sums per scenario, key and window (the batched join combines across batches before it sends),
 * with amendments arriving between records of one batch, duplicates, conflicting copies and rejected records among
 * them.
 */
class BatchedJoinTest {

    @TempDir
    Path dir;

    private static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution>
            backtestJoin(Scenario scenario, int batchSize) throws Exception {
        return join(scenario, false, batchSize);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution>
            join(Scenario scenario, boolean live, int batchSize) throws Exception {
        return HarnessFixtures.joinHarness(new ApplyScenarios(List.of(scenario), live, Duration.ofDays(1)), batchSize);
    }

    /** The records, with an amendment (null: none) before some of them. */
    private record Step(CustomsRecord record, TariffAmendment amendment) {}

    private static List<Step> steps() throws Exception {
        Random random = new Random(11);
        List<Step> steps = new ArrayList<>();
        List<String> declarations = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            TariffAmendment amendment = null;
            if (i == 150 || i == 333) {
                // The AZE rate of rice changes from January 1st, in the middle of a batch.
                amendment = TariffAmendment.fromJson("""
                        {"scenario":"harness","kind":"concession","importer":"PAK","beneficiary":"AZE",
                         "hs_prefix":"100630","rate":%d,"from":"2024-01-01"}""".formatted(i == 150 ? 10 : 5));
            }
            String declaration = "D" + i;
            if (i > 10 && random.nextInt(8) == 0) {
                declaration = declarations.get(random.nextInt(declarations.size())); // a repeat, maybe differing
            }
            declarations.add(declaration);
            String origin = random.nextBoolean() ? "AZE" : "CHN";
            CustomsRecord r = record(declaration, "100630", origin, random.nextInt(3) == 0 ? "100" : "250",
                    JAN_20 + 60_000L * i);
            if (random.nextInt(20) == 0) {
                r.currency = "XYZ"; // no FX rate: rejected, and claims no key
            }
            steps.add(new Step(r, amendment));
        }
        return steps;
    }

    /** The amendment (null: none) to the join, then a copy of the record: each join's records are its own. */
    private static void send(KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h, TariffAmendment amendment,
            CustomsRecord record) throws Exception {
        if (amendment != null) {
            h.processBroadcastElement(amendment, 0L);
        }
        CustomsRecord copy = new CustomsRecordSerializer().copy(record);
        h.processElement(copy, copy.registeredAt);
    }

    /**
     * What the join sent to the windows, added up per scenario, key and month window: the batched join combines
     * records of many batches before it sends, the one taken a record at a time sends each record's own.
     */
    private static Map<String, WindowSums> contributions(
            KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h) {
        Map<String, WindowSums> out = new TreeMap<>();
        for (ScenarioContribution c : h.extractOutputValues()) {
            String key = c.scenarioIndex + " " + c.importer + " " + c.beneficiary + " " + c.hs6 + " "
                    + CalendarWindows.windowOf(WindowSize.MONTH, c.eventTime).getStart() + " " + c.awaitsQuota;
            out.computeIfAbsent(key, k -> new WindowSums()).add(c.sums);
        }
        return out;
    }

    private static List<String> late(
            KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h) {
        List<String> out = new ArrayList<>();
        var side = h.getSideOutput(OutputTags.LATE);
        if (side != null) {
            for (StreamRecord<LateRecord> r : side) {
                LateRecord v = r.getValue();
                out.add(v.declarationId + " " + v.registeredAt + " " + v.watermark + " " + v.windowStart + " "
                        + v.originalText);
            }
        }
        return out;
    }

    private static List<String> rejected(
            KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h) {
        List<String> out = new ArrayList<>();
        var side = h.getSideOutput(OutputTags.REJECTED);
        if (side != null) {
            for (StreamRecord<RejectedRecord> r : side) {
                RejectedRecord v = r.getValue();
                out.add(v.line + " " + v.reason + " " + v.message + " " + v.originalText);
            }
        }
        return out;
    }

    @Test
    void aBacktestsBatchesEmitWhatTheJoinEmitsRecordByRecord() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        var batched = backtestJoin(scenario, ScenarioJoinOperator.BATCH);
        var oneByOne = backtestJoin(scenario, 1);
        try {
            List<Step> steps = steps();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                for (var h : List.of(batched, oneByOne)) {
                    send(h, step.amendment(), step.record());
                }
                if (i == 100) {
                    // The test's premise: the batched join holds records back (in its batch and combined).
                    assertTrue(contributions(batched).isEmpty(), "held until the end of input");
                    assertFalse(contributions(oneByOne).isEmpty(), "sent record by record");
                }
            }
            ((ScenarioJoinOperator) batched.getOperator()).endInput(1);
            ((ScenarioJoinOperator) oneByOne.getOperator()).endInput(1);

            Map<String, WindowSums> expected = contributions(oneByOne);
            assertFalse(expected.isEmpty());
            assertEquals(expected, contributions(batched));
            List<String> expectedRejected = rejected(oneByOne);
            assertFalse(expectedRejected.isEmpty(), "the test's premise: records rejected");
            assertEquals(expectedRejected, rejected(batched));
        } finally {
            batched.close();
            oneByOne.close();
        }
    }

    /**
     * A live run's join takes records in batches too: with watermarks between records (never at a batch's end),
     * late records and amendments among them, it emits what it emits record by record, and each record is as late
     * as it was under the watermark it arrived after.
     */
    @Test
    void aLiveRunsBatchesEmitWhatTheJoinEmitsRecordByRecordUnderTheWatermarkTheyCameAfter() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        var batched = join(scenario, true, ScenarioJoinOperator.BATCH);
        var oneByOne = join(scenario, true, 1);
        try {
            List<Step> steps = steps();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                CustomsRecord record = step.record();
                if (i % 29 == 7) {
                    record.registeredAt = JAN_20 - 30L * 86_400_000L; // December: its window closed with the watermark
                }
                for (var h : List.of(batched, oneByOne)) {
                    send(h, step.amendment(), record);
                    if (i % 37 == 36) {
                        h.processWatermark(JAN_20 + 60_000L * (i - 20));
                    }
                }
            }
            ((ScenarioJoinOperator) batched.getOperator()).endInput(1);
            ((ScenarioJoinOperator) oneByOne.getOperator()).endInput(1);

            List<String> expectedLate = late(oneByOne);
            assertFalse(expectedLate.isEmpty(), "the test's premise: late records");
            assertEquals(expectedLate, late(batched));
            Map<String, WindowSums> expected = contributions(oneByOne);
            assertFalse(expected.isEmpty());
            assertEquals(expected, contributions(batched));
            assertEquals(rejected(oneByOne), rejected(batched));
        } finally {
            batched.close();
            oneByOne.close();
        }
    }

    /** A live stream that goes quiet leaves a batch half full: the timer processes it, and only it does. */
    @Test
    void aLiveBatchLeftHalfFullIsProcessedByItsTimer() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        var batched = join(scenario, true, ScenarioJoinOperator.BATCH);
        var oneByOne = join(scenario, true, 1);
        try {
            for (Step step : steps().subList(0, 10)) {
                for (var h : List.of(batched, oneByOne)) {
                    send(h, null, step.record());
                }
            }
            assertFalse(contributions(oneByOne).isEmpty(), "the test's premise: the records add something");
            DuplicateMemory memory = ((ScenarioJoinOperator) batched.getOperator()).memory();
            long accepted = ((ScenarioJoinOperator) oneByOne.getOperator()).memory().entries();
            batched.setProcessingTime(ScenarioJoinOperator.LIVE_FLUSH_MILLIS - 1);
            assertEquals(0, memory.entries(), "held in the batch before the timer");
            batched.setProcessingTime(ScenarioJoinOperator.LIVE_FLUSH_MILLIS);
            assertEquals(accepted, memory.entries(), "processed by the batch's timer");
            assertTrue(contributions(batched).isEmpty(), "combined, until the combined sums' own timer");
            batched.setProcessingTime(ImpactPipeline.COMBINER_FLUSH_MILLIS);
            assertEquals(contributions(oneByOne), contributions(batched));
        } finally {
            batched.close();
            oneByOne.close();
        }
    }
}
