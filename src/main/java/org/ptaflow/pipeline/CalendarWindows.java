package org.ptaflow.pipeline;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.ptaflow.scenario.WindowSize;

/**
 * Tumbling event-time windows on the UTC calendar: days, ISO weeks (Monday 00:00 UTC) and calendar months (the
 * first of the month 00:00 UTC, so February has 28 or 29 days — not 30-day blocks). Each scenario of a run may
 * have its own window size: the assigner reads it from the contribution's scenario index. The window is taken
 * from the record's registration time carried in the element, not from the stream timestamp, so records
 * released from the buffer of the scenario join land in the right window.
 */
public class CalendarWindows extends WindowAssigner<ScenarioContribution, TimeWindow> {
    private static final long DAY = 86_400_000L;

    private final WindowSize[] sizeByScenario;
    private final Trigger<ScenarioContribution, TimeWindow> trigger;

    public CalendarWindows(List<WindowSize> sizeByScenario, Trigger<ScenarioContribution, TimeWindow> trigger) {
        this.sizeByScenario = sizeByScenario.toArray(new WindowSize[0]);
        this.trigger = trigger;
    }

    @Override
    public Collection<TimeWindow> assignWindows(ScenarioContribution element, long timestamp,
            WindowAssignerContext context) {
        return List.of(windowOf(sizeByScenario[element.scenarioIndex], element.eventTime));
    }

    /**
     * {@code last} if it holds the instant, else {@link #windowOf(WindowSize, long)}: for callers that keep the window
     * of the record before (consecutive records mostly share it), {@code last} of the same size or null.
     */
    static TimeWindow windowOf(WindowSize size, long eventTime, TimeWindow last) {
        if (last != null && eventTime >= last.getStart() && eventTime < last.getEnd()) {
            return last;
        }
        return windowOf(size, eventTime);
    }

    /** The window of the given size that holds the instant (epoch milliseconds UTC). */
    public static TimeWindow windowOf(WindowSize size, long eventTime) {
        long day = Math.floorDiv(eventTime, DAY);
        switch (size) {
            case DAY:
                return new TimeWindow(day * DAY, (day + 1) * DAY);
            case WEEK: {
                // 1970-01-01 was a Thursday: Monday-based day of week is (day + 3) mod 7.
                long monday = day - Math.floorMod(day + 3, 7);
                return new TimeWindow(monday * DAY, (monday + 7) * DAY);
            }
            case MONTH: {
                LocalDate first = LocalDate.ofEpochDay(day).withDayOfMonth(1);
                return new TimeWindow(first.toEpochDay() * DAY, first.plusMonths(1).toEpochDay() * DAY);
            }
            default:
                throw new IllegalArgumentException("unknown window size " + size);
        }
    }

    @Override
    public Trigger<ScenarioContribution, TimeWindow> getDefaultTrigger() {
        return trigger;
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "CalendarWindows" + List.of(sizeByScenario);
    }
}
