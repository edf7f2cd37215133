package org.ptaflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.pipeline.PtaflowOptions;
import org.ptaflow.scenario.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ptaflow backtest}: the pipeline over bounded files, final rows only, into an output folder. */
@Command(name = "backtest",
        description = "The same pipeline on bounded files (CSV or JSON Lines, globs allowed, in any time order: a "
                + "backtest has no late records); writes DIR/impact.csv, rejected.csv, late.csv and summary.json, "
                + "and/or PostgreSQL tables (--sink postgres, docs/postgres.md).")
final class BacktestCommand extends Subcommand {
    @Mixin
    ScenarioOptions scenarios;

    @Option(names = "--input", paramLabel = "PATH", arity = "1..*",
            description = "The input files (required; globs allowed, quoted): --input a.csv 'b/*.jsonl'.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--transit-input", paramLabel = "PATH", arity = "1..*",
            description = "Transit movement events (CSV or JSON Lines, globs allowed) for the scenario's transit: "
                    + "section; writes DIR/transit.csv and transit-alerts.csv.")
    List<String> transitInputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "The output folder (required with --sink files).")
    Path out;

    @Option(names = "--sink", paramLabel = "KIND",
            description = "Where rows go: files (the default: --out) and/or postgres (--jdbc-url); repeatable: "
                    + "--sink files --sink postgres.")
    List<String> sinks = new ArrayList<>();

    @Mixin
    PostgresOptions postgres;

    @Mixin
    FlinkOptions flink;

    @Override
    public Integer call() throws Exception {
        // Required, but checked here rather than by picocli: a misspelt option is then reported as such, not as a
        // missing one.
        if (inputs.isEmpty()) {
            throw new UsageError("--input is required (files or globs)");
        }
        for (String sink : sinks) {
            if (!sink.equals("files") && !sink.equals("postgres")) {
                throw new UsageError("backtest --sink is files or postgres, got '" + sink + "'");
            }
        }
        boolean toFiles = sinks.isEmpty() || sinks.contains("files");
        if (toFiles && out == null) {
            throw new UsageError("--out is required");
        }
        org.ptaflow.sinks.postgres.PostgresSettings toPostgres = sinks.contains("postgres") ? postgres.settings() : null;
        List<Path> transitFiles = transitInputs.isEmpty() ? List.of() : InputFiles.expand(transitInputs);
        // The transit clock reads every transit event before the job is built (a few tenths of a second of code not
        // yet compiled for 100,000 events): on a thread of its own, while the scenarios load and the cluster's
        // environment is made on this one.
        FutureTask<Long> transitClock = new FutureTask<>(() -> TransitClock.latestEventTime(transitFiles));
        if (!transitFiles.isEmpty()) {
            Thread clock = new Thread(transitClock, "transit clock");
            clock.setDaemon(true);
            clock.start();
        }
        List<Scenario> loaded = scenarios.load(false);
        List<Path> files = InputFiles.expand(inputs);
        TransitInputs.check(transitFiles, loaded);
        StreamExecutionEnvironment env = FlinkJob.environment(
                withDefaultParallelism(flink.settings(), loaded.size(), Runtime.getRuntime().availableProcessors()),
                "ptaflow backtest");
        org.apache.flink.configuration.Configuration shown = new org.apache.flink.configuration.Configuration();
        shown.set(PtaflowOptions.SCENARIOS, loaded.stream().map(s -> s.file().toString()).toList());
        shown.set(PtaflowOptions.SOURCE, "files");
        shown.set(PtaflowOptions.SINK, toFiles && toPostgres != null ? "files,postgres" : toFiles ? "files" : "postgres");
        shown.set(PtaflowOptions.INPUTS, files.stream().map(Path::toString).toList());
        ptaflow.err.printf("backtest of %d file(s) with %s%n", files.size(), loaded.stream().map(Scenario::id).toList());
        if (!transitFiles.isEmpty()) {
            shown.set(PtaflowOptions.TRANSIT_INPUTS, transitFiles.stream().map(Path::toString).toList());
        }
        JobEnvironment.showSettings(env, shown);
        FlinkJob.Sources sources = FlinkJob.Sources.records(e -> InputFiles.source(e, files));
        ImpactPipeline.Settings settings = ImpactPipeline.Settings.forBacktest()
                .withExpectedRecords(InputFiles.estimatedRecords(files))
                .withRecordTextFiles(InputFiles.recordTextFiles(files));
        if (!transitFiles.isEmpty()) {
            sources = sources.withTransit(e -> InputFiles.transitSource(e, transitFiles));
            settings = settings.withTransitClockEnd(awaitClock(transitClock));
        }
        return FlinkJob.run(env, sources, loaded, settings, toFiles ? out : null, null, null, toPostgres,
                "ptaflow backtest", ptaflow.err);
    }

    /** The transit clock's answer, or what it threw. */
    private static long awaitClock(FutureTask<Long> clock) throws IOException, InterruptedException {
        try {
            return clock.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** From this many scenarios on, a backtest's default parallelism is all the cores instead of half. */
    static final int MANY_SCENARIOS = 5;

    /**
     * A backtest's default parallelism, when the command line gives none: half the cores (at least one), all of them
     * from {@link #MANY_SCENARIOS} scenarios on. Its job has two busy stages split by the keyed shuffle (reading and
     * parsing the files; the scenario join), so one task of each already keeps two cores busy, and more tasks than
     * cores cost more than they bring: a 10 M-record backtest took 46 s at parallelism 1 and 57 s at 2 on two cores,
     * and four scenarios ran faster at 1 too. But the join's work grows with each scenario and the reading's does
     * not: at eight scenarios the join's thread had twice the reading's CPU and held the job back alone, and a second
     * join task made it faster in four pairs of four (docs/performance.md). No output depends on it.
     */
    static Map<String, String> withDefaultParallelism(Map<String, String> settings, int scenarios, int cores) {
        Map<String, String> all = new java.util.LinkedHashMap<>(settings);
        int parallelism = scenarios >= MANY_SCENARIOS ? cores : cores / 2;
        all.putIfAbsent("parallelism.default", Integer.toString(Math.max(1, parallelism)));
        return all;
    }
}
