package org.ptaflow.pipeline;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.ptaflow.records.RejectionReason;

/**
 * The run's accounting: every record read ends as accepted, rejected (by reason), duplicate, late or out of scope,
 * per scenario, so that {@code read = accepted + rejected + duplicates + late + out_of_scope} holds for each.
 *
 * <p>Each count is both a Flink accumulator (merged over subtasks into the run summary at the end of a bounded run,
 * and readable live through the job client) and a metric counter (for Prometheus and the web UI). Names are stable:
 * {@code read}, {@code rejected.<reason>} for records the parser refused (they count in every scenario),
 * {@code scenario.<id>.<outcome>} for the rest. The gauge {@code last_event_time} (epoch ms) is the latest
 * registration time a subtask has seen.
 */
public final class RunCounters {
    public static final String READ = "read";
    public static final String MAX_EVENT_TIME = "max_event_time";

    /** Counts one thing in both the accumulator and the metric. */
    public static final class Tally {
        private final LongCounter accumulator;
        private final Counter metric;

        Tally(LongCounter accumulator, Counter metric) {
            this.accumulator = accumulator;
            this.metric = metric;
        }

        public void add(long n) {
            accumulator.add(n);
            metric.inc(n);
        }
    }

    private final RuntimeContext context;
    private final MetricGroup metrics;
    public final Tally read;
    private final Map<RejectionReason, Tally> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<String, Tally> byName = new HashMap<>();
    /** Every tally of this subtask by accumulator name, for {@link #counts()} and {@link #restore}. */
    private final Map<String, Tally> all = new HashMap<>();
    private final LongMaximum maxEventTime;
    /** The latest event time this subtask has seen, as a gauge (registered on the first record, epoch ms). */
    private volatile long lastEventTime = Long.MIN_VALUE;
    private boolean lastEventTimeGauge;

    private RunCounters(RuntimeContext context) {
        this.context = context;
        this.metrics = context.getMetricGroup().addGroup("ptaflow");
        this.read = tally(READ);
        this.maxEventTime = new LongMaximum();
        context.addAccumulator(MAX_EVENT_TIME, maxEventTime);
    }

    public static RunCounters register(RuntimeContext context) {
        return new RunCounters(context);
    }

    /** Records the parser rejected: they count as rejected in every scenario. */
    public Tally rejected(RejectionReason reason) {
        return rejected.computeIfAbsent(reason, r -> tally("rejected." + r.code()));
    }

    /** A per-scenario outcome: accepted, duplicates, conflicts, late, out_of_scope, rejected.<reason>. */
    public Tally scenario(String scenarioId, String outcome) {
        return byName.computeIfAbsent(scenarioId + '\u0000' + outcome,
                k -> tally("scenario." + scenarioId + "." + outcome));
    }

    public void eventTime(long millis) {
        maxEventTime.add(millis);
        if (millis > lastEventTime) {
            lastEventTime = millis;
        }
        if (!lastEventTimeGauge) {
            metrics.gauge("last_event_time", (org.apache.flink.metrics.Gauge<Long>) () -> lastEventTime);
            lastEventTimeGauge = true;
        }
    }

    private Tally tally(String name) {
        return all.computeIfAbsent(name, n -> new Tally(context.getLongCounter(n), metrics.counter(n.replace('.', '_'))));
    }

    /**
     * This subtask's counts so far, by accumulator name: what a checkpoint keeps. Accumulators are not part of
     * Flink's checkpoints, and a task restarted after a failure starts them at zero while its input resumes after
     * the checkpoint; without this, a run that recovered would count only what it read after its last restore.
     */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        all.forEach((name, t) -> counts.put(name, t.accumulator.getLocalValue()));
        return counts;
    }

    /** Adds counts a checkpoint kept (of this subtask, or of others after rescaling) to this subtask's. */
    public void restore(Iterable<org.apache.flink.api.java.tuple.Tuple2<String, Long>> counts) {
        for (org.apache.flink.api.java.tuple.Tuple2<String, Long> c : counts) {
            tally(c.f0).add(c.f1);
        }
    }

    /** The operator state that holds {@link #counts()} across a restore: (accumulator name, count) pairs. */
    public static org.apache.flink.api.common.state.ListStateDescriptor<org.apache.flink.api.java.tuple.Tuple2<String, Long>>
            stateDescriptor() {
        return new org.apache.flink.api.common.state.ListStateDescriptor<>("run-counts",
                org.apache.flink.api.common.typeinfo.Types.TUPLE(org.apache.flink.api.common.typeinfo.Types.STRING,
                        org.apache.flink.api.common.typeinfo.Types.LONG));
    }

    /**
     * Writes {@link #counts()} into the operator state at a checkpoint (call from
     * {@code CheckpointedFunction.snapshotState}).
     */
    public void snapshot(org.apache.flink.api.common.state.ListState<org.apache.flink.api.java.tuple.Tuple2<String, Long>> state)
            throws Exception {
        java.util.List<org.apache.flink.api.java.tuple.Tuple2<String, Long>> entries = new java.util.ArrayList<>();
        counts().forEach((name, n) -> entries.add(org.apache.flink.api.java.tuple.Tuple2.of(name, n)));
        state.update(entries);
    }
}
