package org.ptaflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.dashboard.ImpactTopicRows;
import org.ptaflow.dashboard.JobAccumulatorHealth;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.kafka.KafkaSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ptaflow run}: the streaming job on an embedded Flink cluster, with this machine's conveniences: the
 * dashboard beside the job, a progress line, rows collected into the output folder or printed, Ctrl-C to stop.
 */
@Command(name = "run",
        description = {"The streaming job, on an embedded Flink cluster. With no options: the request-lists "
                + "scenario, the built-in simulator (endless, four simulated days per second), rows to out/, and the "
                + "dashboard beside the job. Ctrl-C stops it (rows received so far stay).",
                "--sink print writes CSV to standard output (header first; last column final: false for an early "
                        + "row of a window still open); messages go to standard error."})
final class RunCommand extends Subcommand {
    @Mixin
    LiveRunOptions live;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "The output folder of --sink files. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--no-dashboard", description = "Run without the dashboard.")
    boolean noDashboard;

    @Option(names = "--dashboard-port", paramLabel = "P",
            description = "The dashboard's port (default 8090, or any free port when 8090 is taken).")
    Integer dashboardPort;

    @Mixin
    DashboardOptions dashboard;

    @Option(names = "--prometheus-port", paramLabel = "P",
            description = "Turn on Flink's Prometheus reporter on this port, for this run's metrics.")
    Integer prometheusPort;

    @Override
    public Integer call() throws Exception {
        PrintStream console = ptaflow.err;
        live.flink.settings(); // a bad --parallelism is refused before anything starts
        List<Scenario> loaded = live.scenarios.load(true);
        String sink = live.job.sink("files");
        boolean writesKafka = sink.equals("kafka");
        boolean usesKafka = writesKafka || live.job.readsKafka();
        KafkaSettings k = usesKafka ? live.kafka.settings(loaded, live.job.jobId) : null;
        Path folder = sink.equals("files") ? out : null;
        org.ptaflow.sinks.postgres.PostgresSettings postgres =
                live.job.writesPostgres() ? live.postgres.settings() : null;
        FlinkJob.Sources sources = live.job.sources(live.simulator, loaded, k, console);
        List<KafkaTopics.Topic> topics = usesKafka ? KafkaTopics.forJob(k, live.job.readsKafka(), writesKafka,
                LiveJobOptions.monitorsTransit(loaded)) : null;
        if (usesKafka) {
            KafkaTopics.ensure(k, topics, live.topics, console);
        }
        Map<String, String> flinkSettings = live.job.flinkSettings(live.flink, usesKafka);
        if (prometheusPort != null) {
            flinkSettings.putAll(prometheusReporter(prometheusPort));
        }
        StreamExecutionEnvironment env = FlinkJob.environment(flinkSettings, "ptaflow run");
        JobEnvironment.showSettings(env, live.job.shown(loaded, String.join(",", live.job.sinks.isEmpty()
                ? List.of(sink) : live.job.sinks), k, topics));
        Dashboard d = noDashboard ? null : dashboardBesideJob(env, loaded, folder, writesKafka ? k : null, console);
        try {
            return FlinkJob.run(env, sources, loaded, live.job.settings(), folder,
                    sink.equals("print") ? ptaflow.out : null, writesKafka ? k : null, postgres, "ptaflow run",
                    console);
        } finally {
            if (d != null) {
                d.close();
            }
        }
    }

    /** Flink's Prometheus reporter on one port (the {@code --prometheus-port} of local runs). */
    static Map<String, String> prometheusReporter(int port) {
        return Map.of("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.port", Integer.toString(port));
    }

    /**
     * The dashboard of a {@code run}, over its output folder (or its Kafka topic), with the job's live counts. On
     * the default port when it is free, else on any free port: the address is printed either way. A dashboard
     * that cannot start never stops the job.
     */
    private Dashboard dashboardBesideJob(StreamExecutionEnvironment env, List<Scenario> loaded, Path folder,
            KafkaSettings k, PrintStream console) throws Exception {
        if (folder == null && k == null) {
            console.println("dashboard: not started (--sink print writes no rows for it to read)");
            return null;
        }
        Dashboard.Settings settings = dashboard.settings(loaded);
        int port = dashboardPort != null ? dashboardPort : settings.port();
        Dashboard d;
        try {
            d = DashboardCommand.open(settings.withPort(port), folder, k);
        } catch (java.net.BindException e) {
            if (dashboardPort != null) {
                throw new UsageError("dashboard: port " + port + " is in use (" + e.getMessage() + ")");
            }
            d = DashboardCommand.open(settings.withPort(0), folder, k);
        }
        JobAccumulatorHealth health = new JobAccumulatorHealth(loaded.stream().map(Scenario::id).toList());
        env.registerJobListener(health);
        d.liveHealth(health);
        console.println("dashboard: " + d.start() + "  (--no-dashboard to run without it)");
        return d;
    }

    static ImpactTopicRows.Connection connection(KafkaSettings k) {
        return new ImpactTopicRows.Connection(k.bootstrapServers(), k.impactTopic(), k.taxTopic(), k.quotaTopic(),
                k.transitRowsTopic(), k.transitAlertsTopic(), k.flagsTopic(), k.clientProperties());
    }
}
