package org.ptaflow.cli;

import java.nio.file.Path;
import java.util.List;

import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.dashboard.ImpactTopicRows;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.kafka.KafkaSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ptaflow dashboard}: the live web dashboard over a run's output folder or the impact-rows topic. */
@Command(name = "dashboard",
        description = "The live web dashboard over a run's output folder (--out, default out/) or the impact-rows "
                + "topic (--bootstrap-servers), until Ctrl-C. --scenario only gives it the scenarios' titles and "
                + "their quotas' units and critical levels.")
final class DashboardCommand extends Subcommand {
    @Option(names = "--out", paramLabel = "DIR", description = "The run's output folder. Default: out.")
    Path out;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8090",
            description = "The port to listen on. Default: ${DEFAULT-VALUE}.")
    int port;

    @Mixin
    DashboardOptions dashboard;

    @Mixin
    ScenarioOptions scenarios;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        List<Scenario> loaded = scenarios.files.isEmpty() ? List.of() : scenarios.load(false);
        Dashboard.Settings settings = dashboard.settings(loaded).withPort(port);
        Dashboard d;
        try {
            if (kafka.given()) {
                if (out != null) {
                    throw new UsageError("give --out DIR or --bootstrap-servers, not both");
                }
                KafkaSettings k = kafka.settings(loaded, null);
                d = open(settings, null, k);
                ImpactTopicRows.Connection c = RunCommand.connection(k);
                ptaflow.err.println("dashboard: reading " + String.join(", ", c.topic(), c.taxTopic(),
                        c.quotaTopic(), c.transitTopic(), c.transitAlertTopic(), c.flagTopic()) + " at "
                        + k.bootstrapServers() + " (read committed)");
            } else {
                Path folder = out != null ? out : Path.of("out");
                d = open(settings, folder, null);
                ptaflow.err.println("dashboard: reading " + folder.toAbsolutePath() + " (impact.csv, impact-live.csv, "
                        + "taxes.csv, taxes-live.csv, quotas.csv, transit.csv, transit-alerts.csv, flags.csv, "
                        + "summary.json, rejected.csv, late.csv)");
            }
        } catch (java.net.BindException e) {
            throw new UsageError("cannot listen on " + settings.bind() + ":" + settings.port() + " ("
                    + e.getMessage() + "); choose another --port");
        }
        ptaflow.err.println("dashboard: " + d.start() + "  (Ctrl-C to stop)");
        Thread.currentThread().join();
        return 0;
    }

    static Dashboard open(Dashboard.Settings settings, Path folder, KafkaSettings k) throws java.io.IOException {
        return k != null ? Dashboard.forKafkaTopic(RunCommand.connection(k), settings)
                : Dashboard.forOutputFolder(folder, settings);
    }
}
