package org.ptaflow.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.flags.Flag;
import org.ptaflow.flags.PartnerShiftFunction;
import org.ptaflow.quotas.AllocateQuotas;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.CustomsRecordTypeInfo;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.scenario.WindowSize;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * The dataflow of ptaflow as a function of its input streams (style.md): customs source lines and tariff
 * amendments in (the scenarios, with their tables, are arguments); impact rows, rejected records, late records and
 * the quotas' daily allocations out. {@code main} only wires real sources and sinks to it;
 * tests call it with bounded in-memory streams.
 *
 * <pre>
 * lines ─ parse ─ timestamps/watermarks ─ keep text where needed ─ keyBy(declaration, item) ─┐
 * amendments (no event time) ──────────────────────────────────────────── broadcast ────────┴─ scenario join
 * scenario join (dedup, rates, lateness, routing; combines before its shuffles):
 *   ├─ contributions (records on quota lines: pending), combined per key and window ────────────┐
 *   ├─ origin imports, combined per line, origin and month ─ keyBy(line) ─ partner shift ─ flags │
 *   └─ records on quota lines ─ keyBy(scenario, quota) ─ allocation by day ─┬─ quota status    │
 *                                                                           └─ what it adds ─ combine ─ ∪
 *   ∪ ─ keyBy(scenario, importer, beneficiary, HS6) ─ calendar window (sums) ─ SMART estimate ─ impact rows
 * </pre>
 */
public final class ImpactPipeline {
    private ImpactPipeline() {}

    /**
     * A live run's combiner also flushes this often in processing time (besides on every watermark), so that a
     * standing watermark does not hold back early rows; far below any sensible {@code windows.update_every}.
     */
    static final long COMBINER_FLUSH_MILLIS = 200;

    /** A live run's default duplicate horizon: a week of event time past a record's registration. */
    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofDays(7);

    /** How the job treats time. */
    public record Settings(
            /** Bounded history: no watermarks until the end (nothing is late), no early rows. */
            boolean backtest,
            /** Live runs: how far out of order records may come before the watermark passes them. */
            Duration outOfOrderness,
            /** Live runs: a source split silent this long stops holding the watermark back. */
            Duration idleness,
            /**
             * Live runs: how long past its registration time (event time) an accepted (declaration, item) is
             * remembered at least to catch duplicates; never before its windows have closed (see
             * {@link ApplyScenarios}). Backtests remember every key.
             */
            Duration dedupHorizon,
            /**
             * Live runs: emit a watermark after every record instead of periodically. Costs throughput; makes
             * lateness deterministic, which tests need.
             */
            boolean watermarkPerRecord,
            /**
             * Live runs: the source already assigned event time and watermarks (Kafka: one watermark per
             * partition), so the job does not assign them again after parsing.
             */
            boolean watermarksFromSource,
            /**
             * Backtests: the latest event time of the transit input (contract §4: the clock ends there, a deadline
             * after it raises nothing); {@link Long#MAX_VALUE} in a live run or without transit events.
             */
            long transitClockEnd,
            /**
             * The settings of the job's simulator when its source sends records to be made directly (lines of format
             * {@link SourceLine#SIMULATED}); null otherwise.
             */
            SimulatorSettings simulatedRecords,
            /**
             * Backtests: about how many records the input holds (estimated from the files' sizes), to size the
             * duplicate memory from the start; 0 when unknown.
             */
            long expectedRecords,
            /**
             * Backtests: the input files whose records' text the scenario join can read again where it writes a
             * record out (source name → file URI; {@link RecordTexts}), so that the text of their plain lines does
             * not cross the shuffle; empty otherwise.
             */
            Map<String, String> recordTextFiles) {

        public Settings {
            recordTextFiles = recordTextFiles == null ? Map.of() : Map.copyOf(recordTextFiles);
        }

        public static Settings forBacktest() {
            return new Settings(true, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, false, Long.MAX_VALUE,
                    null, 0, Map.of());
        }

        public static Settings forLive(Duration outOfOrderness) {
            return new Settings(false, outOfOrderness, Duration.ofSeconds(30), DEFAULT_DEDUP_HORIZON, false,
                    false, Long.MAX_VALUE, null, 0, Map.of());
        }

        public Settings withWatermarkPerRecord() {
            return new Settings(backtest, outOfOrderness, idleness, dedupHorizon, true, watermarksFromSource,
                    transitClockEnd, simulatedRecords, expectedRecords, recordTextFiles);
        }

        public Settings withDedupHorizon(Duration horizon) {
            return new Settings(backtest, outOfOrderness, idleness, horizon, watermarkPerRecord,
                    watermarksFromSource, transitClockEnd, simulatedRecords, expectedRecords, recordTextFiles);
        }

        public Settings withWatermarksFromSource() {
            return new Settings(backtest, outOfOrderness, idleness, dedupHorizon, watermarkPerRecord, true,
                    transitClockEnd, simulatedRecords, expectedRecords, recordTextFiles);
        }

        public Settings withTransitClockEnd(long clockEnd) {
            return new Settings(backtest, outOfOrderness, idleness, dedupHorizon, watermarkPerRecord,
                    watermarksFromSource, clockEnd, simulatedRecords, expectedRecords, recordTextFiles);
        }

        /** A backtest expects about this many records (0: unknown); see {@link #expectedRecords}. */
        public Settings withExpectedRecords(long records) {
            return new Settings(backtest, outOfOrderness, idleness, dedupHorizon, watermarkPerRecord,
                    watermarksFromSource, transitClockEnd, simulatedRecords, records, recordTextFiles);
        }

        /** A backtest's files whose records' text the join reads again where needed; see {@link #recordTextFiles}. */
        public Settings withRecordTextFiles(Map<String, String> files) {
            return new Settings(backtest, outOfOrderness, idleness, dedupHorizon, watermarkPerRecord,
                    watermarksFromSource, transitClockEnd, simulatedRecords, expectedRecords, files);
        }

        /** The job's simulator sends records to be made directly ({@code SimulatedCustomsLines}, direct). */
        public Settings withSimulatedRecords(SimulatorSettings simulator) {
            return new Settings(backtest, outOfOrderness, idleness, dedupHorizon, watermarkPerRecord,
                    watermarksFromSource, transitClockEnd, simulator, expectedRecords, recordTextFiles);
        }
    }

