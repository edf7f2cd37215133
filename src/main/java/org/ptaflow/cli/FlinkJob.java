package org.ptaflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.pipeline.PtaflowOptions;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sinks.ImpactCsv;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.JobOutputTypeInfo;
import org.ptaflow.sinks.OutputFolder;
import org.ptaflow.sinks.RunSummary;
import org.ptaflow.sinks.postgres.PostgresOutput;
import org.ptaflow.sinks.postgres.PostgresSettings;
import org.ptaflow.sinks.postgres.PostgresTables;

/**
 * Wires real sources and sinks to {@link ImpactPipeline} and runs it from this process, {@code bin/ptaflow}'s
 * client side: on the embedded cluster by default. The job's outputs come back to this process through one
 * collect sink and are written to the output folder (or printed); the run summary comes from the job's
 * accumulators. A progress line goes to standard error every few seconds, and Ctrl-C cancels the job. On a
 * cluster, {@link PtaflowJob} builds the same job without any of these conveniences.
 */
final class FlinkJob {
    static final int MAX_PARALLELISM = JobEnvironment.MAX_PARALLELISM;

    private FlinkJob() {}

    interface SourceFactory {
        DataStream<SourceLine> create(StreamExecutionEnvironment env);
    }

    /**
     * The environment of a job this process runs: {@link JobEnvironment}'s, named, with the user's Flink settings
     * on top. Accumulators (the progress line's counts) travel with heartbeats: every 2 s instead of 10 on the
     * embedded cluster (a real cluster keeps its own setting).
     */
    static StreamExecutionEnvironment environment(Map<String, String> flinkProperties, String jobName) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, jobName);
        conf.setString("heartbeat.interval", "2000");
        flinkProperties.forEach(conf::setString);
        return JobEnvironment.create(conf);
    }

    /**
     * The job's sources: the records, the amendments beside the scenarios' own tables (or none), and transit
     * movement events (or none).
     */
    record Sources(SourceFactory records, AmendmentFactory amendments, SourceFactory transit,
            SimulatorSettings simulatedRecords) {
        Sources(SourceFactory records, AmendmentFactory amendments) {
            this(records, amendments, null, null);
        }

        /** Records only, no amendments (files, the simulator). */
        static Sources records(SourceFactory records) {
            return new Sources(records, null, null, null);
        }

        Sources withTransit(SourceFactory transit) {
            return new Sources(records, amendments, transit, simulatedRecords);
        }

        /** The records source is the job's simulator making records directly, with these settings. */
        Sources withSimulatedRecords(SimulatorSettings simulator) {
            return new Sources(records, amendments, transit, simulator);
        }
    }

    /** Amendments to the scenarios' tables received while the job runs (from Kafka), or none. */
    interface AmendmentFactory {
        DataStream<TariffAmendment> create(StreamExecutionEnvironment env);
    }

    /** The job's outputs, back to this process through one collect sink. */
    static CloseableIterator<JobOutput> collect(StreamExecutionEnvironment env, ImpactPipeline.Outputs outputs) {
        // Each output crosses to this process as one block of bytes (JobOutputTypeInfo): Flink's collect sink and
        // its client write and read a result one synchronised call per byte otherwise.
        JobOutputTypeInfo type = JobOutputTypeInfo.INSTANCE;
        DataStream<JobOutput> all = outputs.impactRows().map(JobOutput::of, type).uid("impact-rows-out")
                .name("impact rows")
                .union(outputs.rejected().map(JobOutput::of, type).uid("rejected-records-out").name("rejected records"),
                        outputs.late().map(JobOutput::of, type).uid("late-records-out").name("late records"),
                        outputs.quotaStatus().map(JobOutput::of, type).uid("quota-status-out").name("quota status"),
                        outputs.flags().map(JobOutput::of, type).uid("flags-out").name("flags"));
        if (outputs.transitRows() != null) {
            all = all.union(
                    outputs.transitRows().map(JobOutput::of, type).uid("transit-rows-out").name("transit rows"),
                    outputs.transitAlerts().map(JobOutput::of, type).uid("transit-alerts-out")
                            .name("transit alerts"));
        }
        // The collect sink is the one operator without a uid of ours: giving it one (through its transformation)
        // stopped every row from reaching this process in a live run without checkpoints (seen with `bin/ptaflow
        // run`: 0 rows received), while checkpointed runs still worked. Its state is only results not yet fetched.
        return all.collectAsync();
    }

    /** The job's streams, built from its sources (the same for a run here and on a cluster). */
    static ImpactPipeline.Outputs build(StreamExecutionEnvironment env, Sources sources, List<Scenario> scenarios,
            ImpactPipeline.Settings settings) {
        JobEnvironment.showSettings(env, PtaflowOptions.of(settings));
        if (sources.simulatedRecords() != null) {
            settings = settings.withSimulatedRecords(sources.simulatedRecords());
        }
        return ImpactPipeline.build(sources.records().create(env),
                sources.amendments() == null ? null : sources.amendments().create(env),
                sources.transit() == null ? null : sources.transit().create(env),
                scenarios, settings);
    }

    /**
     * Runs the job. With {@code kafka} set, the outputs go to Kafka topics (exactly once) and this process only
     * reports progress until the job ends or is cancelled; otherwise they come back here and go to {@code out},
     * and with {@code rows} set, the impact rows go there as CSV (header first, then one line per row with a last
     * column {@code final}: false for an early row of a window still open).
     */
    static int run(StreamExecutionEnvironment env, Sources sources, List<Scenario> scenarios,
            ImpactPipeline.Settings settings, Path out, PrintStream rows, org.ptaflow.kafka.KafkaSettings kafka,
            String jobName, PrintStream console) throws Exception {
        return run(env, sources, scenarios, settings, out, rows, kafka, null, jobName, console);
    }

    /**
     * Runs the job as above, and with {@code postgres} set also into PostgreSQL tables (docs/postgres.md): the
     * database and its tables are checked before the job is submitted (exit 2 when unusable), the job upserts its
     * rows there, and this process writes the run's summary at the end. PostgreSQL alone (no folder, no rows, no
     * Kafka) collects nothing back here.
     */
    static int run(StreamExecutionEnvironment env, Sources sources, List<Scenario> scenarios,
            ImpactPipeline.Settings settings, Path out, PrintStream rows, org.ptaflow.kafka.KafkaSettings kafka,
            PostgresSettings postgres, String jobName, PrintStream console) throws Exception {
        return run(env, sources, scenarios, settings, out, rows, kafka, postgres, jobName, console, null);
    }

    /** As above; {@code tap}, when given, also sees every output that comes back (evaluate keeps the rows). */
    static int run(StreamExecutionEnvironment env, Sources sources, List<Scenario> scenarios,
            ImpactPipeline.Settings settings, Path out, PrintStream rows, org.ptaflow.kafka.KafkaSettings kafka,
            PostgresSettings postgres, String jobName, PrintStream console,
            java.util.function.Consumer<JobOutput> tap) throws Exception {
        if (postgres != null) {
            preparePostgres(postgres, scenarios, console);
        }
        ImpactPipeline.Outputs outputs = build(env, sources, scenarios, settings);
        if (postgres != null) {
            sinkToPostgres(outputs, postgres);
        }
        if (kafka != null || (out == null && rows == null && postgres != null)) {
            return runInJob(env, outputs, scenarios, kafka, postgres, jobName, console);
        }
        boolean print = rows != null;
        CloseableIterator<JobOutput> results = collect(env, outputs);

        boolean bands = scenarios.stream().anyMatch(s -> s.uncertainty() != null);
        List<String> ids = scenarios.stream().map(Scenario::id).toList();
        boolean live = !settings.backtest();
        JobClient client = env.executeAsync(jobName);
        console.println("job " + client.getJobID() + " started" + (out == null ? "" : ", writing to " + out));

        AtomicReference<OutputFolder> folderRef = new AtomicReference<>();
        ScheduledExecutorService progress = progress(new Progress(client, ids, folderRef, console));
        java.util.concurrent.atomic.AtomicBoolean finished = cancelOnExit(client);

        boolean quotas = scenarios.stream().anyMatch(Scenario::hasQuotas);
        boolean transit = scenarios.stream().anyMatch(s -> s.transit() != null);
        try (OutputFolder folder = out == null ? null : new OutputFolder(out, bands, live, quotas, transit)) {
            folderRef.set(folder);
            long printedFinalRows = 0;
            if (print) {
                rows.println(ImpactCsv.header(bands) + ",final");
            }
            while (results.hasNext()) {
                JobOutput o = results.next();
                if (folder != null) {
                    folder.accept(o);
                }
                if (tap != null) {
                    tap.accept(o);
                }
                if (print && o.impact != null) {
                    rows.println(ImpactCsv.line(o.impact, bands) + "," + o.impact.finalRow);
                    printedFinalRows += o.impact.finalRow ? 1 : 0;
                }
            }
            JobExecutionResult result = client.getJobExecutionResult().get();
            finished.set(true);
            progress.shutdownNow();
            RunSummary summary = summary(result, ids, scenarios);
            if (folder != null) {
                folder.finish(summary);
            }
            if (postgres != null) {
                PostgresOutput.writeSummary(postgres, client.getJobID().toString(), summary);
            }
            console.println(String.format("done: %,d records read, %,d impact rows%s, in %.1f s; counts %s", summary.read,
                    folder == null ? printedFinalRows : folder.finalRowCount(), out == null ? "" : " in " + out.resolve("impact.csv"),
                    result.getNetRuntime() / 1000.0, summary.reconciles() ? "reconcile" : "DO NOT reconcile"));
            for (Map.Entry<String, RunSummary.ScenarioCounts> e : summary.scenarios.entrySet()) {
                RunSummary.ScenarioCounts c = e.getValue();
                console.println(String.format("  %s: accepted %,d, rejected %,d, duplicates %,d, late %,d, out of scope %,d",
                        e.getKey(), c.accepted, c.rejectedTotal(), c.duplicates, c.late, c.outOfScope));
            }
            if (summary.transit != null) {
                RunSummary.TransitCounts t = summary.transit;
                for (String id : t.scenarios.keySet()) {
                    console.println(String.format("  transit %s: %,d events read, accepted %,d, rejected %,d, duplicates"
                            + " %,d, out of scope %,d; alerts: overdue %,d, late exit %,d, orphan %,d", id, t.read,
                            t.count(id, "accepted"), t.rejected.values().stream().mapToLong(Long::longValue).sum(),
                            t.count(id, "duplicates"), t.count(id, "out_of_scope"), t.count(id, "alerts.overdue"),
                            t.count(id, "alerts.late_exit"), t.count(id, "alerts.orphan")));
                }
            }
            return 0;
        } finally {
            progress.shutdownNow();
            results.close();
        }
    }

    /** A job whose sinks are all in the job (Kafka, PostgreSQL): this process only reports progress and the end. */
    private static int runInJob(StreamExecutionEnvironment env, ImpactPipeline.Outputs outputs,
            List<Scenario> scenarios, org.ptaflow.kafka.KafkaSettings kafka, PostgresSettings postgres,
            String jobName, PrintStream console) throws Exception {
        if (kafka != null) {
            sinkToKafka(outputs, kafka);
        }
        List<String> ids = scenarios.stream().map(Scenario::id).toList();
        JobClient client = env.executeAsync(jobName);
        List<String> to = new ArrayList<>();
        if (kafka != null) {
            List<String> topics = new ArrayList<>(List.of(kafka.impactTopic(), kafka.taxTopic(), kafka.quotaTopic(),
                    kafka.rejectedTopic(), kafka.lateTopic(), kafka.flagsTopic()));
            if (outputs.transitRows() != null) {
                topics.addAll(List.of(kafka.transitRowsTopic(), kafka.transitAlertsTopic()));
            }
            to.add("Kafka topics " + String.join(", ", topics) + " at " + kafka.bootstrapServers()
                    + " (read them with isolation.level=read_committed)");
        }
        if (postgres != null) {
            to.add("PostgreSQL " + postgres);
        }
        console.println("job " + client.getJobID() + " started, writing to " + String.join(" and ", to));
        ScheduledExecutorService progress = progress(new Progress(client, ids, new AtomicReference<>(), console));
        java.util.concurrent.atomic.AtomicBoolean finished = cancelOnExit(client);
        try {
            JobExecutionResult result = client.getJobExecutionResult().get();
            finished.set(true);
            RunSummary summary = summary(result, ids, scenarios);
            if (postgres != null) {
                PostgresOutput.writeSummary(postgres, client.getJobID().toString(), summary);
            }
            console.println(String.format("done: %,d records read in %.1f s; counts %s", summary.read,
                    result.getNetRuntime() / 1000.0, summary.reconciles() ? "reconcile" : "DO NOT reconcile"));
            return 0;
        } finally {
            progress.shutdownNow();
        }
    }

    /** The run's counts, stating the identity of the scenario rejections its scenarios can give. */
    private static RunSummary summary(JobExecutionResult result, List<String> ids, List<Scenario> scenarios) {
        return RunSummary.fromAccumulators(result.getAllAccumulatorResults(), ids)
                .withBorderTaxes(scenarios.stream().anyMatch(Scenario::hasTaxes))
                .withQuotas(scenarios.stream().anyMatch(Scenario::hasQuotas))
                .withTransit(scenarios.stream().filter(s -> s.transit() != null).map(Scenario::id).toList());
    }

    /** The job's outputs to their Kafka topics, exactly once (the same here and on a cluster). */
    static void sinkToKafka(ImpactPipeline.Outputs outputs, org.ptaflow.kafka.KafkaSettings kafka) {
        outputs.impactRows().sinkTo(org.ptaflow.sinks.KafkaOutputs.impactRows(kafka))
                .uid("impact-rows-sink").name("Kafka: " + kafka.impactTopic());
        // The same rows per tax (the long form of taxes.csv); a row of an importer without taxes gives none.
        outputs.impactRows().flatMap(new org.ptaflow.sinks.TaxLine.Split()).uid("tax-rows-out").name("tax rows")
                .sinkTo(org.ptaflow.sinks.KafkaOutputs.taxRows(kafka))
                .uid("tax-rows-sink").name("Kafka: " + kafka.taxTopic());
        // The quotas' daily allocations; a run whose scenarios have no quotas writes none.
        outputs.quotaStatus().sinkTo(org.ptaflow.sinks.KafkaOutputs.quotaStatus(kafka))
                .uid("quota-status-sink").name("Kafka: " + kafka.quotaTopic());
        outputs.rejected().sinkTo(org.ptaflow.sinks.KafkaOutputs.rejected(kafka))
                .uid("rejected-records-sink").name("Kafka: " + kafka.rejectedTopic());
        outputs.late().sinkTo(org.ptaflow.sinks.KafkaOutputs.late(kafka))
                .uid("late-records-sink").name("Kafka: " + kafka.lateTopic());
        outputs.flags().sinkTo(org.ptaflow.sinks.KafkaOutputs.flags(kafka))
                .uid("flags-sink").name("Kafka: " + kafka.flagsTopic());
        // Transit only when a scenario has a transit: section (the streams are null otherwise).
        if (outputs.transitRows() != null) {
            outputs.transitRows().sinkTo(org.ptaflow.sinks.KafkaOutputs.transitRows(kafka))
                    .uid("transit-rows-sink").name("Kafka: " + kafka.transitRowsTopic());
            outputs.transitAlerts().sinkTo(org.ptaflow.sinks.KafkaOutputs.transitAlerts(kafka))
                    .uid("transit-alerts-sink").name("Kafka: " + kafka.transitAlertsTopic());
        }
    }

    /** Checks the database before the job is submitted: an unusable one is exit 2 (contract §5), not a failing job. */
    static void preparePostgres(PostgresSettings postgres, List<Scenario> scenarios, PrintStream console) {
        try {
            PostgresOutput.prepare(postgres, scenarios.stream().map(Scenario::id).toList(),
                    PostgresTables.forRun(LiveJobOptions.monitorsTransit(scenarios)), console);
        } catch (PostgresOutput.Unusable e) {
            throw new UnusableSetting(e.getMessage());
        }
    }

    /**
     * The job's outputs upserted into their PostgreSQL tables (the same here and on a cluster). Each sink is fed
     * forward from the operator that makes its rows, so the rows of one key reach one writer in the order they
     * were made.
     */
    static void sinkToPostgres(ImpactPipeline.Outputs outputs, PostgresSettings postgres) {
        outputs.impactRows().sinkTo(PostgresOutput.sink(PostgresTables.IMPACT_ROWS, postgres,
                        PostgresOutput.finalRowStays(PostgresTables.IMPACT_ROWS)))
                .uid("impact-rows-postgres").name("PostgreSQL: impact_rows");
        outputs.impactRows().flatMap(new org.ptaflow.sinks.TaxLine.Split()).uid("tax-rows-postgres-out")
                .name("tax rows (PostgreSQL)")
                .sinkTo(PostgresOutput.sink(PostgresTables.TAX_ROWS, postgres,
                        PostgresOutput.finalRowStays(PostgresTables.TAX_ROWS)))
                .uid("tax-rows-postgres").name("PostgreSQL: tax_rows");
        outputs.quotaStatus().sinkTo(PostgresOutput.sink(PostgresTables.QUOTA_STATUS, postgres, null))
                .uid("quota-status-postgres").name("PostgreSQL: quota_status");
        outputs.rejected().sinkTo(PostgresOutput.sink(PostgresTables.REJECTED_RECORDS, postgres, null))
                .uid("rejected-records-postgres").name("PostgreSQL: rejected_records");
        outputs.late().sinkTo(PostgresOutput.sink(PostgresTables.LATE_RECORDS, postgres, null))
                .uid("late-records-postgres").name("PostgreSQL: late_records");
        outputs.flags().sinkTo(PostgresOutput.sink(PostgresTables.FLAGS, postgres, null))
                .uid("flags-postgres").name("PostgreSQL: flags");
        // A transit row of a key is upserted again whenever one of its movements changes: the latest wins.
        if (outputs.transitRows() != null) {
            outputs.transitRows().sinkTo(PostgresOutput.sink(PostgresTables.TRANSIT_ROWS, postgres, null))
                    .uid("transit-rows-postgres").name("PostgreSQL: transit_rows");
            outputs.transitAlerts().sinkTo(PostgresOutput.sink(PostgresTables.TRANSIT_ALERTS, postgres, null))
                    .uid("transit-alerts-postgres").name("PostgreSQL: transit_alerts");
        }
    }

    /** Prints the progress line every two seconds until shut down. */
    private static ScheduledExecutorService progress(Progress meter) {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(meter::report, 2, 2, TimeUnit.SECONDS);
        return progress;
    }

    /** Set when this process is being stopped (Ctrl-C, TERM) while a job of it runs: the job's end is expected. */
    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    /** Whether the process is stopping a job it runs, so that the job's cancellation is not reported as a failure. */
    static boolean stopping() {
        return STOPPING.get();
    }

    /**
     * Ctrl-C on an endless run stops the job (rows already written stay). Set the returned flag when the job has
     * ended by itself, so that exiting does not try to cancel it.
     */
    private static java.util.concurrent.atomic.AtomicBoolean cancelOnExit(JobClient client) {
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                STOPPING.set(true);
                try {
                    client.cancel().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the embedded cluster is going down with this process anyway
                }
            }
        }));
        return finished;
    }

    /** The live progress line: simulated date, records/s, rows written. */
    private static final class Progress {
        private final JobClient client;
        private final List<String> ids;
        private final AtomicReference<OutputFolder> folder;
        private final PrintStream console;
        private long lastRead;
        private long lastAt = System.nanoTime();

        Progress(JobClient client, List<String> ids, AtomicReference<OutputFolder> folder, PrintStream console) {
            this.client = client;
            this.ids = ids;
            this.folder = folder;
            this.console = console;
        }

        void report() {
            try {
                Map<String, Object> acc = client.getAccumulators().get(5, TimeUnit.SECONDS);
                RunSummary now = RunSummary.fromAccumulators(acc, ids);
                long t = System.nanoTime();
                if (now.read == lastRead && now.read > 0) {
                    return; // no new counts since the last line (they arrive with heartbeats)
                }
                double rate = (now.read - lastRead) / ((t - lastAt) / 1e9);
                lastRead = now.read;
                lastAt = t;
                OutputFolder f = folder.get();
                console.println(String.format("progress: event time %s, %,d records read (%,.0f records/s), %,d rows received",
                        now.maxEventTime == null || now.maxEventTime == Long.MIN_VALUE ? "-"
                                : Instant.ofEpochMilli(now.maxEventTime).toString(),
                        now.read, rate, f == null ? 0 : f.rowsReceived()));
            } catch (Exception e) {
                // The job may be finishing; progress is best effort.
            }
        }
    }

}
