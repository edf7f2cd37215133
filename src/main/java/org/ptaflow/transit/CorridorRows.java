package org.ptaflow.transit;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.TransitExposure;
import org.ptaflow.pipeline.CalendarWindows;
import org.ptaflow.pipeline.CheckpointedCounts;
import org.ptaflow.pipeline.RunCounters;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.WindowSize;

/**
 * The rows of {@code transit.csv} (contract §4) from the movements' updates ({@link MovementUpdate}). Keyed by the
 * part of a row's key that a movement never leaves ({@link #BY_DEPARTURE}: scenario, departure window, office of
 * departure, mode, direction, origin, destination), it keeps the latest update of each movement of the key and
 * sums them into one row per office of exit (the open and cancelled movements in the row without one). Percentiles
 * need every exited movement's hours, so a row is recomputed from the movements rather than kept as running sums.
 *
 * <p>A backtest emits every row once, at the end of the input. A live run emits the rows a change touches at once:
 * the row the movement was in and the row it is in now (an exit moves it from the open row to its corridor's; the
 * open row is then emitted again, with 0 movements if it was the last). The last row of each key is therefore the
 * backtest's. A live key's movements are kept until its window's end plus twice the longest time limit plus the
 * orphan wait: by then every movement of the window has exited, been cancelled or been released as overdue by
 * {@link TrackMovements}. An update that still comes later (a departure received far behind the watermark) is left
 * out of the rows and counted ({@code transit.<scenario>.row_updates_dropped}).
 *
 * <p>{@code open_exposure} is the {@link TransitExposure} of the open movements with an HS code, computed once per
 * movement on its departure date; {@code guarantee} sums the guarantees lodged on the open movements (those whose
 * goods are still in the territory), so that the two columns compare what is at risk with what covers it.
 */
