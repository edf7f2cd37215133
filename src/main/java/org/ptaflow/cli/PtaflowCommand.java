package org.ptaflow.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.dashboard.ImpactTopicRows;
import org.ptaflow.dashboard.JobAccumulatorHealth;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioException;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.CustomsFileFormat;
import org.ptaflow.sources.KafkaCustomsSources;
import org.ptaflow.sources.KafkaSettings;
import org.ptaflow.sources.ParseAmendments;
import org.ptaflow.sources.SimulatedCustomsLines;

/**
 * The one entry point of contract §5: {@code run}, {@code backtest}, {@code simulate}, {@code validate}. Parses
 * options, loads scenarios (refusing an invalid one before any job starts), and wires sources and sinks; the
 * dataflow itself is {@link ImpactPipeline}. Exit status: 0 success, 2 bad usage or invalid scenario, 1 job failure.
 */
public final class PtaflowCommand {
    static final String DEFAULT_SCENARIO = "scenarios/pk-az-pta-requests.yaml";

    private static final String USAGE = String.join("\n",
            "usage: ptaflow <command> [options] [-D flink.key=value ...]",
            "",
            "commands:",
            "  run       --scenario F [--scenario F2 ...] [--source simulator|files|kafka] [--input PATH ...]",
            "            [--sink files|print|kafka] [--out DIR] [--records N] [--pace DAYS_PER_S] [--rate R]",
            "            [--records-per-day N] [--seed S] [--start DATE] [--utilization U]",
            "            [--out-of-orderness DURATION] [--dedup-horizon DURATION] [--parallelism P]",
            "            the streaming job; defaults: " + DEFAULT_SCENARIO + ", the simulator (endless,",
            "            four simulated days per second), an embedded Flink cluster, rows to out/",
            "  backtest  --scenario F [--scenario F2 ...] --input PATH... --out DIR [--parallelism P]",
            "            the same pipeline on bounded files (CSV or JSON Lines, globs allowed, any time order)",
            "  simulate  --scenario F --records N --seed S --out FILE [--format csv|json] [--start DATE]",
            "            or --to-kafka [--records N] [--rate R | --pace DAYS_PER_S] (endless without --records)",
            "            [--records-per-day N] [--utilization U] [--bad-share X] [--duplicate-share X]",
            "  validate  --scenario F [--scenario F2 ...]",
            "  dashboard [--out DIR | --bootstrap-servers H:P [--impact-topic T]] [--bind ADDR] [--port P]",
            "            [--token T] [--hs-nomenclature hs2022.csv] [--scenario F ...]",
            "            the live web dashboard over a run's output folder (default out/) or the impact-rows topic",
            "  bench     [--records N] [--pipeline-records N] [--runs K] [--scenario F] [--data DIR]",
            "            the benchmark (README, Performance): the job against a plain loop and DuckDB on the",
            "            same simulated file, one table; `bench jmh` runs the micro-benchmarks of the hot paths",
            "            (bin/ptaflow only: built with the Maven profile bench, not part of the job jar)",
            "",
            "run also starts the dashboard beside the job (printing its address; --no-dashboard to skip it;",
            "  --dashboard-port P, --bind, --token, --hs-nomenclature as above) and takes --prometheus-port P",
            "  (Flink's Prometheus reporter on that port, for this run's metrics).",
            "The dashboard binds to 127.0.0.1 unless --bind says otherwise; --token (or PTAFLOW_DASHBOARD_TOKEN)",
            "  makes every request need that access token.",
            "",
            "Kafka (run --source kafka / --sink kafka, simulate --to-kafka): --bootstrap-servers H:P",
            "  [--kafka-property key=value ...] [--records-topic T] [--updates-topic T] [--impact-topic T]",
            "  [--rejected-topic T] [--late-topic T] [--job-id ID] [--checkpoint-interval PT10S]",
            "",
            "Flink options pass through as -D key=value (for example -D parallelism.default=2).");

    /** Kafka options shared by the commands that talk to a broker. */
    private static final Set<String> KAFKA = Set.of("bootstrap-servers", "kafka-property", "records-topic",
            "impact-topic", "rejected-topic", "late-topic", "updates-topic");

