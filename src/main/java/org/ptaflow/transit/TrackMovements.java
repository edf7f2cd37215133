package org.ptaflow.transit;

import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.ptaflow.pipeline.CheckpointedCounts;
import org.ptaflow.pipeline.RunCounters;

import java.time.Duration;
import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.ptaflow.scenario.TransitRules;

/**
 * Follows each transit movement of one scenario's territory through its events, keyed by {@code movement_id}, and
 * raises the alerts of contract §4 ({@code transit-alerts.csv}) as its main output, with a {@link MovementUpdate} on
 * the side output {@link #MOVEMENT_UPDATES} whenever a movement changes (for the windowed {@code transit.csv} rows).
 *
 * <p>The state machine (issue 16, item 2):
 * <ul>
 *   <li>A departure of the territory opens the movement, with a deadline at departure + its mode's time limit. A
 *       second departure is a duplicate.</li>
 *   <li>An exit or cancellation closes it. An exit after the deadline raises {@code overdue} (at the deadline) if
 *       it was not raised yet, then {@code late_exit} (at the exit). A cancellation raises nothing of its own, but a
 *       movement still open at its deadline was overdue, whatever came after.</li>
 *   <li>An exit or cancellation whose departure is missing waits {@code orphan_wait} from its own time; if the
 *       departure comes within it, the movement is opened and closed at once; if not, {@code orphan} is raised at
 *       the orphan event's time and the state cleared (a departure coming later opens a new movement).</li>
 *   <li>An ended movement leaves a tombstone until {@code orphan_wait} after its end, so a repeated departure, exit
 *       or cancellation is still a duplicate.</li>
 *   <li>A departure of another territory is out of scope, and so are the movement's later events, for its time
 *       limit plus {@code orphan_wait}. An exit or cancellation naming another territory is out of scope at once;
 *       one naming no territory can only be judged by its departure.</li>
 *   <li>An overdue movement still open is kept for a second time limit after its deadline, for its late exit, then
 *       released (counted {@code released_open}); a later exit is then an orphan. This bounds the state in a live
 *       run: every phase has a timer that ends it.</li>
 * </ul>
 *
 * <p><b>Event time, not arrival order.</b> Every decision compares event times: before an event is applied, the
 * movement's pending timer is fired first if its time is earlier than the event's (as it would have been, had the
 * watermark passed it before the event arrived). So a live run, where timers fire as the watermark moves, and a
 * batch run, where a key's timers fire only after all its events, reach the same alerts and the same last update of
 * every movement. A timer at time T still sees an event at T (Flink fires it when the watermark reaches T, after
 * the events at T): an exit exactly at the deadline is on time.
 *
 * <p><b>The end of a backtest's clock.</b> Contract §4: in a backtest the clock ends at the latest event time of the
 * input, and a deadline after it raises nothing. End of input fires every timer (the watermark jumps to the end of
 * time), so the function takes {@code clockEnd}: a timer later than it clears the movement's state without an
 * alert. A live run passes {@link Long#MAX_VALUE}.
 *
 * <p>Counts (accumulators and metrics {@code transit.<scenario>.<outcome>}): {@code accepted}, {@code duplicates},
 * {@code out_of_scope} (each event once: with the parser's rejections they add up to the events read),
 * {@code behind_watermark} (events older than the watermark when they came, applied anyway: their alerts may
 * already be out), {@code alerts.<kind>}, {@code released_open}. An exit or cancellation that waits is counted
 * accepted when it comes, whatever becomes of it.
 */
