package org.ptaflow.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.sources.CustomsFileFormat;

/**
 * The benchmark's stage-isolating runs (issue 14, "where the time goes"): the backtest's job over one file, cut
 * after one more stage each time. A stage's cost is the difference between two consecutive runs' job times.
 *
 * <p>Every run builds the whole job with {@link ImpactPipeline#build} (the real operators, the real environment of
 * {@link JobEnvironment}, backtest settings, discarding sinks) and stops the records at one point with a filter
 * that lets none through ({@link ImpactPipeline.Taps}); the operators after the cut are deployed and get no record.
 * So every run has the same operators and the same fixed costs (deployment, the end of input), and the difference
 * between two runs is what the records cost in the stage between their cuts. Two cuts need an operator of their
 * own, because the job has no point between them: after the keyed shuffle ({@link KeyedNothing}: the records cross
 * the same keyBy as into the join and stop there) and after the duplicate memory ({@link DuplicateMemoryOnly}: the
 * join's own memory and content hash, nothing else of the join).
 *
 * <p>Lives in the pipeline's package (in src/bench, outside the job jar) for those two package-private pieces.
 */
public final class PipelineStages {
    /** The accumulator that counts the records the file source produced in a run. */
    private static final String RECORDS_READ = "bench-records-read";

    private PipelineStages() {}

    /** The cuts, in the job's order; each run includes every stage up to its own. */
    public enum Stage {
        READ("read", "the file source (CustomsFileFormat): logical records as lines"),
        PARSE("parse", "ParseCustomsRecords (with the content hash), event time, KeepTextWhereNeeded (the join's "
                + "rejection rule, before the shuffle)"),
        SHUFFLE("shuffle", "keyBy(declaration, item) into a keyed operator that does nothing"),
        DUPLICATES("duplicates",
                "the join's duplicate memory alone (DuplicateMemory; the content hash comes with the record)"),
        RATES_AND_TAXES("rates, taxes, combine", "the whole scenario join (scope, FX, MFN and preferential rates, "
                + "taxes, quota checks, duplicates, routing, and its combining per window key and per line, origin and "
                + "month) and the quota allocation; minus the duplicate memory"),
        ALLOCATIONS("allocations",
                "CombineAllocations: what the quotas' allocation adds, combined per window key"),
        WINDOWS("windows", "keyBy to the calendar windows, sums, SMART estimates: the whole job");

        public final String label;
        public final String adds;

        Stage(String label, String adds) {
            this.label = label;
            this.adds = adds;
        }
    }

    /** One run: Flink's job time (seconds) and how many records the file source produced. */
    public record Run(double seconds, long recordsRead) {}

    /**
     * What the first two stages are in a run of the pipeline from the simulator ({@link #runSimulated}): the other
     * stages are the same operators as in a backtest.
     */
    public static String simulatedStageAdds(Stage stage) {
        return switch (stage) {
            case READ -> "the simulator's source (a sequence number a record, no rate limit)";
            case PARSE -> "ParseCustomsRecords making each record from its index (CustomsSimulator.record, the "
                    + "content hash), event time, KeepTextWhereNeeded (which drops every text in such a job)";
            case DUPLICATES -> "the join's duplicate memory alone, shaped as a backtest's (no forget times: the live "
                    + "join's sweeps fall in the next stage)";
            default -> stage.adds;
        };
    }

    /**
     * Runs the pipeline from the simulator, records made directly (as {@code bin/ptaflow run} makes them, at no
     * rate limit: the bench's pipeline row), up to and including {@code upTo}: live settings, a watermark every
     * 200 ms, discarding sinks. {@code records} may be 0 (the fixed costs).
     */
    public static Run runSimulated(long records, Scenario scenario, Stage upTo, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = JobEnvironment.create(conf);
        org.ptaflow.simulator.SimulatorSettings simulator =
                org.ptaflow.simulator.SimulatorSettings.defaults(42).withAgreement(scenario.agreement());
        DataStream<SourceLine> lines = env.fromSource(
                        org.ptaflow.sources.SimulatedCustomsLines.source(simulator, records, 0, parallelism, true),
                        WatermarkStrategy.noWatermarks(), "Simulator").uid("simulator-source")
                .filter(new Pass<>(RECORDS_READ)).name("Count records read");
        ImpactPipeline.Settings settings = ImpactPipeline.Settings.forLive(java.time.Duration.ofHours(1))
                .withSimulatedRecords(simulator);
        return run(env, lines, List.of(scenario), settings, upTo);
    }

    /** Runs the backtest's job over {@code csv} up to and including {@code upTo}, on an embedded cluster. */
    public static Run run(Path csv, List<Scenario> scenarios, Stage upTo, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = JobEnvironment.create(conf);
        // As InputFiles.source does for one file (bin/ptaflow backtest --input FILE).
        FileSource<SourceLine> file = FileSource.forRecordStreamFormat(
                new CustomsFileFormat(csv.getFileName().toString()),
                new org.apache.flink.core.fs.Path(csv.toAbsolutePath().toUri())).build();
        DataStream<SourceLine> lines = env.fromSource(file, WatermarkStrategy.noWatermarks(),
                "File " + csv.getFileName()).uid("file-source-0")
                // Counted in every run alike (chained to the source), so its cost cancels in the differences.
                .filter(new Pass<>(RECORDS_READ)).name("Count records read");
        return run(env, lines, scenarios, ImpactPipeline.Settings.forBacktest(), upTo);
    }