    /** Dashboard options shared by {@code dashboard} and {@code run}. */
    private static final Set<String> DASHBOARD = Set.of("bind", "token", "hs-nomenclature");

    /** The options each command takes (with a value), in one place. */
    static final Map<String, Set<String>> VALUED = Map.of(
            "validate", Set.of("scenario"),
            "simulate", union(KAFKA, Set.of("scenario", "records", "seed", "out", "format", "start", "records-per-day",
                    "utilization", "bad-share", "duplicate-share", "rate", "pace")),
            "backtest", Set.of("scenario", "input", "out", "parallelism"),
            "run", union(union(KAFKA, DASHBOARD), Set.of("scenario", "source", "sink", "input", "out", "records",
                    "rate", "pace", "records-per-day", "seed", "start", "utilization", "out-of-orderness",
                    "parallelism", "checkpoint-interval", "job-id", "dedup-horizon", "dashboard-port", "prometheus-port")),
            "dashboard", union(union(KAFKA, DASHBOARD), Set.of("out", "port", "scenario")));

    /** The options each command takes without a value. */
    static final Map<String, Set<String>> FLAGS = Map.of(
            "validate", Set.of(),
            "simulate", Set.of("to-kafka"),
            "backtest", Set.of(),
            "run", Set.of("no-dashboard"),
            "dashboard", Set.of());

