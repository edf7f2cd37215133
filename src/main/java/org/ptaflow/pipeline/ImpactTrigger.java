package org.ptaflow.pipeline;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a window's final row when the watermark passes its end, and — for live runs of scenarios with
 * {@code windows.update_every} — early rows of the running window at most once per interval of processing time,
 * and only when new records arrived since the last one (a dashboard gets changes, not repeats). A record within
 * the allowed lateness after the final row fires the window again: the new row replaces the old one.
 *
 * <p>A window holding records on a quota line (live runs with an allowed lateness) fires its final row only at its end
 * plus that lateness, when the quota has allocated the window's last day: its early rows show those claims pending,
 * its final row comes once, with their fractions.
 *
 * <p>Early firings never purge: the window keeps its sums until its end plus the allowed lateness, then Flink
 * clears the state and this trigger's timers ({@link #clear}).
 */
public class ImpactTrigger extends Trigger<ScenarioContribution, TimeWindow> {
    private final long[] updateEveryByScenario;
    /** Per scenario index, how long a window holding quota records waits past its end (live runs; 0 otherwise). */
    private final long[] quotaWaitByScenario;

    private static final ValueStateDescriptor<Long> PENDING_UPDATE =
            new ValueStateDescriptor<>("pending-early-update", Types.LONG);
    /** A window with records on a quota line: when its final row fires (its end plus the allowed lateness). */
    private static final ValueStateDescriptor<Long> QUOTA_FINAL_AT =
            new ValueStateDescriptor<>("quota-final-row-at", Types.LONG);

    /** @param updateEveryByScenario early-update interval per scenario index, milliseconds; 0 = final rows only */
    public ImpactTrigger(long[] updateEveryByScenario) {
        this(updateEveryByScenario, new long[updateEveryByScenario.length]);
    }

    /**
     * @param quotaWaitByScenario per scenario index, how long past its end a window that holds records on a quota
     *     line waits for its final row: the scenario's allowed lateness in a live run, after which the quota has
     *     allocated the window's last day (economics.md §7); 0 in a backtest
     */
    public ImpactTrigger(long[] updateEveryByScenario, long[] quotaWaitByScenario) {
        this.updateEveryByScenario = updateEveryByScenario.clone();
        this.quotaWaitByScenario = quotaWaitByScenario.clone();
    }

    @Override
    public TriggerResult onElement(ScenarioContribution element, long timestamp, TimeWindow window,
            TriggerContext ctx) throws Exception {
        ValueState<Long> quotaFinalAt = ctx.getPartitionedState(QUOTA_FINAL_AT);
        if (element.awaitsQuota && quotaWaitByScenario[element.scenarioIndex] > 0 && quotaFinalAt.value() == null) {
            long at = window.maxTimestamp() + quotaWaitByScenario[element.scenarioIndex];
            quotaFinalAt.update(at);
            ctx.registerEventTimeTimer(at);
        }
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            Long held = quotaFinalAt.value();
            if (held != null && ctx.getCurrentWatermark() < held) {
                // The final row waits for the quota's last allocations of this window; this record goes into it.
                return TriggerResult.CONTINUE;
            }
            // A late record within the allowed lateness: replace the final row now.
            return TriggerResult.FIRE;
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        long every = updateEveryByScenario[element.scenarioIndex];
        if (every > 0) {
            ValueState<Long> pending = ctx.getPartitionedState(PENDING_UPDATE);
            if (pending.value() == null) {
                long at = ctx.getCurrentProcessingTime() + every;
                ctx.registerProcessingTimeTimer(at);
                pending.update(at);
            }
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        ValueState<Long> pending = ctx.getPartitionedState(PENDING_UPDATE);
        pending.clear();
        // Records arrived since the timer was set (that is what set it): emit the running row.
        return window.maxTimestamp() <= ctx.getCurrentWatermark() ? TriggerResult.CONTINUE : TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        Long held = ctx.getPartitionedState(QUOTA_FINAL_AT).value();
        long finalAt = held == null ? window.maxTimestamp() : held;
        return time == finalAt ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ValueState<Long> quotaFinalAt = ctx.getPartitionedState(QUOTA_FINAL_AT);
        Long held = quotaFinalAt.value();
        if (held != null) {
            ctx.deleteEventTimeTimer(held);
        }
        quotaFinalAt.clear();
        ValueState<Long> pending = ctx.getPartitionedState(PENDING_UPDATE);
        Long at = pending.value();
        if (at != null) {
            ctx.deleteProcessingTimeTimer(at);
        }
        pending.clear();
    }

    @Override
    public String toString() {
        return "ImpactTrigger";
    }
}