public class TrackMovements extends KeyedProcessFunction<String, TransitEvent, TransitAlert>
        implements CheckpointedFunction {
    /** The movement updates, for the windowed rows. */
    public static final OutputTag<MovementUpdate> MOVEMENT_UPDATES =
            new OutputTag<>("transit-movement-updates") {};

    /** The key: the transit document. */
    public static final KeySelector<TransitEvent, String> BY_MOVEMENT = new MovementKey();

    private static final class MovementKey implements KeySelector<TransitEvent, String> {
        @Override
        public String getKey(TransitEvent event) {
            return event.movementId;
        }
    }

    static final ValueStateDescriptor<MovementState> STATE =
            new ValueStateDescriptor<>("transit-movement", TypeInformation.of(MovementState.class));

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final String scenario;
    private final TransitRules rules;
    private final long clockEnd;

    private transient ValueState<MovementState> state;
    /** The counts, kept in operator state so that a restored run still adds up (as the customs records' are). */
    private transient RunCounters counters;
    private transient CheckpointedCounts checkpointedCounts;
    private transient RunCounters.Tally accepted;
    private transient RunCounters.Tally duplicates;
    private transient RunCounters.Tally outOfScope;
    private transient RunCounters.Tally behindWatermark;
    private transient RunCounters.Tally overdueAlerts;
    private transient RunCounters.Tally lateExitAlerts;
    private transient RunCounters.Tally orphanAlerts;
    private transient RunCounters.Tally releasedOpen;

    /**
     * @param scenario the scenario's id, named in the updates and the counts
     * @param rules the scenario's {@code transit:} section
     * @param clockEnd the latest event time of a backtest's input (timers after it raise nothing), or
     *     {@link Long#MAX_VALUE} in a live run
     */
    public TrackMovements(String scenario, TransitRules rules, long clockEnd) {
        this.scenario = scenario;
        this.rules = rules;
        this.clockEnd = clockEnd;
    }

    /** A live run's tracker: no end to the clock. */
    public static TrackMovements live(String scenario, TransitRules rules) {
        return new TrackMovements(scenario, rules, Long.MAX_VALUE);
    }

    private RunCounters.Tally count(String name) {
        return counters.named("transit." + scenario + "." + name);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedCounts = new CheckpointedCounts();
        checkpointedCounts.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedCounts.snapshot(counters);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
        counters = CheckpointedCounts.register(getRuntimeContext(), checkpointedCounts);
        accepted = count("accepted");
        duplicates = count("duplicates");
        outOfScope = count("out_of_scope");
        behindWatermark = count("behind_watermark");
        overdueAlerts = count("alerts." + AlertKind.OVERDUE.code());
        lateExitAlerts = count("alerts." + AlertKind.LATE_EXIT.code());
        orphanAlerts = count("alerts." + AlertKind.ORPHAN.code());
        releasedOpen = count("released_open");
    }

    @Override
    public void processElement(TransitEvent event, Context ctx, Collector<TransitAlert> out) throws Exception {
        if (event.at < ctx.timerService().currentWatermark()) {
            behindWatermark.add(1);
        }
        MovementState s = state.value();
        // Event time first: a timer due before this event acts before it, whenever the watermark gets there.
        while (s != null && s.timer < event.at) {
            s = fire(s, ctx, out);
        }
        if (s == null) {
            start(event, ctx);
            return;
        }
        switch (s.phase) {
            case MovementState.OPEN -> {
                if (event.event == MovementEventKind.DEPARTURE) {
                    duplicates.add(1);
                } else {
                    accepted.add(1);
                    close(s, event, ctx, out);
                }
            }
            case MovementState.WAITING -> {
                if (event.event != MovementEventKind.DEPARTURE) {
                    duplicates.add(1);
                } else if (!rules.territory().equals(event.territory)) {
                    outOfScope.add(1);
                    foreign(event, ctx, s);
                } else {
                    accepted.add(1);
                    MovementState opened = open(event, ctx, s);
                    close(opened, s.closing, ctx, out);
                }
            }
            case MovementState.ENDED -> duplicates.add(1);
            case MovementState.FOREIGN -> outOfScope.add(1);
            default -> throw new IllegalStateException("movement " + event.movementId + " in phase " + s.phase);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TransitAlert> out) throws Exception {
        MovementState s = state.value();
        if (s != null && s.timer == timestamp) {
            fire(s, ctx, out);
        }
    }

    /** The first event of a movement, or the first since its state was cleared. */
    private void start(TransitEvent event, Context ctx) throws Exception {
        if (event.event == MovementEventKind.DEPARTURE) {
            if (rules.territory().equals(event.territory)) {
                accepted.add(1);
                open(event, ctx, null);
            } else {
                outOfScope.add(1);
                foreign(event, ctx, null);
            }
        } else if (event.territory != null && !rules.territory().equals(event.territory)) {
            outOfScope.add(1);
        } else {
            accepted.add(1);
            MovementState waiting = new MovementState(MovementState.WAITING);
            waiting.closing = event.withoutText();
            setTimer(waiting, null, event.at + rules.orphanWaitMillis(), ctx);
            state.update(waiting);
        }
    }

    /** Opens a movement at its departure; {@code previous} is the state it replaces (its timer deleted). */
    private MovementState open(TransitEvent departure, Context ctx, MovementState previous) throws Exception {
        MovementState s = new MovementState(MovementState.OPEN);
        s.departure = departure.withoutText();
        s.deadline = departure.at + timeLimit(departure);
        setTimer(s, previous, s.deadline, ctx);
        state.update(s);
        ctx.output(MOVEMENT_UPDATES, update(s, departure.at));
        return s;
    }

    private void foreign(TransitEvent departure, Context ctx, MovementState previous) throws Exception {
        MovementState s = new MovementState(MovementState.FOREIGN);
        setTimer(s, previous, departure.at + timeLimit(departure) + rules.orphanWaitMillis(), ctx);
        state.update(s);
    }

    /** An exit or cancellation of an open movement: alerts if late, the update, and the tombstone. */
    private void close(MovementState s, TransitEvent closing, Context ctx, Collector<TransitAlert> out)
            throws Exception {
        if (closing.at > s.deadline && !s.overdue) {
            // Open at its deadline: overdue, even if it exits or is cancelled afterwards.
            raiseOverdue(s, out);
        }
        MovementUpdate u = update(s, closing.at);
        if (closing.event == MovementEventKind.EXIT) {
            u.exited = true;
            u.officeExit = closing.office;
            u.transitHours = (closing.at - s.departure.at) / MILLIS_PER_HOUR;
            if (s.overdue) {
                lateExitAlerts.add(1);
                TransitEvent d = s.departure;
                out.collect(new TransitAlert(d.movementId, AlertKind.LATE_EXIT, closing.at, closing.office,
                        d.transportMode, d.origin, d.destination, d.declaredValue,
                        "exited at " + closing.office + " " + hours(closing.at - s.deadline)
                                + " after the deadline " + Instant.ofEpochMilli(s.deadline) + " (departed "
                                + d.office + " " + Instant.ofEpochMilli(d.at) + ")"));
            }
        } else {
            u.cancelled = true;
        }
        ctx.output(MOVEMENT_UPDATES, u);
        MovementState tombstone = new MovementState(MovementState.ENDED);
        setTimer(tombstone, s, Math.max(closing.at, s.departure.at) + rules.orphanWaitMillis(), ctx);
        state.update(tombstone);
    }

    /**
     * The movement's timer is due: what it means depends on the phase. Returns the state after it (null when
     * cleared); used by {@link #onTimer} and, for a timer earlier than an arriving event, by
     * {@link #processElement}.
     */
    private MovementState fire(MovementState s, Context ctx, Collector<TransitAlert> out) throws Exception {
        long timer = s.timer;
        if (timer > clockEnd) {
            // A backtest's clock ended before this moment: the movement stays as it was, nothing is raised.
            return clear(s, ctx);
        }
        switch (s.phase) {
            case MovementState.OPEN -> {
                if (!s.overdue) {
                    raiseOverdue(s, out);
                    MovementUpdate u = update(s, s.deadline);
                    ctx.output(MOVEMENT_UPDATES, u);
                    // Kept for its late exit for a second time limit; then released to bound the state.
                    setTimer(s, s, s.deadline + timeLimit(s.departure), ctx);
                    state.update(s);
                    return s;
                }
                releasedOpen.add(1);
                return clear(s, ctx);
            }
            case MovementState.WAITING -> {
                orphanAlerts.add(1);
                TransitEvent c = s.closing;
                out.collect(new TransitAlert(c.movementId, AlertKind.ORPHAN, c.at, c.office, c.transportMode,
                        c.origin, c.destination, c.declaredValue,
                        c.event.code() + " at " + c.office + " without a departure within "
                                + Duration.ofMillis(rules.orphanWaitMillis())));
                return clear(s, ctx);
            }
            default -> {
                return clear(s, ctx);
            }
        }
    }

    private void raiseOverdue(MovementState s, Collector<TransitAlert> out) {
        s.overdue = true;
        overdueAlerts.add(1);
        TransitEvent d = s.departure;
        out.collect(new TransitAlert(d.movementId, AlertKind.OVERDUE, s.deadline, d.office, d.transportMode,
                d.origin, d.destination, d.declaredValue,
                "no exit by " + Instant.ofEpochMilli(s.deadline) + ": departed " + d.office + " "
                        + Instant.ofEpochMilli(d.at) + ", " + d.transportMode.code() + " limit "
                        + Duration.ofMillis(timeLimit(d))));
    }

    private MovementState clear(MovementState s, Context ctx) {
        ctx.timerService().deleteEventTimeTimer(s.timer);
        state.clear();
        return null;
    }

    /** Moves the movement's one timer to {@code at}: deletes the timer of {@code previous} (if any). */
    private static void setTimer(MovementState s, MovementState previous, long at, Context ctx) {
        if (previous != null) {
            ctx.timerService().deleteEventTimeTimer(previous.timer);
        }
        s.timer = at;
        ctx.timerService().registerEventTimeTimer(at);
    }

    private long timeLimit(TransitEvent departure) {
        return rules.timeLimitMillis(departure.transportMode.code());
    }

    /** The movement as it stands, as of {@code at}; the caller marks an exit or a cancellation. */
    private MovementUpdate update(MovementState s, long at) {
        TransitEvent d = s.departure;
        MovementUpdate u = new MovementUpdate();
        u.scenario = scenario;
        u.movementId = d.movementId;
        u.at = at;
        u.departureAt = d.at;
        u.officeDeparture = d.office;
        u.transportMode = d.transportMode;
        u.direction = Direction.of(d.origin, d.destination, rules);
        u.origin = d.origin;
        u.destination = d.destination;
        u.declaredValue = d.declaredValue;
        u.grossMassKg = d.grossMassKg;
        u.hsCode = d.hsCode;
        u.guarantee = d.guarantee;
        u.overdue = s.overdue;
        return u;
    }

    private static String hours(long millis) {
        return Duration.ofMillis(millis).toString();
    }
}