    private PtaflowCommand() {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /**
     * Checks a command line without running it: null when it parses, else the usage problem. For tools that
     * generate command lines (the compose file's test).
     */
    static String usageProblem(String... args) {
        if (args.length == 0 || !VALUED.containsKey(args[0])) {
            return "unknown command " + (args.length == 0 ? "(none)" : args[0]);
        }
        try {
            Options.parse(args, 1, VALUED.get(args[0]), FLAGS.get(args[0]));
            return null;
        } catch (Options.UsageException e) {
            return e.getMessage();
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            status = execute(args, System.out, System.err);
        } catch (Throwable t) {
            if (FlinkJob.stopping()) {
                // Ctrl-C or TERM: the shutdown hook cancelled the job, and waiting for it ended with that
                // cancellation. The JVM is already shutting down: it usually ends by the signal (exit 143) before
                // this line is printed, and System.exit below only waits for that; the status is for the record.
                System.err.println("ptaflow: stopped (the job was cancelled)");
                status = 130;
            } else {
                System.err.println("ptaflow: job failed: " + t);
                t.printStackTrace(System.err);
                status = 1;
            }
        }
        System.out.flush();
        System.exit(status);
    }

    static int execute(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            if (!VALUED.containsKey(args[0])) {
                err.println("ptaflow: unknown command '" + args[0] + "'\n\n" + USAGE);
                return 2;
            }
            Options options = Options.parse(args, 1, VALUED.get(args[0]), FLAGS.get(args[0]));
            switch (args[0]) {
                case "validate":
                    return validate(options, out);
                case "simulate":
                    return simulate(options, out);
                case "backtest":
                    return backtest(options, err);
                case "run":
                    return run(options, err);
                case "dashboard":
                    return dashboard(options, err);
                default:
                    err.println("ptaflow: unknown command '" + args[0] + "'\n\n" + USAGE);
                    return 2;
            }
        } catch (Options.UsageException e) {
            err.println("ptaflow " + args[0] + ": " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        } catch (ScenarioException e) {
            err.println("ptaflow " + args[0] + ": invalid scenario: " + e.getMessage());
            return 2;
        }
    }

    private static List<Scenario> scenarios(Options o, boolean defaultAllowed) throws Exception {
        List<String> files = o.all("scenario");
        if (files.isEmpty()) {
            if (!defaultAllowed) {
                throw new Options.UsageException("--scenario is required");
            }
            files = List.of(defaultScenario().toString());
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String f : files) {
            Scenario s = ScenarioLoader.load(Paths.get(f));
            for (Scenario earlier : scenarios) {
                if (earlier.id().equals(s.id())) {
                    throw new Options.UsageException("two scenarios with id '" + s.id() + "': " + earlier.file()
                            + " and " + s.file());
                }
            }
            scenarios.add(s);
        }
        return scenarios;
    }

    /** The request-lists scenario, found from the working folder or from the installation (PTAFLOW_HOME). */
    private static Path defaultScenario() {
        Path here = Paths.get(DEFAULT_SCENARIO);
        String home = System.getenv("PTAFLOW_HOME");
        if (!Files.exists(here) && home != null) {
            return Paths.get(home).resolve(DEFAULT_SCENARIO);
        }
        return here;
    }

    private static int validate(Options o, PrintStream out) throws Exception {
        for (Scenario s : scenarios(o, false)) {
            out.println(s.describe());
            out.println();
        }
        out.println("valid");
        return 0;
    }

    private static SimulatorSettings simulatorSettings(Options o, Scenario scenario) throws Exception {
        SimulatorSettings defaults = SimulatorSettings.defaults(42);
        String start = o.one("start", null);
        return defaults
                .withSeed(o.number("seed", defaults.seed()))
                .withStart(start == null ? defaults.start() : parseStart(start))
                .withRecordsPerSimulatedDay((int) o.number("records-per-day", defaults.recordsPerSimulatedDay()))
                .withUtilisation(o.decimal("utilization", defaults.utilisation()))
                .withAgreement(scenario.agreement());
    }

    private static Instant parseStart(String s) throws Options.UsageException {
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (RuntimeException e) {
            throw new Options.UsageException("--start must be a date (2024-01-01) or an instant, got '" + s + "'");
        }
    }

    private static int simulate(Options o, PrintStream out) throws Exception {
        Scenario scenario = scenarios(o, false).get(0);
        long records = o.number("records", o.has("to-kafka") ? Long.MAX_VALUE : -1);
        if (records < 0) {
            throw new Options.UsageException("--records is required");
        }
        if (o.has("to-kafka")) {
            SimulatorSettings producing = simulatorSettings(o, scenario)
                    .withBadRecordShare(o.decimal("bad-share", 0.0))
                    .withDuplicateShare(o.decimal("duplicate-share", 0.0));
            return SimulatorProducer.produce(producing, records,
                    o.decimal("rate", o.decimal("pace", 1.0) * producing.recordsPerSimulatedDay()),
                    kafka(o, List.of(scenario)), out);
        }
        Path file = Paths.get(o.required("out"));
        String format = o.one("format", file.toString().endsWith(".jsonl") || file.toString().endsWith(".json")
                ? "json" : "csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new Options.UsageException("--format is csv or json, got '" + format + "'");
        }
        SimulatorSettings settings = simulatorSettings(o, scenario)
                .withBadRecordShare(o.decimal("bad-share", 0.0))
                .withDuplicateShare(o.decimal("duplicate-share", 0.0));
        CustomsSimulator simulator = new CustomsSimulator(settings);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                w.write(simulator.csvHeader());
                w.write('\n');
            }
            for (long i = 0; i < records; i++) {
                w.write(format.equals("csv") ? simulator.csvLine(i) : simulator.jsonLine(i));
                w.write('\n');
            }
        }
        out.printf("wrote %,d simulated records (seed %d) to %s in %.1f s%n", records, settings.seed(), file,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static int backtest(Options o, PrintStream console) throws Exception {
        List<Scenario> scenarios = scenarios(o, false);
        List<Path> inputs = expand(o.all("input"));
        if (inputs.isEmpty()) {
            throw new Options.UsageException("--input is required (files or globs)");
        }
        Path out = Paths.get(o.required("out"));
        Map<String, String> flink = new LinkedHashMap<>(o.flinkProperties());
        if (o.has("parallelism")) {
            flink.put("parallelism.default", o.one("parallelism", "1"));
        }
        StreamExecutionEnvironment env = FlinkJob.environment(flink, "ptaflow backtest");
        console.printf("backtest of %d file(s) with %s%n", inputs.size(),
                scenarios.stream().map(Scenario::id).toList());
        return FlinkJob.run(env, e -> files(e, inputs), scenarios, ImpactPipeline.Settings.forBacktest(), out, false,
                "ptaflow backtest", console);
    }

    private static int run(Options o, PrintStream console) throws Exception {
        List<Scenario> scenarios = scenarios(o, true);
        String source = o.one("source", "simulator");
        String sink = o.one("sink", "files");
        if (!sink.equals("files") && !sink.equals("print") && !sink.equals("kafka")) {
            throw new Options.UsageException("--sink is files, print or kafka, got '" + sink + "'");
        }
        boolean usesKafka = sink.equals("kafka") || source.equals("kafka");
        KafkaSettings kafka = usesKafka ? kafka(o, scenarios) : null;
        Path out = sink.equals("files") ? Paths.get(o.one("out", "out")) : null;
        Map<String, String> flink = new LinkedHashMap<>(o.flinkProperties());
        if (o.has("parallelism")) {
            flink.put("parallelism.default", o.one("parallelism", "1"));
        }
        if (o.has("prometheus-port")) {
            flink.putAll(prometheusReporter((int) o.number("prometheus-port", 9249)));
        }
        if (usesKafka && !flink.containsKey("execution.checkpointing.interval")) {
            // Exactly-once output commits with checkpoints, and the Kafka source commits its offsets with them.
            flink.put("execution.checkpointing.interval", duration(o, "checkpoint-interval", "PT10S").toMillis() + " ms");
        }
        StreamExecutionEnvironment env = FlinkJob.environment(flink, "ptaflow run");
        Duration outOfOrderness = duration(o, "out-of-orderness", "PT1H");
        ImpactPipeline.Settings settings = ImpactPipeline.Settings.forLive(outOfOrderness)
                .withDedupHorizon(duration(o, "dedup-horizon", "P7D"));
        FlinkJob.AmendmentFactory amendments = null;
        FlinkJob.SourceFactory sources;
        switch (source) {
            case "simulator": {
                SimulatorSettings simulator = simulatorSettings(o, scenarios.get(0));
                long records = o.number("records", Long.MAX_VALUE);
                // Pace: simulated days per second of wall time (default 4: a month closes every 8 s or so).
                double pace = o.decimal("pace", 4.0);
                double rate = o.decimal("rate", pace * simulator.recordsPerSimulatedDay());
                console.printf("simulator: seed %d, %s records, %,.0f records/s (%d per simulated day), from %s%n",
                        simulator.seed(), records == Long.MAX_VALUE ? "endless" : String.format("%,d", records), rate,
                        simulator.recordsPerSimulatedDay(), simulator.start());
                sources = e -> e.fromSource(SimulatedCustomsLines.source(simulator, records, rate, e.getParallelism()),
                        WatermarkStrategy.noWatermarks(), "Simulator").setParallelism(e.getParallelism())
                        .uid("simulator-source");
                break;
            }
            case "files": {
                List<Path> inputs = expand(o.all("input"));
                if (inputs.isEmpty()) {
                    throw new Options.UsageException("--source files needs --input PATH...");
                }
                sources = e -> files(e, inputs);
                break;
            }
            case "kafka": {
                Duration idleness = Duration.ofSeconds(30);
                sources = e -> e.fromSource(KafkaCustomsSources.customsRecords(kafka, false),
                        KafkaCustomsSources.eventTime(outOfOrderness, idleness), "Kafka: " + kafka.recordsTopic())
                        .uid("kafka-records-source");
                settings = settings.withWatermarksFromSource();
                amendments = e -> e.fromSource(KafkaCustomsSources.amendments(kafka),
                                WatermarkStrategy.noWatermarks(), "Kafka: " + kafka.updatesTopic())
                        .uid("kafka-amendments-source")
                        .flatMap(new ParseAmendments()).uid("parse-amendments").name("Parse amendments");
                break;
            }
            default:
                throw new Options.UsageException("--source is simulator, files or kafka, got '" + source + "'");
        }
        Dashboard dashboard = o.has("no-dashboard") ? null
                : dashboardBesideJob(o, env, scenarios, out, sink.equals("kafka") ? kafka : null, console);
        try {
            return FlinkJob.run(env, sources, amendments, scenarios, settings, out, sink.equals("print"),
                    sink.equals("kafka") ? kafka : null, "ptaflow run", console);
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
        }
    }

    /** Flink's Prometheus reporter on one port (the {@code --prometheus-port} of local runs). */
    static Map<String, String> prometheusReporter(int port) {
        return Map.of("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.port", Integer.toString(port));
    }

    private static Dashboard.Settings dashboardSettings(Options o, List<Scenario> scenarios) throws Exception {
        Map<String, String> titles = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            titles.put(s.id(), s.title());
        }
        String nomenclature = o.one("hs-nomenclature", null);
        if (nomenclature != null && !Files.isRegularFile(Paths.get(nomenclature))) {
            throw new Options.UsageException("--hs-nomenclature: no file " + nomenclature);
        }
        return Dashboard.Settings.defaults()
                .withBind(o.one("bind", "127.0.0.1"))
                .withToken(Dashboard.tokenFrom(o.one("token", null)))
                .withNomenclature(nomenclature == null ? null : Paths.get(nomenclature))
                .withTitles(titles);
    }