    /**
     * The streams the job produces. {@code transitRows} and {@code transitAlerts} are null when no scenario of the
     * run has a {@code transit:} section.
     */
    public record Outputs(DataStream<ImpactRow> impactRows, DataStream<RejectedRecord> rejected,
            DataStream<LateRecord> late, DataStream<QuotaStatus> quotaStatus, DataStream<Flag> flags,
            DataStream<TransitRow> transitRows, DataStream<TransitAlert> transitAlerts) {}

    /** Bounded out-of-orderness, with the watermark emitted right after each record (deterministic lateness). */
    static final class PerRecordWatermarks<T> implements WatermarkGenerator<T> {
        private final long outOfOrderness;
        private long maxTimestamp = Long.MIN_VALUE;

        PerRecordWatermarks(Duration outOfOrderness) {
            this.outOfOrderness = outOfOrderness.toMillis();
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > maxTimestamp) {
                maxTimestamp = eventTimestamp;
                output.emitWatermark(new Watermark(maxTimestamp - outOfOrderness - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    /**
     * @param amendments changes to the scenarios' tables received while the job runs ({@code concession-updates}),
     *     or null when the run has none
     */
    public static Outputs build(DataStream<SourceLine> lines, DataStream<TariffAmendment> amendments,
            List<Scenario> scenarios, Settings settings) {
        return build(lines, amendments, scenarios, settings, UnaryOperator.identity());
    }

    /**
     * @param transitLines transit movement events (contract §1b), or null when the run has none; the transit
     *     operators are in the job whenever a scenario has a {@code transit:} section, with or without events
     */
    public static Outputs build(DataStream<SourceLine> lines, DataStream<TariffAmendment> amendments,
            DataStream<SourceLine> transitLines, List<Scenario> scenarios, Settings settings) {
        return build(lines, amendments, transitLines, scenarios, settings,
                new Taps(UnaryOperator.identity(), Tap.NONE, UnaryOperator.identity()));
    }

    /**
     * @param afterParse applied to the parsed records before the scenario join; tests insert fault injection here
     */
    public static Outputs build(DataStream<SourceLine> lines, DataStream<TariffAmendment> amendments,
            List<Scenario> scenarios, Settings settings, UnaryOperator<DataStream<CustomsRecord>> afterParse) {
        return build(lines, amendments, null, scenarios, settings,
                new Taps(afterParse, Tap.NONE, UnaryOperator.identity()));
    }

    /**
     * Streams between stages that a caller may replace: the benchmark's stage-isolating runs
     * ({@code PipelineStages} in src/bench) stop the records after one stage this way, keeping every operator of
     * the job in the graph. The job and its tests pass the identity for the last two.
     *
     * @param afterParse the parsed records with event time, their text dropped where the join cannot need it, before
     *     the scenario join
     * @param afterJoin applied to what the join sends on, combined (contributions and origin imports), and to what
     *     the quotas' allocation adds before it is combined
     * @param afterCombine the combined contributions, before the shuffle to the windows
     */
    record Taps(UnaryOperator<DataStream<CustomsRecord>> afterParse, Tap afterJoin,
            UnaryOperator<DataStream<ScenarioContribution>> afterCombine) {}

    /** A stream a caller may replace, whatever its type (the stage-isolating runs stop it). */
    interface Tap {
        /** Leaves the stream as it is. */
        Tap NONE = new Tap() {
            @Override
            public <T> DataStream<T> apply(DataStream<T> stream) {
                return stream;
            }
        };

        <T> DataStream<T> apply(DataStream<T> stream);
    }

    static Outputs build(DataStream<SourceLine> lines, DataStream<TariffAmendment> amendments,
            List<Scenario> scenarios, Settings settings, Taps taps) {
        return build(lines, amendments, null, scenarios, settings, taps);
    }

    static Outputs build(DataStream<SourceLine> lines, DataStream<TariffAmendment> amendments,
            DataStream<SourceLine> transitLines, List<Scenario> scenarios, Settings settings, Taps taps) {
        UnaryOperator<DataStream<CustomsRecord>> afterParse = taps.afterParse();
        // Parsing and event time run at the source's parallelism, chained to it: no shuffle of raw text, and the
        // watermark follows each source split's own order.
        // Records carry <tax>_collected for any tax of the run's scenarios (contract §1).
        java.util.TreeSet<String> taxNames = new java.util.TreeSet<>();
        scenarios.forEach(s -> taxNames.addAll(s.taxNames()));
        SingleOutputStreamOperator<CustomsRecord> records = lines
                .process(new ParseCustomsRecords(List.copyOf(taxNames), settings.simulatedRecords(),
                        settings.recordTextFiles().keySet()))
                .setParallelism(lines.getParallelism())
                .uid("parse-customs-records").name("Parse customs records");

        WatermarkStrategy<CustomsRecord> watermarks;
        if (settings.backtest()) {
            watermarks = WatermarkStrategy.noWatermarks();
        } else if (settings.watermarkPerRecord()) {
            Duration bound = settings.outOfOrderness();
            watermarks = WatermarkStrategy.forGenerator(ctx -> new PerRecordWatermarks<>(bound));
        } else {
            watermarks = WatermarkStrategy.<CustomsRecord>forBoundedOutOfOrderness(settings.outOfOrderness())
                    .withIdleness(settings.idleness());
        }
        DataStream<CustomsRecord> timed = settings.watermarksFromSource() ? records : records
                .assignTimestampsAndWatermarks(watermarks.withTimestampAssigner((r, previous) -> r.registeredAt))
                .setParallelism(lines.getParallelism())
                .uid("event-time").name("Event time: registration");
        // Only what the join needs crosses the shuffle (CustomsRecordSerializer): the text stays behind unless the
        // join may write the record out and cannot read the text again from the record's file.
        timed = timed.transform("Keep text only where the join may need it", CustomsRecordTypeInfo.INSTANCE,
                        new KeepTextWhereNeeded(scenarios, !settings.backtest(), amendments != null,
                                settings.simulatedRecords()))
                .setParallelism(timed.getParallelism())
                .uid("keep-text-where-needed");
        timed = afterParse.apply(timed);

        // Without amendments the join still has its amendment input (empty), so that every run has the same
        // operators and state whatever its sources. (Flink 2.2's fromData fails on an empty collection, hence one
        // blank amendment filtered out.) Every join subtask gets every amendment (broadcast); the join takes event
        // time from the records alone (ScenarioJoinOperator).
        TypeInformation<TariffAmendment> amendmentType = TypeInformation.of(TariffAmendment.class);
        DataStream<TariffAmendment> changes = amendments != null ? amendments
                : timed.getExecutionEnvironment().fromData(List.of(new TariffAmendment()), amendmentType)
                        .uid("no-amendments").name("No amendments")
                        .filter(blank -> false).uid("no-amendments-filter")
                        .name("No amendments: the blank one filtered out");
        // The join combines what it routes before the shuffles (ScenarioJoinOperator): contributions per window key
        // (its main output) and values per line, origin and month (side output ORIGIN_IMPORTS).
        // Keyed by (declaration, item) as keyBy(CustomsRecordKey) keys them, without making each key's string on the
        // reading side (CustomsRecordPartitioner).
        SingleOutputStreamOperator<ScenarioContribution> joined = CustomsRecordPartitioner.keyJoin(
                CustomsRecordPartitioner.partition(timed)
                        .connect(changes.broadcast())
                        .transform("Apply scenarios: dedup, rates in force, routing; combine per window key",
                                TypeInformation.of(ScenarioContribution.class), new ScenarioJoinOperator(
                                        new ApplyScenarios(scenarios, !settings.backtest(), settings.dedupHorizon())
                                                .writingSimulatedText(settings.simulatedRecords())
                                                .readingTextFrom(settings.recordTextFiles())
                                                .expectingRecords(settings.expectedRecords())))
                        .uid("scenario-join"));

        List<WindowSize> sizes = new ArrayList<>();
        long[] updateEvery = new long[scenarios.size()];
        long[] quotaWait = new long[scenarios.size()];
        long maxLateness = 0;
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            sizes.add(s.windows().size());
            updateEvery[i] = settings.backtest() ? 0 : s.windows().updateEveryMillis();
            quotaWait[i] = settings.backtest() || !s.hasQuotas() ? 0 : s.windows().allowedLatenessMillis();
            maxLateness = Math.max(maxLateness, s.windows().allowedLatenessMillis());
        }
        // Lateness is decided per scenario upstream (each scenario has its own); the window keeps its sums for the
        // longest of them so that no record the join let through is dropped here.
        // Records on quota lines were counted as pending; each quota's allocation adds what their fractions change
        // once their day is allocated (economics.md §7). Present in every run, with or without quotas.
        SingleOutputStreamOperator<ScenarioContribution> quotaAllocations = joined
                .getSideOutput(OutputTags.QUOTA_EVENTS)
                .keyBy(AllocateQuotas.BY_QUOTA)
                .process(new AllocateQuotas(scenarios, !settings.backtest()),
                        TypeInformation.of(ScenarioContribution.class))
                .uid("quota-allocation").name("Quota allocation by registration day");

        // What the allocation adds, one contribution per claim when its day is allocated (a backtest's every day at
        // its end), is combined the same way before the shuffle, and joins the join's sums on the way to the windows.
        DataStream<ScenarioContribution> combined = taps.afterJoin().apply(joined);
        DataStream<ScenarioContribution> allocated = taps.afterJoin().apply(quotaAllocations)
                .transform("Combine allocations per window key", TypeInformation.of(ScenarioContribution.class),
                        new CombineAllocations(sizes, settings.backtest() ? 0 : COMBINER_FLUSH_MILLIS))
                .uid("combine-quota-allocations");
        DataStream<ImpactRow> rows = taps.afterCombine().apply(combined.union(allocated))
                .keyBy(ScenarioContribution::outputKey)
                .window(new CalendarWindows(sizes, new ImpactTrigger(updateEvery, quotaWait)))
                .allowedLateness(Duration.ofMillis(settings.backtest() ? 0 : maxLateness))
                .aggregate(new SumContributions(), new EstimateImpact(scenarios))
                .uid("impact-window-sums").name("Window sums and SMART estimates");

        // Origin checks (contract §4 flags.csv): consignment flags come from the join itself; partner_shift needs
        // each line's months by origin, summed in the join like the contributions.
        DataStream<Flag> shifts = taps.afterJoin().apply(joined.getSideOutput(OutputTags.ORIGIN_IMPORTS))
                .keyBy(PartnerShiftFunction.BY_LINE)
                .process(new PartnerShiftFunction(scenarios, !settings.backtest()), TypeInformation.of(Flag.class))
                .uid("partner-shift").name("Origin checks: partner shift by line and month");
        DataStream<Flag> flags = joined.getSideOutput(OutputTags.FLAGS).union(shifts);

        DataStream<RejectedRecord> rejected = records.getSideOutput(OutputTags.REJECTED)
                .union(joined.getSideOutput(OutputTags.REJECTED));
        DataStream<LateRecord> late = joined.getSideOutput(OutputTags.LATE);
        DataStream<QuotaStatus> quotaStatus = quotaAllocations.getSideOutput(OutputTags.QUOTA_STATUS);
        TransitPipeline.Outputs transit = TransitPipeline.build(transitLines, lines.getExecutionEnvironment(),
                scenarios, settings);
        if (transit == null) {
            return new Outputs(rows, rejected, late, quotaStatus, flags, null, null);
        }
        return new Outputs(rows, rejected.union(transit.rejected()), late, quotaStatus, flags, transit.rows(),
                transit.alerts());
    }
}
