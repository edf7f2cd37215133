package org.ptaflow.pipeline;

import java.time.Duration;
import java.util.List;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The job's own settings as typed Flink options (keys {@code ptaflow.*}): how the job treats time, and what it was
 * started with. The command line fills them in, {@link JobEnvironment#showSettings} puts them in Flink's web UI
 * (the job's "Configuration" tab), and {@link #settings} turns them back into {@link ImpactPipeline.Settings}.
 */
public final class PtaflowOptions {
    private PtaflowOptions() {}

    public static final ConfigOption<Boolean> BACKTEST = ConfigOptions.key("ptaflow.backtest").booleanType()
            .defaultValue(false)
            .withDescription("Bounded history: no watermarks until the end (nothing is late), no early rows.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("ptaflow.out-of-orderness")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Live runs: how far out of order records may come before the watermark passes them.");

    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("ptaflow.idleness").durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Live runs: a source split silent this long stops holding the watermark back.");

    public static final ConfigOption<Duration> DEDUP_HORIZON = ConfigOptions.key("ptaflow.dedup-horizon")
            .durationType().defaultValue(ImpactPipeline.DEFAULT_DEDUP_HORIZON)
            .withDescription("Live runs: how long past its registration time (event time) an accepted (declaration, "
                    + "item) is remembered at least, to catch duplicates; never less than until its windows have "
                    + "closed. Backtests remember every key.");

    public static final ConfigOption<Boolean> WATERMARK_PER_RECORD = ConfigOptions
            .key("ptaflow.watermark-per-record").booleanType().defaultValue(false)
            .withDescription("Live runs: a watermark after every record (deterministic lateness; tests).");

    public static final ConfigOption<Boolean> WATERMARKS_FROM_SOURCE = ConfigOptions
            .key("ptaflow.watermarks-from-source").booleanType().defaultValue(false)
            .withDescription("Live runs: the source assigns event time and watermarks (Kafka, per partition).");

    public static final ConfigOption<Long> EXPECTED_RECORDS = ConfigOptions.key("ptaflow.expected-records")
            .longType().defaultValue(0L)
            .withDescription("Backtests: about how many records the input files hold (estimated from their sizes), "
                    + "to size the duplicate memory from the start; 0 when unknown. Changes no output.");

    public static final ConfigOption<Long> TRANSIT_CLOCK_END = ConfigOptions.key("ptaflow.transit-clock-end")
            .longType().defaultValue(Long.MAX_VALUE)
            .withDescription("Backtests: the latest event time of the transit input, epoch ms (a transit deadline "
                    + "after it raises nothing).");

    public static final ConfigOption<List<String>> TRANSIT_INPUTS = ConfigOptions.key("ptaflow.transit-inputs")
            .stringType().asList().noDefaultValue().withDescription("The transit event files of a run.");

    public static final ConfigOption<List<String>> SCENARIOS = ConfigOptions.key("ptaflow.scenarios").stringType()
            .asList().noDefaultValue().withDescription("The scenario files the job evaluates.");

    public static final ConfigOption<String> SOURCE = ConfigOptions.key("ptaflow.source").stringType()
            .noDefaultValue().withDescription("Where the records come from: simulator, files or kafka.");

    public static final ConfigOption<String> SINK = ConfigOptions.key("ptaflow.sink").stringType().noDefaultValue()
            .withDescription("Where the rows go: files, print or kafka.");

    public static final ConfigOption<List<String>> INPUTS = ConfigOptions.key("ptaflow.inputs").stringType().asList()
            .noDefaultValue().withDescription("The input files of a file source.");

    public static final ConfigOption<List<String>> KAFKA_TOPICS = ConfigOptions.key("ptaflow.kafka.topics")
            .stringType().asList().noDefaultValue().withDescription("The Kafka topics the job reads and writes.");

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = ConfigOptions
            .key("ptaflow.kafka.bootstrap-servers").stringType().noDefaultValue()
            .withDescription("The Kafka brokers.");

    public static final ConfigOption<String> JOB_ID = ConfigOptions.key("ptaflow.job-id").stringType().noDefaultValue()
            .withDescription("The job's id: its Kafka consumer group and the prefix of its transactional ids.");

    /** The time settings as options. */
    public static Configuration of(ImpactPipeline.Settings s) {
        Configuration conf = new Configuration();
        conf.set(BACKTEST, s.backtest());
        conf.set(TRANSIT_CLOCK_END, s.transitClockEnd());
        conf.set(EXPECTED_RECORDS, s.expectedRecords());
        if (!s.backtest()) {
            conf.set(OUT_OF_ORDERNESS, s.outOfOrderness());
            conf.set(IDLENESS, s.idleness());
            conf.set(DEDUP_HORIZON, s.dedupHorizon());
            conf.set(WATERMARK_PER_RECORD, s.watermarkPerRecord());
            conf.set(WATERMARKS_FROM_SOURCE, s.watermarksFromSource());
        }
        return conf;
    }

    /**
     * The time settings the options say (defaults where they say nothing); the simulator's, when it makes records
     * directly, come with the job's sources ({@code cli.FlinkJob.Sources}).
     */
    public static ImpactPipeline.Settings settings(ReadableConfig conf) {
        if (conf.get(BACKTEST)) {
            return ImpactPipeline.Settings.forBacktest().withTransitClockEnd(conf.get(TRANSIT_CLOCK_END))
                    .withExpectedRecords(conf.get(EXPECTED_RECORDS));
        }
        return new ImpactPipeline.Settings(false, conf.get(OUT_OF_ORDERNESS), conf.get(IDLENESS), conf.get(DEDUP_HORIZON),
                conf.get(WATERMARK_PER_RECORD), conf.get(WATERMARKS_FROM_SOURCE), Long.MAX_VALUE, null, 0,
                java.util.Map.of());
    }
}