    /**
     * The dashboard of a {@code run}, over its output folder (or its Kafka topic), with the job's live counts. On
     * the default port when it is free, else on any free port: the address is printed either way. A dashboard
     * that cannot start never stops the job.
     */
    private static Dashboard dashboardBesideJob(Options o, StreamExecutionEnvironment env, List<Scenario> scenarios,
            Path out, KafkaSettings kafka, PrintStream console) throws Exception {
        if (out == null && kafka == null) {
            console.println("dashboard: not started (--sink print writes no rows for it to read)");
            return null;
        }
        Dashboard.Settings settings = dashboardSettings(o, scenarios);
        int port = (int) o.number("dashboard-port", settings.port());
        Dashboard d;
        try {
            d = openDashboard(settings.withPort(port), out, kafka);
        } catch (java.net.BindException e) {
            if (o.has("dashboard-port")) {
                throw new Options.UsageException("dashboard: port " + port + " is in use (" + e.getMessage() + ")");
            }
            d = openDashboard(settings.withPort(0), out, kafka);
        }
        JobAccumulatorHealth health = new JobAccumulatorHealth(scenarios.stream().map(Scenario::id).toList());
        env.registerJobListener(health);
        d.liveHealth(health);
        console.println("dashboard: " + d.start() + "  (--no-dashboard to run without it)");
        return d;
    }

