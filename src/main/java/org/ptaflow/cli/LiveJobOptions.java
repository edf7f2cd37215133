package org.ptaflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.PtaflowOptions;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.KafkaCustomsSources;
import org.ptaflow.kafka.KafkaSettings;
import org.ptaflow.sources.ParseAmendments;
import org.ptaflow.simulator.TransitSimulatorSettings;
import org.ptaflow.sources.SimulatedCustomsLines;
import org.ptaflow.sources.SimulatedTransitLines;

import picocli.CommandLine.Option;

/**
 * The streaming job's options, shared by {@code ptaflow run} (on this machine) and {@link PtaflowJob} (on a
 * cluster): where records come from and rows go, and how the job treats time. Turns them into the job's sources
 * and settings.
 */
final class LiveJobOptions {
    @Option(names = "--source", paramLabel = "KIND", defaultValue = "simulator",
            description = "Where records come from: simulator, files (--input) or kafka. Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--sink", paramLabel = "KIND",
            description = "Where rows go: files (run's default: --out), print (CSV on standard output) or kafka "
                    + "(the one on a cluster), and postgres (--jdbc-url) beside one of them or alone; repeatable: "
                    + "--sink files --sink postgres.")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--input", paramLabel = "PATH", arity = "1..*",
            description = "Input files of --source files (CSV or JSON Lines; globs allowed): --input a.csv b.csv.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--transit-input", paramLabel = "PATH", arity = "1..*",
            description = "Transit movement events (CSV or JSON Lines; globs allowed) for the scenario's transit: "
                    + "section, beside the records of any source.")
    List<String> transitInputs = new ArrayList<>();

    @Option(names = "--out-of-orderness", paramLabel = "DURATION", defaultValue = "1 h",
            converter = Conversions.DurationValue.class,
            description = "How far out of order records may come before the watermark passes them. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration outOfOrderness;

    @Option(names = "--dedup-horizon", paramLabel = "DURATION", defaultValue = "7 d",
            converter = Conversions.DurationValue.class,
            description = "How long past its registration time (event time) an accepted (declaration, item) is "
                    + "remembered at least, to drop its duplicates; never less than until its windows have closed "
                    + "(a later copy is late). Default: ${DEFAULT-VALUE}.")
    Duration dedupHorizon;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "10 s",
            converter = Conversions.DurationValue.class,
            description = "With Kafka: how often the job checkpoints (and commits its Kafka output). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(names = "--job-id", paramLabel = "ID",
            description = "The job's Kafka consumer group and transactional-id prefix; unique per job on one "
                    + "cluster, stable across restarts. Default: ptaflow-<scenario ids>.")
    String jobId;

    /**
     * Where the rows go besides PostgreSQL: files, print or kafka ({@code fallback} when no --sink is given), or
     * {@code postgres} when PostgreSQL is the only sink.
     */
    String sink(String fallback) {
        List<String> others = new ArrayList<>();
        for (String s : sinks) {
            if (!List.of("files", "print", "kafka", "postgres").contains(s)) {
                throw new UsageError("--sink is files, print, kafka or postgres, got '" + s + "'");
            }
            if (!s.equals("postgres") && !others.contains(s)) {
                others.add(s);
            }
        }
        if (others.size() > 1) {
            throw new UsageError("--sink: one of files, print or kafka (postgres may go beside it), got " + others);
        }
        return others.isEmpty() ? (writesPostgres() ? "postgres" : fallback) : others.get(0);
    }

    /** Whether rows also go to PostgreSQL ({@code --sink postgres}). */
    boolean writesPostgres() {
        return sinks.contains("postgres");
    }

    boolean readsKafka() {
        return source.equals("kafka");
    }

    /** The Flink settings: the user's, and checkpointing whenever Kafka is involved (exactly once needs it). */
    Map<String, String> flinkSettings(FlinkOptions flink, boolean usesKafka) {
        Map<String, String> settings = flink.settings();
        if (usesKafka && !settings.containsKey("execution.checkpointing.interval")) {
            settings.put("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        }
        return settings;
    }

    /** How the job treats time. */
    ImpactPipeline.Settings settings() {
        ImpactPipeline.Settings settings =
                ImpactPipeline.Settings.forLive(outOfOrderness).withDedupHorizon(dedupHorizon);
        return readsKafka() ? settings.withWatermarksFromSource() : settings;
    }

    /**
     * The job's sources (records, amendments from Kafka, transit events) for the options given: transit events
     * from {@code --transit-input} files whatever the records' source.
     */
    FlinkJob.Sources sources(SimulatorOptions simulatorOptions, List<Scenario> scenarios, KafkaSettings kafka,
            PrintStream console) throws Exception {
        FlinkJob.Sources sources = recordSources(simulatorOptions, scenarios, kafka, console);
        if (!transitInputs.isEmpty()) {
            List<Path> transitFiles = InputFiles.expand(transitInputs);
            TransitInputs.check(transitFiles, scenarios);
            sources = sources.withTransit(e -> InputFiles.transitSource(e, transitFiles));
        }
        return sources;
    }

    private FlinkJob.Sources recordSources(SimulatorOptions simulatorOptions, List<Scenario> scenarios,
            KafkaSettings kafka, PrintStream console) throws Exception {
        switch (source) {
            case "simulator": {
                SimulatorSettings simulator = simulatorOptions.settings(scenarios.get(0));
                long records = simulatorOptions.records == null ? Long.MAX_VALUE : simulatorOptions.records;
                double rate = simulatorOptions.recordsPerSecond(4.0);
                console.printf("simulator: seed %d, %s records, %,.0f records/s (%d per simulated day), from %s%n",
                        simulator.seed(), records == Long.MAX_VALUE ? "endless" : String.format("%,d", records), rate,
                        simulator.recordsPerSimulatedDay(), simulator.start());
                if (simulator.response() != null) {
                    console.println("simulator: the beneficiaries respond to the concessions in force: "
                            + simulator.response().describe());
                }
                // The simulator's records are made directly from their index, not written as text and parsed: the
                // same records (their text is written again only where an output needs it), at a fraction of the cost.
                FlinkJob.Sources sources = new FlinkJob.Sources(e -> e.fromSource(
                        SimulatedCustomsLines.source(simulator, records, rate, e.getParallelism(), true),
                        WatermarkStrategy.noWatermarks(), "Simulator").setParallelism(e.getParallelism())
                        .uid("simulator-source"), null).withSimulatedRecords(simulator);
                Scenario transit = scenarios.stream().filter(s -> s.transit() != null).findFirst().orElse(null);
                if (transit == null || !transitInputs.isEmpty()) {
                    return sources;
                }
                // Transit movements beside the records, at the same simulated pace: one movement per 200 records.
                TransitSimulatorSettings movements = TransitSimulatorSettings.alongside(simulator, transit.transit());
                long count = records == Long.MAX_VALUE ? Long.MAX_VALUE
                        : Math.max(1, records / TransitSimulatorSettings.RECORDS_PER_MOVEMENT);
                double eventsPerSecond = rate > 0 ? SimulatedTransitLines.eventsPerSecond(movements,
                        rate / simulator.recordsPerSimulatedDay()) : 0;
                console.printf("simulator: transit movements for %s (territory %s), %s%n", transit.id(),
                        transit.transit().territory(), count == Long.MAX_VALUE ? "endless" : String.format("%,d", count));
                // One reader: a second would replay the endless sequence from far along it.
                return sources.withTransit(e -> e.fromSource(SimulatedTransitLines.source(movements, count,
                        eventsPerSecond), WatermarkStrategy.noWatermarks(), "Transit simulator").setParallelism(1)
                        .uid("transit-simulator-source"));
            }
            case "files": {
                List<Path> files = InputFiles.expand(inputs);
                if (files.isEmpty()) {
                    throw new UsageError("--source files needs --input PATH...");
                }
                return new FlinkJob.Sources(e -> InputFiles.source(e, files), null);
            }
            case "kafka": {
                Duration idleness = PtaflowOptions.IDLENESS.defaultValue();
                FlinkJob.Sources kafkaSources = new FlinkJob.Sources(
                        e -> e.fromSource(KafkaCustomsSources.customsRecords(kafka, false),
                                KafkaCustomsSources.eventTime(outOfOrderness, idleness),
                                "Kafka: " + kafka.recordsTopic()).uid("kafka-records-source"),
                        e -> e.fromSource(KafkaCustomsSources.amendments(kafka), WatermarkStrategy.noWatermarks(),
                                        "Kafka: " + kafka.updatesTopic())
                                // Its own uid since amendments left the broadcast of whole tables: a savepoint of
                                // that version restores no amendment, so this source reads the topic again from its
                                // start (docs/operations.md, Upgrading).
                                .uid("concession-updates-source")
                                .flatMap(new ParseAmendments()).uid("parse-amendments").name("Parse amendments"));
                if (!monitorsTransit(scenarios)) {
                    return kafkaSources;
                }
                // Transit events have their own clock (their `at`), per partition of their own topic.
                return kafkaSources.withTransit(e -> e.fromSource(KafkaCustomsSources.transitEvents(kafka, false),
                                KafkaCustomsSources.transitEventTime(outOfOrderness, idleness),
                                "Kafka: " + kafka.transitEventsTopic())
                        .uid("kafka-transit-events-source"));
            }
            default:
                throw new UsageError("--source is simulator, files or kafka, got '" + source + "'");
        }
    }

    /**
     * Whether a scenario of the run has a {@code transit:} section: only then does the job read transit events and
     * write transit rows and alerts (and need their topics).
     */
    static boolean monitorsTransit(List<Scenario> scenarios) {
        return scenarios.stream().anyMatch(s -> s.transit() != null);
    }

    /** What the job was started with, for Flink's web UI. */
    Configuration shown(List<Scenario> scenarios, String sink, KafkaSettings kafka, List<KafkaTopics.Topic> topics) {
        // The time settings themselves are shown by FlinkJob.build, which every job goes through.
        Configuration conf = new Configuration();
        conf.set(PtaflowOptions.SCENARIOS, scenarios.stream().map(s -> s.file().toString()).toList());
        conf.set(PtaflowOptions.SOURCE, source);
        conf.set(PtaflowOptions.SINK, sink);
        if (!inputs.isEmpty()) {
            conf.set(PtaflowOptions.INPUTS, inputs);
        }
        if (!transitInputs.isEmpty()) {
            conf.set(PtaflowOptions.TRANSIT_INPUTS, transitInputs);
        }
        if (kafka != null) {
            conf.set(PtaflowOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            conf.set(PtaflowOptions.JOB_ID, kafka.jobId());
            conf.set(PtaflowOptions.KAFKA_TOPICS, topics.stream().map(KafkaTopics.Topic::name).toList());
        }
        return conf;
    }
}
