package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The join's duplicate memory through Flink's own snapshot and restore (the operator under Flink's harness): at
 * another parallelism, each key group's keys go with it; and a snapshot of the previous version (keyed
 * {@code ValueState<long[]>} and a timer per key) restores into the memory.
 */
class DuplicateMemoryRestoreTest {
    private static final int MAX_PARALLELISM = 128;

    @TempDir
    Path dir;

    private static long noon(LocalDate d) {
        return d.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static CustomsRecord record(int n, LocalDate d) {
        return HarnessFixtures.record("RESTORE-" + n, "100630", "AZE", "100", noon(d));
    }

    private static long count(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h, String outcome) throws Exception {
        ((ScenarioJoinOperator) h.getOperator()).processHeld(); // the batch processed, its counts flushed
        Accumulator<?, ?> acc = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get("scenario." + HarnessFixtures.SCENARIO + "." + outcome);
        return acc == null ? 0 : ((Number) acc.getLocalValue()).longValue();
    }

    private KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> join(
            Scenario scenario, int parallelism, int subtask, OperatorSubtaskState restored) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new ScenarioJoinOperator(new ApplyScenarios(List.of(scenario), true, Duration.ofDays(7))),
                CustomsRecordKey.INSTANCE, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        h.setup();
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static boolean owns(int parallelism, int subtask, CustomsRecord r) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(r.key(), MAX_PARALLELISM, parallelism) == subtask;
    }

    @Test
    void afterARescaleFromOneToThreeSubtasksEveryRepeatIsStillADuplicate() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        LocalDate jan10 = LocalDate.of(2024, 1, 10);
        OperatorSubtaskState snapshot;
        try (var one = join(scenario, 1, 0, null)) {
            for (int n = 0; n < 300; n++) {
                CustomsRecord r = record(n, jan10);
                one.processElement(r, r.registeredAt);
            }
            assertEquals(300, count(one, "accepted"));
            snapshot = one.snapshot(1, 1);
        }
        long duplicates = 0;
        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState part =
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 3, subtask);
            try (var h = join(scenario, 3, subtask, part)) {
                int mine = 0;
                for (int n = 0; n < 300; n++) {
                    CustomsRecord copy = record(n, jan10);
                    if (owns(3, subtask, copy)) {
                        h.processElement(copy, copy.registeredAt);
                        mine++;
                    }
                }
                // A new key on this subtask is accepted: the restored memory holds only the old keys.
                CustomsRecord fresh = record(1_000 + subtask, jan10);
                if (owns(3, subtask, fresh)) {
                    h.processElement(fresh, fresh.registeredAt);
                }
                assertEquals(mine, HarnessFixtures.keyedStateEntries(h) - (owns(3, subtask, fresh) ? 1 : 0),
                        "subtask " + subtask + " holds exactly its key groups' keys");
                // Counts are operator state and come back once, on one subtask; the duplicates are this run's own.
                duplicates += count(h, "duplicates");
            }
        }
        assertEquals(300, duplicates, "every copy found its key, whichever subtask owns it now");
    }

    /** The previous version's join, as far as its duplicate memory goes: keyed state and a timer per key. */
    static final class PreviousVersionJoin
            extends KeyedBroadcastProcessFunction<String, CustomsRecord, TariffAmendment, ScenarioContribution> {
        private final long forgetFrom;
        private transient ValueState<long[]> accepted;

        PreviousVersionJoin(long forgetFrom) {
            this.forgetFrom = forgetFrom;
        }

        @Override
        public void open(OpenContext openContext) {
            accepted = getRuntimeContext().getState(ApplyScenarios.ACCEPTED);
        }

        @Override
        public void processElement(CustomsRecord record, ReadOnlyContext ctx, Collector<ScenarioContribution> out)
                throws Exception {
            long at = forgetFrom + record.registeredAt % 1000;
            accepted.update(new long[] {record.contentHash(), at});
            ctx.timerService().registerEventTimeTimer(at);
        }

        @Override
        public void processBroadcastElement(TariffAmendment value, Context ctx, Collector<ScenarioContribution> out) {}
    }

    @Test
    void aSnapshotOfThePreviousVersionsKeyedStateRestoresIntoTheMemory() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        LocalDate jan10 = LocalDate.of(2024, 1, 10);
        long feb05 = noon(LocalDate.of(2024, 2, 5));
        OperatorSubtaskState previous;
        try (var old = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new PreviousVersionJoin(feb05), List.of(ApplyScenarios.AMENDMENTS)),
                CustomsRecordKey.INSTANCE, Types.STRING, MAX_PARALLELISM, 1, 0)) {
            old.open();
            for (int n = 0; n < 50; n++) {
                CustomsRecord r = record(n, jan10);
                old.processElement(r, r.registeredAt);
            }
            assertEquals(50, HarnessFixtures.keyedStateEntries(old));
            previous = old.snapshot(1, 1);
        }
        try (var h = join(scenario, 1, 0, previous)) {
            assertEquals(50, ((ScenarioJoinOperator) h.getOperator()).memory().entries(), "the keyed entries moved into the memory");
            assertEquals(50, HarnessFixtures.keyedStateEntries(h), "and were cleared from keyed state (0 + 50)");
            CustomsRecord copy = record(7, jan10);
            h.processElement(copy, copy.registeredAt);
            assertEquals(1, count(h, "duplicates"), "a copy of a key the previous version accepted");
            assertEquals(0, count(h, "conflicts"), "with the same content hash");

            // Past its forget time (and January's window) the key is forgotten, the old timers fire harmlessly, and
            // a copy is late, not accepted again.
            h.processWatermark(feb05 + 1000);
            assertEquals(0, h.numEventTimeTimers(), "the previous version's timers fired");
            CustomsRecord late = record(8, jan10);
            h.processElement(late, late.registeredAt);
            assertEquals(0, count(h, "accepted"));
            assertEquals(1, count(h, "late"));
            assertEquals(1, count(h, "duplicates"));
        }
    }
}