    private static Dashboard openDashboard(Dashboard.Settings settings, Path out, KafkaSettings kafka)
            throws java.io.IOException {
        return kafka != null
                ? Dashboard.forKafkaTopic(new ImpactTopicRows.Connection(kafka.bootstrapServers(), kafka.impactTopic(),
                        kafka.clientProperties()), settings)
                : Dashboard.forOutputFolder(out, settings);
    }

    /** {@code ptaflow dashboard}: serves the dashboard until interrupted. */
    private static int dashboard(Options o, PrintStream console) throws Exception {
        List<Scenario> scenarios = o.has("scenario") ? scenarios(o, false) : List.of();
        Dashboard.Settings settings = dashboardSettings(o, scenarios);
        settings = settings.withPort((int) o.number("port", settings.port()));
        Dashboard d;
        try {
            if (o.has("bootstrap-servers")) {
                if (o.has("out")) {
                    throw new Options.UsageException("give --out DIR or --bootstrap-servers, not both");
                }
                KafkaSettings kafka = kafka(o, scenarios);
                d = openDashboard(settings, null, kafka);
                console.println("dashboard: reading " + kafka.impactTopic() + " at " + kafka.bootstrapServers()
                        + " (read committed)");
            } else {
                Path out = Paths.get(o.one("out", "out"));
                d = openDashboard(settings, out, null);
                console.println("dashboard: reading " + out.toAbsolutePath() + " (impact.csv, impact-live.csv, "
                        + "summary.json, rejected.csv, late.csv)");
            }
        } catch (java.net.BindException e) {
            throw new Options.UsageException("dashboard: cannot listen on " + settings.bind() + ":" + settings.port()
                    + " (" + e.getMessage() + "); choose another --port");
        }
        console.println("dashboard: " + d.start() + "  (Ctrl-C to stop)");
        Thread.currentThread().join();
        return 0;
    }

