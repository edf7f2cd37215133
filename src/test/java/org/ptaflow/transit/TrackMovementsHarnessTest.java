package org.ptaflow.transit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.transit.TransitFixtures.DAY;
import static org.ptaflow.transit.TransitFixtures.HOUR;
import static org.ptaflow.transit.TransitFixtures.MAR_01;
import static org.ptaflow.transit.TransitFixtures.at;
import static org.ptaflow.transit.TransitFixtures.cancelled;
import static org.ptaflow.transit.TransitFixtures.departure;
import static org.ptaflow.transit.TransitFixtures.exit;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.scenario.TransitRules;

/**
 * The movement state machine under Flink's keyed harness, with hand-built event sequences (issue 16): on time,
 * overdue then late, an exit before its departure, an orphan, a cancellation, duplicates (also within the
 * tombstone), a movement open across a snapshot and restore, out-of-scope events, the end of a backtest's clock, and
 * the state and timers left (none, once everything has ended). Limits: road 8 days, sea 30, air 3; orphan wait 7.
 */
class TrackMovementsHarnessTest {
    @TempDir
    Path dir;

    private TransitRules rules;
    private KeyedOneInputStreamOperatorTestHarness<String, TransitEvent, TransitAlert> harness;

    @BeforeEach
    void setUp() throws Exception {
        rules = TransitFixtures.rules(dir);
        harness = harness(TrackMovements.live(TransitFixtures.SCENARIO, rules));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TransitEvent, TransitAlert> harness(
            TrackMovements function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                TrackMovements.BY_MOVEMENT, Types.STRING);
    }

