package org.ptaflow.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

    /**
     * Counts one thing in both the accumulator and the metric. A source's tally also counts into the run's total of
     * the same thing, so the two can never disagree.
     */
    public static final class Tally {
        private final LongCounter accumulator;
        private final Counter metric;
        /** The run's total this tally is part of; null for a total. */
        private final Tally total;

        Tally(LongCounter accumulator, Counter metric, Tally total) {
            this.accumulator = accumulator;
            this.metric = metric;
            this.total = total;
        }

        public void add(long n) {
            accumulator.add(n);
            metric.inc(n);
            if (total != null) {
                total.add(n);
            }
        }

        /** Adds a count a checkpoint kept to this tally only: the total's own count was kept beside it. */
        void restore(long n) {
            accumulator.add(n);
            metric.inc(n);
        }
    }

    /**
     * The tallies of one source (a file, a Kafka topic partition, the simulator): accumulators named
     * {@code source[<name>].<count>} with the same counts as the run's totals ({@code read}, {@code rejected.<reason>},
     * {@code scenario.<id>.<outcome>}), and metrics of the same names in a group labelled {@code source=<name>}.
     * Every add also counts into the total, so the identity holds per source and in all.
     */
    public final class SourceCounts {
        public final String name;
        private Tally read;

        private SourceCounts(String name) {
            this.name = name;
        }

        /**
         * Records read from this source. Created on first use, so that only the operator that reads (the parser)
         * registers a {@code read} metric, not every operator that counts.
         */
        public Tally read() {
            if (read == null) {
                read = sourceTally(name, READ);
            }
            return read;
        }

        /** Records of this source the parser rejected. */
        public Tally rejected(RejectionReason reason) {
            return sourceTally(name, "rejected." + reason.code());
        }

        /** A per-scenario outcome of this source's records. */
        public Tally scenario(String scenarioId, String outcome) {
            return sourceTally(name, "scenario." + scenarioId + "." + outcome);
        }
    }

    /** The accumulator name prefix of a source's counts: {@code source[<name>].}. */
    public static final String SOURCE_PREFIX = "source[";
    private static final String SOURCE_END = "].";

    /** The accumulator name of a source's count. */
    public static String sourceCountName(String source, String count) {
        return SOURCE_PREFIX + source + SOURCE_END + count;
    }

    /**
     * Splits an accumulator name into its source and count, or returns null for a run total. The count part never
     * holds "]." (reasons and outcomes are fixed words; scenario ids are checked by the scenario loader), so the
     * last "]." ends the source name, whatever characters a file name holds.
     */
    public static String[] splitSourceCountName(String name) {
        if (!name.startsWith(SOURCE_PREFIX)) {
            return null;
        }
        int end = name.lastIndexOf(SOURCE_END);
        if (end < SOURCE_PREFIX.length()) {
            return null;
        }
        return new String[] {name.substring(SOURCE_PREFIX.length(), end), name.substring(end + SOURCE_END.length())};
    }

    private final RuntimeContext context;
    private final MetricGroup metrics;
    private final Map<RejectionReason, Tally> rejected = new EnumMap<>(RejectionReason.class);
    private final Map<String, Tally> byName = new HashMap<>();
    /** Every tally of this subtask by accumulator name, for {@link #counts()} and {@link #restore}. */
    private final Map<String, Tally> all = new HashMap<>();
    /** Records come in runs from one source: the source of the previous call is found without the map. */
    private final OncePerKey<SourceCounts> sources = new OncePerKey<>(SourceCounts::new);
    private final LongMaximum maxEventTime;
    /**
     * The latest event time this subtask has seen, as a gauge (registered on the first record, epoch ms). Written
     * and read through {@link #LAST_EVENT_TIME} in opaque mode: atomic and seen by the metrics thread soon, without
     * the fence of a volatile store, which the join paid on nearly every record of a time-ordered file (it waits
     * for the record's freshly written objects to leave the store buffer: 7 % of the join thread's time).
     */
    private long lastEventTime = Long.MIN_VALUE;
    private static final VarHandle LAST_EVENT_TIME;

    static {
        try {
            LAST_EVENT_TIME = MethodHandles.lookup()
                    .findVarHandle(RunCounters.class, "lastEventTime", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private boolean lastEventTimeGauge;

    private RunCounters(RuntimeContext context) {
        this.context = context;
        this.metrics = context.getMetricGroup().addGroup("ptaflow");
        this.maxEventTime = new LongMaximum();
        context.addAccumulator(MAX_EVENT_TIME, maxEventTime);
    }

    public static RunCounters register(RuntimeContext context) {
        return new RunCounters(context);
    }

    /** The counts of one source, created on its first record. */
    public SourceCounts source(String name) {
        return sources.get(name == null ? "" : name);
    }

    /**
     * Registers the run's total of records read (the reading operator calls it on open), so that the metric exists
     * from the start, before the first record names its source.
     */
    public void registerRead() {
        tally(READ);
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

    /**
     * A count of the run by its accumulator name, for counts outside the customs records' identity (the transit
     * events': {@code transit.read}, {@code transit.rejected.<reason>}, {@code transit.<scenario>.<outcome>}).
     */
    public Tally named(String name) {
        return tally(name);
    }

    public void eventTime(long millis) {
        maxEventTime.add(millis);
        if (millis > lastEventTime) { // a plain read: only this thread writes it
            LAST_EVENT_TIME.setOpaque(this, millis);
        }
        if (!lastEventTimeGauge) {
            metrics.gauge("last_event_time",
                    (org.apache.flink.metrics.Gauge<Long>) () -> (long) LAST_EVENT_TIME.getOpaque(this));
            lastEventTimeGauge = true;
        }
    }

    private Tally tally(String name) {
        String[] source = splitSourceCountName(name);
        if (source != null) {
            return sourceTally(source[0], source[1]);
        }
        return all.computeIfAbsent(name,
                n -> new Tally(context.getLongCounter(n), metrics.counter(n.replace('.', '_')), null));
    }

    private Tally sourceTally(String source, String count) {
        String name = sourceCountName(source, count);
        Tally existing = all.get(name);
        if (existing != null) {
            return existing;
        }
        Tally total = tally(count);
        Tally t = new Tally(context.getLongCounter(name),
                metrics.addGroup("source", source).counter(count.replace('.', '_')), total);
        all.put(name, t);
        return t;
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
            tally(c.f0).restore(c.f1);
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