public class CorridorRows extends KeyedProcessFunction<String, MovementUpdate, TransitRow>
        implements CheckpointedFunction {
    static final MapStateDescriptor<String, MovementUpdate> MOVEMENTS = new MapStateDescriptor<>(
            "transit-row-movements", Types.STRING, TypeInformation.of(MovementUpdate.class));
    private static final long DAY_MILLIS = 86_400_000L;

    private final Map<String, Scenario> scenarios = new HashMap<>();
    private final boolean live;

    private transient MapState<String, MovementUpdate> movements;
    private transient RunCounters counters;
    private transient CheckpointedCounts checkpointedCounts;

    /**
     * @param scenarios the run's scenarios that have a {@code transit:} section
     * @param live true in a live run (rows on every change, state released in time); false in a backtest
     */
    public CorridorRows(List<Scenario> scenarios, boolean live) {
        scenarios.forEach(s -> this.scenarios.put(s.id(), s));
        this.live = live;
    }

    /** The key of a movement's rows: everything but the office of exit. */
    public static KeySelector<MovementUpdate, String> byDeparture(List<Scenario> scenarios) {
        Map<String, WindowSize> sizes = new HashMap<>();
        scenarios.forEach(s -> sizes.put(s.id(), s.windows().size()));
        return new DepartureKey(sizes);
    }

    private static final class DepartureKey implements KeySelector<MovementUpdate, String> {
        private final Map<String, WindowSize> sizes;

        DepartureKey(Map<String, WindowSize> sizes) {
            this.sizes = sizes;
        }

        @Override
        public String getKey(MovementUpdate u) {
            long start = CalendarWindows.windowOf(sizes.get(u.scenario), u.departureAt).getStart();
            return u.scenario + '|' + start + '|' + u.officeDeparture + '|' + u.transportMode.code() + '|'
                    + u.direction.code() + '|' + u.origin + '|' + u.destination;
        }
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
        movements = getRuntimeContext().getMapState(MOVEMENTS);
        counters = CheckpointedCounts.register(getRuntimeContext(), checkpointedCounts);
    }

    @Override
    public void processElement(MovementUpdate update, Context ctx, Collector<TransitRow> out) throws Exception {
        Scenario scenario = scenarios.get(update.scenario);
        TimeWindow window = CalendarWindows.windowOf(scenario.windows().size(), update.departureAt);
        long releaseAt = releaseAt(scenario, window);
        if (live && releaseAt <= ctx.timerService().currentWatermark()) {
            counters.named("transit." + update.scenario + ".row_updates_dropped").add(1);
            return;
        }
        MovementUpdate before = movements.get(update.movementId);
        MovementUpdate kept = withExposure(update, before, scenario);
        movements.put(update.movementId, kept);
        if (live) {
            ctx.timerService().registerEventTimeTimer(releaseAt);
            if (before != null && !Objects.equals(before.officeExit, kept.officeExit)) {
                out.collect(row(before.officeExit, kept, window));
            }
            out.collect(row(kept.officeExit, kept, window));
        } else {
            ctx.timerService().registerEventTimeTimer(window.maxTimestamp());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TransitRow> out) throws Exception {
        if (live) {
            movements.clear();
            return;
        }
        // A backtest: the end of the input. Every row of the key once.
        Map<String, MovementUpdate> exits = new java.util.TreeMap<>();
        MovementUpdate any = null;
        for (MovementUpdate u : movements.values()) {
            exits.putIfAbsent(u.officeExit == null ? "" : u.officeExit, u);
            any = u;
        }
        if (any == null) {
            return;
        }
        TimeWindow window = CalendarWindows.windowOf(scenarios.get(any.scenario).windows().size(), any.departureAt);
        for (MovementUpdate sample : exits.values()) {
            out.collect(row(sample.officeExit, sample, window));
        }
        movements.clear();
    }

    /**
     * When a live key's movements are let go: its window's end plus twice the longest time limit (an overdue
     * movement is released one more limit after its deadline) plus the orphan wait (an exit that waited for its
     * departure), plus a day so that the release never races the last timer of a movement.
     */
    static long releaseAt(Scenario scenario, TimeWindow window) {
        var rules = scenario.transit();
        long longest = 0;
        for (String mode : org.ptaflow.scenario.TransitRules.MODES) {
            longest = Math.max(longest, rules.timeLimitMillis(mode));
        }
        return window.getEnd() + 2 * longest + rules.orphanWaitMillis() + DAY_MILLIS;
    }

    /** The update with the movement's exposure: computed on its first update, carried over afterwards. */
    private static MovementUpdate withExposure(MovementUpdate update, MovementUpdate before, Scenario scenario) {
        if (before != null && before.departureAt == update.departureAt) {
            update.exposureMicros = before.exposureMicros;
        } else if (update.hsCode == null) {
            update.exposureMicros = 0;
        } else {
            long day = Math.floorDiv(update.departureAt, DAY_MILLIS);
            update.exposureMicros = TransitExposure.micros(scenario, scenario.transit().territory(), update.hsCode,
                    Money.toMicros(update.declaredValue), update.grossMassKg, day);
        }
        return update;
    }

    /** The row of this key at one office of exit (null: the open and cancelled movements), from the kept updates. */
    private TransitRow row(String officeExit, MovementUpdate sample, TimeWindow window) throws Exception {
        TransitRow r = new TransitRow();
        r.scenario = sample.scenario;
        r.windowStart = window.getStart();
        r.windowEnd = window.getEnd();
        r.officeDeparture = sample.officeDeparture;
        r.officeExit = officeExit;
        r.transportMode = sample.transportMode.code();
        r.direction = sample.direction.code();
        r.origin = sample.origin;
        r.destination = sample.destination;
        List<Double> hours = new ArrayList<>();
        for (MovementUpdate u : movements.values()) {
            if (!Objects.equals(u.officeExit, officeExit)) {
                continue;
            }
            r.movements++;
            r.declaredValueMicros = Math.addExact(r.declaredValueMicros, Money.toMicros(u.declaredValue));
            if (u.grossMassKg != null) {
                r.grossMassMilliKg = Math.addExact(r.grossMassMilliKg,
                        u.grossMassKg.movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
            }
            if (u.exited) {
                r.exited++;
                hours.add(u.transitHours);
            }
            if (u.overdue) {
                r.overdue++;
            }
            if (u.isOpen()) {
                r.openExposureMicros = Math.addExact(r.openExposureMicros, u.exposureMicros);
                if (u.guarantee != null) {
                    r.guaranteeMicros = Math.addExact(r.guaranteeMicros, Money.toMicros(u.guarantee));
                }
            }
        }
        if (!hours.isEmpty()) {
            double[] sorted = hours.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            r.transitHoursP50 = nearestRank(sorted, 0.5);
            r.transitHoursP90 = nearestRank(sorted, 0.9);
        }
        return r;
    }

    /** The nearest-rank percentile: the ⌈q × n⌉-th smallest value. */
    static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }
}