    private static Duration duration(Options o, String name, String fallback) throws Options.UsageException {
        String v = o.one(name, fallback);
        try {
            return Duration.parse(v);
        } catch (RuntimeException e) {
            throw new Options.UsageException("--" + name + " must be an ISO-8601 duration (PT10S), got '" + v + "'");
        }
    }

    /** Kafka settings from the command line: brokers, topics, pass-through client properties, job id. */
    static KafkaSettings kafka(Options o, List<Scenario> scenarios) throws Options.UsageException {
        String servers = o.one("bootstrap-servers", null);
        if (servers == null) {
            throw new Options.UsageException("Kafka needs --bootstrap-servers HOST:PORT");
        }
        java.util.Properties props = new java.util.Properties();
        for (String kv : o.all("kafka-property")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new Options.UsageException("--kafka-property needs key=value, got '" + kv + "'");
            }
            props.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        String jobId = o.one("job-id", "ptaflow-" + String.join("-", scenarios.stream().map(Scenario::id).toList()));
        return new KafkaSettings(servers, props,
                o.one("records-topic", KafkaSettings.RECORDS_TOPIC),
                o.one("updates-topic", KafkaSettings.UPDATES_TOPIC),
                o.one("impact-topic", KafkaSettings.IMPACT_TOPIC),
                o.one("rejected-topic", KafkaSettings.REJECTED_TOPIC),
                o.one("late-topic", KafkaSettings.LATE_TOPIC), jobId);
    }

    /** One bounded file source per input file, so the rejected output can name the file a record came from. */
    static DataStream<SourceLine> files(StreamExecutionEnvironment env, List<Path> inputs) {
        DataStream<SourceLine> all = null;
        int n = 0;
        for (Path p : inputs) {
            FileSource<SourceLine> source = FileSource.forRecordStreamFormat(
                    new CustomsFileFormat(p.getFileName().toString()),
                    new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).build();
            DataStream<SourceLine> one = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                    "File " + p.getFileName()).uid("file-source-" + (n++));
            all = all == null ? one : all.union(one);
        }
        return all;
    }

    /** Expands globs (in the last path segments) to the files they match, sorted; plain paths are kept. */
    static List<Path> expand(List<String> patterns) throws IOException, Options.UsageException {
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns) {
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[") && !pattern.contains("{")) {
                Path p = Paths.get(pattern);
                if (!Files.isRegularFile(p)) {
                    throw new Options.UsageException("input file not found: " + pattern);
                }
                files.add(p);
                continue;
            }
            Path base = Paths.get(".");
            String rest = pattern;
            int slash = firstGlobSegmentStart(pattern);
            if (slash > 0) {
                base = Paths.get(pattern.substring(0, slash));
                rest = pattern.substring(slash + 1);
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
            Path root = base;
            if (!Files.isDirectory(root)) {
                // A glob under a folder that does not exist matches nothing: bad usage (exit 2), not a job failure.
                throw new Options.UsageException("no input file matches " + pattern + " (no folder " + root + ")");
            }
            List<Path> matched;
            try (Stream<Path> walk = Files.walk(root)) {
                matched = walk.filter(Files::isRegularFile).filter(p -> matcher.matches(root.relativize(p))).sorted()
                        .toList();
            }
            if (matched.isEmpty()) {
                throw new Options.UsageException("no input file matches " + pattern);
            }
            files.addAll(matched);
        }
        return files;
    }

    private static int firstGlobSegmentStart(String pattern) {
        int glob = pattern.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = pattern.indexOf(c);
            if (i >= 0) {
                glob = Math.min(glob, i);
            }
        }
        return pattern.lastIndexOf('/', glob);
    }
}