    private void send(TransitEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.at));
    }

    private List<TransitAlert> alerts() {
        return harness.extractOutputValues();
    }

    private List<MovementUpdate> updates() {
        return updates(harness);
    }

    private static List<MovementUpdate> updates(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        var queue = h.getSideOutput(TrackMovements.MOVEMENT_UPDATES);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private long count(String outcome) {
        Map<String, Accumulator<?, ?>> accumulators = harness.getEnvironment().getAccumulatorRegistry().getUserMap();
        Accumulator<?, ?> acc = accumulators.get("transit." + TransitFixtures.SCENARIO + "." + outcome);
        return acc == null ? 0 : ((Number) acc.getLocalValue()).longValue();
    }

    private void assertNothingLeft() {
        assertEquals(0, harness.numKeyedStateEntries(), "no movement state left");
        assertEquals(0, harness.numEventTimeTimers(), "no timer left");
    }

    // ---- on time ----

    @Test
    void aMovementExitingOnTimeRaisesNothingAndMovesToItsCorridor() throws Exception {
        send(departure("T-1", MAR_01, TransportMode.ROAD));
        // Road limit 8 days: deadline 2025-03-09T00:00Z. Exit after 4½ days = 108 hours.
        long exitAt = at("2025-03-05T12:00:00Z");
        send(exit("T-1", exitAt, "PKTOR"));
        harness.processWatermark(at("2025-03-20T00:00:00Z"));

        assertEquals(List.of(), alerts());
        List<MovementUpdate> u = updates();
        assertEquals(2, u.size());
        MovementUpdate opened = u.get(0);
        assertEquals("harness", opened.scenario);
        assertEquals(MAR_01, opened.at);
        assertEquals(MAR_01, opened.departureAt);
        assertEquals("PKKHI", opened.officeDeparture);
        assertNull(opened.officeExit);
        assertEquals(TransportMode.ROAD, opened.transportMode);
        assertEquals(Direction.INBOUND, opened.direction, "destination AZE is a partner");
        assertEquals(new BigDecimal("50000"), opened.declaredValue);
        assertEquals(new BigDecimal("12000"), opened.grossMassKg);
        assertEquals("0902400000", opened.hsCode);
        assertEquals(BigDecimal.ZERO, opened.guarantee);
        assertTrue(opened.isOpen());
        assertTrue(Double.isNaN(opened.transitHours));

        MovementUpdate exited = u.get(1);
        assertEquals(exitAt, exited.at);
        assertEquals("PKTOR", exited.officeExit);
        assertTrue(exited.exited);
        assertFalse(exited.overdue);
        assertFalse(exited.isOpen());
        assertEquals(108.0, exited.transitHours, 1e-9);
        assertEquals(1 + 1, count("accepted"));
        assertNothingLeft();
    }

    @Test
    void anExitExactlyAtTheDeadlineIsOnTime() throws Exception {
        send(departure("T-1", MAR_01, TransportMode.AIR));
        long deadline = MAR_01 + 3 * DAY;
        send(exit("T-1", deadline, "AZGYD"));
        harness.processWatermark(deadline + 30 * DAY);
        assertEquals(List.of(), alerts());
    }

    // ---- overdue, then a late exit ----

    @Test
    void aMovementNotDischargedByItsDeadlineIsOverdueThenExitsLate() throws Exception {
        send(departure("T-2", MAR_01, TransportMode.ROAD));
        long deadline = at("2025-03-09T00:00:00Z");
        harness.processWatermark(deadline - 1);
        assertEquals(List.of(), alerts(), "not yet due");

        harness.processWatermark(deadline);
        TransitAlert overdue = new TransitAlert("T-2", AlertKind.OVERDUE, deadline, "PKKHI", TransportMode.ROAD,
                "AFG", "AZE", new BigDecimal("50000"), "no exit by 2025-03-09T00:00:00Z: departed PKKHI"
                        + " 2025-03-01T00:00:00Z, road limit PT192H");
        assertEquals(List.of(overdue), alerts());
        assertTrue(updates().get(1).overdue, "the overdue movement is re-emitted, still open");
        assertTrue(updates().get(1).isOpen());

        long exitAt = at("2025-03-10T06:00:00Z");
        send(exit("T-2", exitAt, "PKTOR"));
        TransitAlert late = new TransitAlert("T-2", AlertKind.LATE_EXIT, exitAt, "PKTOR", TransportMode.ROAD,
                "AFG", "AZE", new BigDecimal("50000"), "exited at PKTOR PT30H after the deadline"
                        + " 2025-03-09T00:00:00Z (departed PKKHI 2025-03-01T00:00:00Z)");
        assertEquals(List.of(overdue, late), alerts());
        MovementUpdate last = updates().get(2);
        assertTrue(last.exited);
        assertTrue(last.overdue);
        assertEquals(9 * 24 + 6, last.transitHours, 1e-9);
        assertEquals(1, count("alerts.overdue"));
        assertEquals(1, count("alerts.late_exit"));
        harness.processWatermark(exitAt + 7 * DAY);
        assertNothingLeft();
    }

    @Test
    void aLateExitArrivingBeforeTheWatermarkReachesTheDeadlineRaisesTheSameAlerts() throws Exception {
        // As in a batch run, where a key's timers fire only after all its events: decided by event time.
        send(departure("T-2", MAR_01, TransportMode.ROAD));
        long exitAt = at("2025-03-10T06:00:00Z");
        send(exit("T-2", exitAt, "PKTOR"));
        List<TransitAlert> a = alerts();
        assertEquals(2, a.size());
        assertEquals(AlertKind.OVERDUE, a.get(0).kind);
        assertEquals(at("2025-03-09T00:00:00Z"), a.get(0).at);
        assertEquals(AlertKind.LATE_EXIT, a.get(1).kind);
        assertEquals(exitAt, a.get(1).at);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(2, alerts().size(), "nothing more at the end of input");
        assertTrue(updates().get(updates().size() - 1).overdue);
        assertNothingLeft();
    }

    @Test
    void anOverdueMovementNeverDischargedIsReleasedAfterASecondTimeLimit() throws Exception {
        send(departure("T-3", MAR_01, TransportMode.ROAD));
        harness.processWatermark(MAR_01 + 16 * DAY - 1);
        assertEquals(1, alerts().size());
        assertEquals(1, harness.numKeyedStateEntries(), "kept for its late exit");
        harness.processWatermark(MAR_01 + 16 * DAY);
        assertEquals(1, count("released_open"));
        assertNothingLeft();
    }

    // ---- exit before departure, orphan ----

    @Test
    void anExitBeforeItsDepartureWaitsAndIsMatchedWhenTheDepartureComes() throws Exception {
        long exitAt = at("2025-03-05T10:00:00Z");
        send(exit("T-4", exitAt, "PKTOR"));
        // Six days later the departure (dated before the exit) arrives, within the 7-day wait.
        harness.processWatermark(exitAt + 6 * DAY);
        assertEquals(List.of(), alerts());
        send(departure("T-4", MAR_01, TransportMode.ROAD));
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(List.of(), alerts(), "no orphan: the departure came");
        List<MovementUpdate> u = updates();
        assertEquals(2, u.size());
        assertTrue(u.get(0).isOpen());
        assertTrue(u.get(1).exited);
        assertEquals("PKTOR", u.get(1).officeExit);
        assertEquals(4 * 24 + 10, u.get(1).transitHours, 1e-9);
        assertEquals(0, count("alerts.orphan"));
        assertEquals(2, count("accepted"));
        assertNothingLeft();
    }

    @Test
    void anExitWhoseDepartureNeverComesIsAnOrphanAtItsOwnTime() throws Exception {
        long exitAt = at("2025-03-05T10:00:00Z");
        send(exit("T-5", exitAt, "PKTOR"));
        harness.processWatermark(exitAt + 7 * DAY - 1);
        assertEquals(List.of(), alerts(), "still waiting");
        harness.processWatermark(exitAt + 7 * DAY);

        assertEquals(List.of(new TransitAlert("T-5", AlertKind.ORPHAN, exitAt, "PKTOR", null, null, null, null,
                "exit at PKTOR without a departure within PT168H")), alerts());
        assertEquals(List.of(), updates(), "an orphan is no movement of the rows");
        assertEquals(1, count("alerts.orphan"));
        assertNothingLeft();
    }

    @Test
    void aDepartureDatedAfterTheWaitLeavesTheExitAnOrphanAndOpensAMovement() throws Exception {
        long exitAt = at("2025-03-05T10:00:00Z");
        send(exit("T-6", exitAt, "PKTOR"));
        // No watermark in between (a batch run): event time decides, the wait ended before this departure.
        send(departure("T-6", exitAt + 8 * DAY, TransportMode.AIR));
        assertEquals(1, alerts().size());
        assertEquals(AlertKind.ORPHAN, alerts().get(0).kind);
        assertEquals(1, updates().size());
        assertTrue(updates().get(0).isOpen());
    }

    // ---- cancellation ----

    @Test
    void aCancelledMovementRaisesNothing() throws Exception {
        send(departure("T-7", MAR_01, TransportMode.AIR));
        send(cancelled("T-7", MAR_01 + 2 * DAY, "PKISB"));
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(List.of(), alerts());
        MovementUpdate last = updates().get(1);
        assertTrue(last.cancelled);
        assertFalse(last.exited);
        assertNull(last.officeExit, "a cancelled movement has no office of exit");
        assertFalse(last.isOpen());
        assertNothingLeft();
    }

    // ---- duplicates ----

    @Test
    void aSecondDepartureIsADuplicateAlsoWithinTheTombstone() throws Exception {
        send(departure("T-8", MAR_01, TransportMode.ROAD));
        send(departure("T-8", MAR_01, TransportMode.ROAD));
        assertEquals(1, count("duplicates"));
        long exitAt = MAR_01 + 2 * DAY;
        send(exit("T-8", exitAt, "PKTOR"));
        harness.processWatermark(exitAt + DAY);
        assertEquals(1, harness.numKeyedStateEntries(), "the tombstone");

        send(departure("T-8", MAR_01, TransportMode.ROAD));      // a resent departure after the end
        send(exit("T-8", exitAt, "PKTOR"));                      // and a resent exit
        assertEquals(3, count("duplicates"));
        assertEquals(2, count("accepted"));
        assertEquals(2, updates().size(), "duplicates change nothing");
        assertEquals(List.of(), alerts());

        harness.processWatermark(exitAt + 7 * DAY);
        assertNothingLeft();
    }

    @Test
    void aDepartureAfterTheTombstoneOpensANewMovement() throws Exception {
        send(departure("T-9", MAR_01, TransportMode.AIR));
        send(exit("T-9", MAR_01 + DAY, "AZGYD"));
        harness.processWatermark(MAR_01 + 8 * DAY);
        assertNothingLeft();
        send(departure("T-9", MAR_01 + 9 * DAY, TransportMode.AIR));
        assertEquals(0, count("duplicates"));
        assertEquals(3, updates().size());
    }

    // ---- out of scope ----

    @Test
    void eventsOfAnotherTerritoryAreOutOfScope() throws Exception {
        TransitEvent foreign = departure("T-10", MAR_01, "AZBAK", TransportMode.SEA, "KAZ", "TUR");
        foreign.territory = "AZE";
        send(foreign);
        send(exit("T-10", MAR_01 + 2 * DAY, "AZAST"));
        TransitEvent namedExit = exit("T-11", MAR_01, "AZAST");
        namedExit.territory = "GEO";
        send(namedExit);
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(3, count("out_of_scope"));
        assertEquals(0, count("accepted"));
        assertEquals(List.of(), alerts(), "no orphan for an exit of a foreign movement");
        assertEquals(List.of(), updates());
        assertNothingLeft();
    }

    @Test
    void directionFollowsThePartners() throws Exception {
        send(departure("OUT", MAR_01, "PKTOR", TransportMode.ROAD, "AZE", "AFG"));
        send(departure("OTHER", MAR_01, "PKKHI", TransportMode.ROAD, "CHN", "AFG"));
        assertEquals(Direction.OUTBOUND, updates().get(0).direction);
        assertEquals(Direction.OTHER, updates().get(1).direction);
    }

    // ---- checkpoint and restore ----

    @Test
    void aMovementOpenAcrossASnapshotRaisesItsOverdueAfterTheRestore() throws Exception {
        send(departure("T-12", MAR_01, TransportMode.SEA));
        harness.processWatermark(MAR_01 + 10 * DAY);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        try (var restored = harness(TrackMovements.live(TransitFixtures.SCENARIO, rules))) {
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(1, restored.numKeyedStateEntries());
            assertEquals(1, restored.numEventTimeTimers(), "the deadline's timer came back");
            long deadline = MAR_01 + 30 * DAY;
            restored.processWatermark(deadline - 1);
            assertEquals(List.of(), restored.extractOutputValues());
            restored.processWatermark(deadline);
            List<TransitAlert> a = restored.extractOutputValues();
            assertEquals(1, a.size());
            assertEquals(AlertKind.OVERDUE, a.get(0).kind);
            assertEquals(deadline, a.get(0).at);
            assertEquals("T-12", a.get(0).movementId);

            long exitAt = deadline + HOUR;
            restored.processElement(new StreamRecord<>(exit("T-12", exitAt, "PKTOR"), exitAt));
            assertEquals(AlertKind.LATE_EXIT, restored.<TransitAlert>extractOutputValues().get(1).kind);
            restored.processWatermark(Long.MAX_VALUE);
            assertEquals(0, restored.numKeyedStateEntries());
            assertEquals(0, restored.numEventTimeTimers());
        }
    }

    // ---- the end of a backtest's clock ----

    @Test
    void aDeadlineAfterTheEndOfABacktestsClockRaisesNothing() throws Exception {
        try (var backtest = harness(new TrackMovements(TransitFixtures.SCENARIO, rules, MAR_01 + 5 * DAY))) {
            backtest.open();
            backtest.processElement(new StreamRecord<>(departure("T-13", MAR_01, TransportMode.ROAD), MAR_01));
            backtest.processElement(new StreamRecord<>(exit("T-14", MAR_01 + 4 * DAY, "PKTOR"), MAR_01 + 4 * DAY));
            backtest.processWatermark(Long.MAX_VALUE);   // end of input fires every timer
            assertEquals(List.of(), backtest.extractOutputValues(), "open past the clock's end, no orphan yet");
            assertEquals(1, updates(backtest).size(), "still open in the rows");
            assertEquals(0, backtest.numKeyedStateEntries());
            assertEquals(0, backtest.numEventTimeTimers());
        }
    }

    // ---- bounded state, many movements ----

    @Test
    void stateIsEmptyOnceEveryMovementHasEnded() throws Exception {
        for (int i = 0; i < 20; i++) {
            long t = MAR_01 + i * HOUR;
            send(departure("M-" + i, t, TransportMode.values()[i % 4]));
            if (i % 3 == 0) {
                send(exit("M-" + i, t + DAY, "PKTOR"));
            } else if (i % 3 == 1) {
                send(cancelled("M-" + i, t + HOUR, "PKKHI"));
            }
        }
        send(exit("ORPHAN", MAR_01, "PKTOR"));
        assertEquals(21, harness.numKeyedStateEntries());
        assertEquals(21, harness.numEventTimeTimers(), "one timer per movement");
        harness.processWatermark(MAR_01 + 200 * DAY);
        // Open ones (i % 3 == 2: 2, 5, 8, 11, 14, 17) went overdue, then were released.
        assertEquals(6, count("alerts.overdue"));
        assertEquals(6, count("released_open"));
        assertEquals(1, count("alerts.orphan"));
        assertNothingLeft();
    }
}
