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
 * <p>Early firings never purge: the window keeps its sums until its end plus the allowed lateness, then Flink
 * clears the state and this trigger's timers ({@link #clear}).
 */
public class ImpactTrigger extends Trigger<ScenarioContribution, TimeWindow> {
    private final long[] updateEveryByScenario;

    private static final ValueStateDescriptor<Long> PENDING_UPDATE =
            new ValueStateDescriptor<>("pending-early-update", Types.LONG);

    /** @param updateEveryByScenario early-update interval per scenario index, milliseconds; 0 = final rows only */
    public ImpactTrigger(long[] updateEveryByScenario) {
        this.updateEveryByScenario = updateEveryByScenario.clone();
    }

    @Override
    public TriggerResult onElement(ScenarioContribution element, long timestamp, TimeWindow window,
            TriggerContext ctx) throws Exception {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
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
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
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
