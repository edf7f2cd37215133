package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.scenario.Scenario;

/**
 * Metrics of the impact rows, per scenario, for the people who run the job: a counter of the rows emitted
 * ({@code ptaflow_scenario_<id>_rows_emitted}, early updates included), and gauges of the revenue forgone in the
 * current window ({@code ..._revenue_forgone_current_window}, USD, with {@code ..._current_window_start}, epoch
 * ms): the sum of the latest row (early or final) of every key of the newest window this subtask has emitted rows
 * for. A row replaces the earlier row of its key, so an early update counts once; a newer window starts the sum
 * again. Each subtask reports its own keys, so a dashboard sums over subtasks.
 *
 * <p>Only the current window's keys are held, in memory, not in Flink state: after a restore the gauge restarts
 * from the rows emitted since (it is a metric, not an output).
 */
final class ImpactRowMetrics {
    private static final class ScenarioWindow {
        volatile long windowStart = Long.MIN_VALUE;
        final Map<ImpactKey, Long> forgoneByKey = new HashMap<>();
        volatile long totalMicros;
        Counter rows;
    }

    private final Map<String, ScenarioWindow> byScenario = new HashMap<>();

    private ImpactRowMetrics() {}

    static ImpactRowMetrics register(MetricGroup operatorGroup, List<Scenario> scenarios) {
        ImpactRowMetrics gauges = new ImpactRowMetrics();
        MetricGroup group = operatorGroup.addGroup("ptaflow");
        for (Scenario s : scenarios) {
            ScenarioWindow w = new ScenarioWindow();
            gauges.byScenario.put(s.id(), w);
            w.rows = group.counter("scenario_" + s.id() + "_rows_emitted");
            group.gauge("scenario_" + s.id() + "_revenue_forgone_current_window",
                    (Gauge<Double>) () -> w.totalMicros / 1_000_000.0);
            group.gauge("scenario_" + s.id() + "_current_window_start", (Gauge<Long>) () -> w.windowStart);
        }
        return gauges;
    }

    void update(ImpactRow row) {
        ScenarioWindow w = byScenario.get(row.key.scenario());
        if (w != null) {
            w.rows.inc();
        }
        if (w == null || row.windowStart < w.windowStart) {
            return; // a row of an older window (a late record within the allowed lateness): not the current one
        }
        synchronized (w) {
            if (row.windowStart > w.windowStart) {
                w.forgoneByKey.clear();
                w.totalMicros = 0;
                w.windowStart = row.windowStart;
            }
            // Every key held is of the window w.windowStart: the key without its window tells the rows apart.
            long forgone = row.sums.revenueForgone();
            Long before = w.forgoneByKey.put(row.key, forgone);
            w.totalMicros = w.totalMicros + forgone - (before == null ? 0 : before);
        }
    }
}
