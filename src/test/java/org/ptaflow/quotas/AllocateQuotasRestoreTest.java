package org.ptaflow.quotas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.ScenarioContribution;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * A quota's allocation resumed from a checkpoint by a run whose scenario changed: another allowed lateness (every
 * pending day is still allocated, when due under the new lateness), or a quota renamed (its pending records are
 * dropped with a warning, the job does not fail). And its timers: one per pending day however its claims
 * interleave, and one again for a claim that comes after its day's timer fired.
 */
class AllocateQuotasRestoreTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private Scenario scenario(String quotaId, String lateness) throws Exception {
        String yaml = org.ptaflow.pipeline.WholeJobScenario.copyInto(dir)
                .replace("allowed_lateness: P0D", "allowed_lateness: " + lateness)
                + "quotas:\n  - { id: " + quotaId + ", importer: AZE, beneficiary: PAK, lines: [\"100630\"],"
                + " volume: 500, unit: kg }\n";
        return ScenarioLoader.load(Files.writeString(dir.resolve(quotaId + lateness + ".yaml"), yaml));
    }

    private static QuotaEvent claim(String quota, String date, long kg) {
        QuotaEvent e = new QuotaEvent();
        e.quotaKey = QuotaEvent.key("test-pta", quota);
        e.scenario = "test-pta";
        e.quota = quota;
        e.importer = "AZE";
        e.beneficiary = "PAK";
        e.hs6 = "100630";
        e.eventTime = LocalDate.parse(date).toEpochDay() * DAY + 3_600_000L;
        e.claims = true;
        e.requestMilli = kg * 1000;
        e.valueMicros = kg * 2_000_000L;
        e.mfnPercent = 20;
        e.preferentialPercent = 0;
        e.outOfQuotaPercent = 20;
        return e;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, QuotaEvent, ScenarioContribution> harness(
            Scenario s) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AllocateQuotas(List.of(s), true)), e -> e.quotaKey, Types.STRING);
    }

    private static List<String> statusDays(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        return h.getSideOutput(org.ptaflow.pipeline.OutputTags.QUOTA_STATUS) == null ? List.of()
                : h.getSideOutput(org.ptaflow.pipeline.OutputTags.QUOTA_STATUS).stream()
                        .map(r -> ((StreamRecord<QuotaStatus>) r).getValue().dayDate().toString())
                        .collect(Collectors.toList());
    }

    /** A checkpoint of quota rice under one day of lateness, holding a 200 kg claim of each date, none allocated. */
    private OperatorSubtaskState pendingClaims(String... dates) throws Exception {
        try (var before = harness(scenario("rice", "P1D"))) {
            before.open();
            for (String date : dates) {
                before.processElement(new StreamRecord<>(claim("rice", date, 200)));
            }
            return before.snapshot(1, 1);
        }
    }

    @Test
    void aLongerLatenessAfterARestoreStillAllocatesEveryPendingDayWhenDue() throws Exception {
        OperatorSubtaskState snapshot = pendingClaims("2024-01-10");
        // Resumed with two days of lateness: the old timer (end of 01-10 + 1 day) finds the day not yet due.
        try (var after = harness(scenario("rice", "P2D"))) {
            after.initializeState(snapshot);
            after.open();
            long endOfDay = LocalDate.parse("2024-01-11").toEpochDay() * DAY - 1;
            after.processWatermark(endOfDay + DAY);
            assertEquals(List.of(), statusDays(after), "not due under the new lateness");
            after.processWatermark(endOfDay + 2 * DAY);
            assertEquals(List.of("2024-01-10"), statusDays(after), "allocated when due, once");
        }
    }

    @Test
    void afterALongerLatenessEveryPendingDayIsAllocatedInTurnWhenDue() throws Exception {
        OperatorSubtaskState snapshot = pendingClaims("2024-01-10", "2024-01-11", "2024-01-15");
        // The old timers (each day's end + 1 day) find no day due under two days; the first not yet due gets a timer,
        // and each allocation hands the next day its own.
        try (var after = harness(scenario("rice", "P2D"))) {
            after.initializeState(snapshot);
            after.open();
            long endOf10 = LocalDate.parse("2024-01-11").toEpochDay() * DAY - 1;
            after.processWatermark(endOf10 + DAY);
            assertEquals(List.of(), statusDays(after));
            after.processWatermark(endOf10 + 2 * DAY);
            assertEquals(List.of("2024-01-10"), statusDays(after));
            after.processWatermark(endOf10 + 3 * DAY);
            assertEquals(List.of("2024-01-10", "2024-01-11"), statusDays(after));
            after.processWatermark(endOf10 + 7 * DAY - 1);
            assertEquals(List.of("2024-01-10", "2024-01-11"), statusDays(after), "01-15 not due before its end + 2 days");
            after.processWatermark(endOf10 + 7 * DAY);
            assertEquals(List.of("2024-01-10", "2024-01-11", "2024-01-15"), statusDays(after));
            assertEquals(0, after.numEventTimeTimers(), "no timer left behind");
        }
    }

    @Test
    void aRenamedQuotaDropsItsPendingRecordsWithoutFailingTheJob() throws Exception {
        OperatorSubtaskState snapshot = pendingClaims("2024-01-10");
        try (var after = harness(scenario("rice-2024", "P1D"))) {
            after.initializeState(snapshot);
            after.open();
            after.processWatermark(LocalDate.parse("2024-02-01").toEpochDay() * DAY);
            assertTrue(statusDays(after).isEmpty());
            assertTrue(after.extractOutputValues().isEmpty(), "nothing allocated for a quota the run no longer has");
            assertEquals(0, after.numEventTimeTimers(), "no timer left behind");
        }
    }

    /**
     * A quota keeps a timer for its earliest pending day only: a claim of a later day registers nothing, one of an
     * earlier day registers its own; each timer allocates every day the watermark has passed and leaves one timer for
     * the next day not yet due.
     */
    @Test
    void everyPendingDayIsAllocatedHoweverItsClaimsInterleave() throws Exception {
        try (var h = harness(scenario("rice", "P1D"))) {
            h.open();
            for (String date : List.of("2024-01-11", "2024-01-11", "2024-01-12", "2024-01-11", "2024-01-14")) {
                h.processElement(new StreamRecord<>(claim("rice", date, 50)));
            }
            assertEquals(1, h.numEventTimeTimers(), "a timer for the earliest pending day only");
            h.processElement(new StreamRecord<>(claim("rice", "2024-01-10", 50)));
            assertEquals(2, h.numEventTimeTimers(), "an earlier day registers its own");
            // P1D: a day is allocated at its end plus one day; the watermark passes the 10th, 11th and 12th at once.
            h.processWatermark(LocalDate.parse("2024-01-14").toEpochDay() * DAY);
            assertEquals(List.of("2024-01-10", "2024-01-11", "2024-01-12"), statusDays(h));
            assertEquals(1, h.numEventTimeTimers(), "the 14th waits for its own timer");
            h.processElement(new StreamRecord<>(claim("rice", "2024-01-15", 50)));
            assertEquals(1, h.numEventTimeTimers(), "a claim of a later day registers nothing more");
            h.processWatermark(LocalDate.parse("2024-01-16").toEpochDay() * DAY);
            assertEquals(List.of("2024-01-10", "2024-01-11", "2024-01-12", "2024-01-14"), statusDays(h));
            assertEquals(1, h.numEventTimeTimers(), "the 15th waits for its own timer");
            h.processWatermark(LocalDate.parse("2024-01-17").toEpochDay() * DAY);
            assertEquals(List.of("2024-01-10", "2024-01-11", "2024-01-12", "2024-01-14", "2024-01-15"),
                    statusDays(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aClaimAfterItsDaysTimerFiredGetsATimerAgain() throws Exception {
        try (var h = harness(scenario("rice", "P1D"))) {
            h.open();
            h.processElement(new StreamRecord<>(claim("rice", "2024-01-10", 50)));
            h.processWatermark(LocalDate.parse("2024-01-12").toEpochDay() * DAY);
            assertEquals(List.of("2024-01-10"), statusDays(h));
            // The join makes such a claim late; the allocation still must not hold one forever.
            h.processElement(new StreamRecord<>(claim("rice", "2024-01-10", 50)));
            assertEquals(1, h.numEventTimeTimers(), "the day's timer again");
            h.processWatermark(LocalDate.parse("2024-01-13").toEpochDay() * DAY);
            assertEquals(List.of("2024-01-10", "2024-01-10"), statusDays(h), "allocated again, not left pending");
        }
    }
}
