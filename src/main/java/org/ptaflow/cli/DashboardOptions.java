package org.ptaflow.cli;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.scenario.Quota;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.sinks.QuotaColumns;

import picocli.CommandLine.Option;

/** The dashboard's address, access token and nomenclature, for {@code dashboard} and {@code run}. */
final class DashboardOptions {
    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address the dashboard listens on (0.0.0.0: every interface). Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--token", paramLabel = "T",
            description = "Every dashboard request needs this access token (or set PTAFLOW_DASHBOARD_TOKEN).")
    String token;

    @Option(names = "--hs-nomenclature", paramLabel = "FILE",
            description = "An HS nomenclature CSV (hs2022.csv) for the dashboard's product descriptions.")
    String nomenclature;

    Dashboard.Settings settings(List<Scenario> scenarios) {
        Map<String, String> titles = new LinkedHashMap<>();
        Map<QuotaColumns.Key, Dashboard.QuotaFacts> quotas = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            titles.put(s.id(), s.title());
            for (Quota q : s.quotas()) {
                quotas.put(new QuotaColumns.Key(s.id(), q.id()), new Dashboard.QuotaFacts(q.unit(), q.criticalAt()));
            }
        }
        if (nomenclature != null && !Files.isRegularFile(Paths.get(nomenclature))) {
            throw new UsageError("--hs-nomenclature: no file " + nomenclature);
        }
        return Dashboard.Settings.defaults()
                .withBind(bind)
                .withToken(Dashboard.tokenFrom(token))
                .withNomenclature(nomenclature == null ? null : Paths.get(nomenclature))
                .withTitles(titles)
                .withQuotas(quotas);
    }
}