    private static Run run(StreamExecutionEnvironment env, DataStream<SourceLine> lines, List<Scenario> scenarios,
            ImpactPipeline.Settings settings, Stage upTo) throws Exception {
        if (upTo == Stage.READ) {
            lines = stop(lines);
        }
        UnaryOperator<DataStream<CustomsRecord>> afterParse = switch (upTo) {
            case PARSE -> PipelineStages::stop;
            case SHUFFLE -> records -> records.keyBy(CustomsRecordKey.INSTANCE).process(new KeyedNothing())
                    .name("Bench: keyed, does nothing");
            case DUPLICATES -> records -> records.keyBy(CustomsRecordKey.INSTANCE)
                    .process(new DuplicateMemoryOnly(scenarios)).name("Bench: duplicate memory only");
            default -> UnaryOperator.identity();
        };
        ImpactPipeline.Tap afterJoin = upTo == Stage.RATES_AND_TAXES ? PipelineStages::stop : ImpactPipeline.Tap.NONE;
        UnaryOperator<DataStream<ScenarioContribution>> afterCombine =
                upTo == Stage.ALLOCATIONS ? PipelineStages::stop : UnaryOperator.identity();
        ImpactPipeline.Outputs out = ImpactPipeline.build(lines, null, scenarios, settings,
                new ImpactPipeline.Taps(afterParse, afterJoin, afterCombine));
        out.impactRows().sinkTo(new DiscardingSink<>()).name("discard impact rows");
        out.rejected().sinkTo(new DiscardingSink<>()).name("discard rejected");
        out.late().sinkTo(new DiscardingSink<>()).name("discard late");
        out.quotaStatus().sinkTo(new DiscardingSink<>()).name("discard quota status");
        JobExecutionResult result = env.execute("ptaflow bench: stages up to " + upTo.label);
        Long read = result.getAccumulatorResult(RECORDS_READ);
        return new Run(result.getNetRuntime() / 1000.0, read == null ? 0 : read);
    }

    /** The cut: no record goes past it. */
    private static <T> DataStream<T> stop(DataStream<T> stream) {
        return stream.filter(r -> false).name("Bench: stop here");
    }

    /** Lets every record through, counting them. */
    private static final class Pass<T> extends RichFilterFunction<T> {
        private final String accumulator;
        private transient LongCounter count;

        Pass(String accumulator) {
            this.accumulator = accumulator;
        }

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getLongCounter(accumulator);
        }

        @Override
        public boolean filter(T value) {
            count.add(1);
            return true;
        }
    }

    /** Receives the shuffled records with their key set, as the join does, and does nothing with them. */
    static final class KeyedNothing extends KeyedProcessFunction<String, CustomsRecord, CustomsRecord> {
        @Override
        public void processElement(CustomsRecord record, Context ctx, Collector<CustomsRecord> out) {}
    }

    /**
     * The scenario join's duplicate memory without the rest of the join: the join's {@link DuplicateMemory}, shaped
     * as a backtest's join shapes it ({@link ApplyScenarios#newMemory}), with the record's
     * {@link CustomsRecord#contentHash()} in each scenario's slot on the first copy, as a backtest's join keeps it for
     * a record accepted in every scenario. Emits nothing, and is not checkpointed (the bench takes no checkpoint).
     * Must follow the join's memory when that changes (it uses the join's own memory and hash for that reason).
     */
    static final class DuplicateMemoryOnly extends KeyedProcessFunction<String, CustomsRecord, CustomsRecord> {
        private final List<Scenario> scenarios;
        private transient DuplicateMemory memory;
        /** Kept so that the JIT cannot drop the comparison of a repeat's hash. */
        private transient long repeats;

        DuplicateMemoryOnly(List<Scenario> scenarios) {
            this.scenarios = scenarios;
        }

        @Override
        public void open(OpenContext openContext) {
            memory = new ApplyScenarios(scenarios, false, java.time.Duration.ZERO)
                    .newMemory(getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks());
        }

        @Override
        public void processElement(CustomsRecord record, Context ctx, Collector<CustomsRecord> out) throws Exception {
            String key = ctx.getCurrentKey();
            long[] hashes = memory.get(key);
            long hash = record.contentHash();
            if (hashes != null) {
                repeats += hashes[0] == hash ? 1 : 2;
                return;
            }
            hashes = new long[scenarios.size() + 1];
            for (int i = 0; i < scenarios.size(); i++) {
                hashes[i] = hash;
            }
            memory.put(key, hashes);
        }
    }
}
