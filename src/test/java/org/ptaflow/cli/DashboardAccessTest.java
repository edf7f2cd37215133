package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.sinks.ImpactCsv;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.OutputFolder;

/** Who may open the dashboard, where it listens, its command lines, and the CSV it offers for download. */
class DashboardAccessTest {
    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        Dashboard.Settings settings = Dashboard.Settings.defaults().withPort(0).withToken("s3cret");
        try (Dashboard d = Dashboard.forOutputFolder(tmp, settings)) {
            String address = d.start();
            assertTrue(address.startsWith("http://127.0.0.1:") && address.endsWith("/?token=s3cret"), address);
            int port = d.port();
            for (String path : new String[] {"/", "/app.js", "/api/scenarios", "/api/events", "/api/rows.csv"}) {
                assertEquals(401, get(port, path).statusCode(), path);
                assertEquals(401, get(port, path + "?token=wrong").statusCode(), path);
            }
            HttpResponse<String> page = get(port, "/?token=s3cret");
            assertEquals(200, page.statusCode());
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            String pair = cookie.substring(0, cookie.indexOf(';'));
            assertEquals(200, get(port, "/api/scenarios", "Cookie", pair).statusCode(), "the page's cookie");
            assertEquals(200, get(port, "/api/scenarios", "Authorization", "Bearer s3cret").statusCode());
            assertEquals(200, get(port, "/vendor/echarts.min.js", "Cookie", pair).statusCode(), "ECharts WebJar");
        }
    }

    @Test
    void withoutATokenItListensOnLoopbackOnly() throws Exception {
        try (Dashboard d = Dashboard.forOutputFolder(tmp, Dashboard.Settings.defaults().withPort(0))) {
            assertEquals("http://127.0.0.1:" + d.start().split(":")[2], d.address());
            HttpResponse<String> page = get(d.port(), "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertEquals(200, get(d.port(), "/vendor/echarts.min.js").statusCode());
        }
    }

    @Test
    void theDownloadHoldsTheRowsWithTheContractsColumns() throws Exception {
        Path out = tmp.resolve("out");
        try (OutputFolder folder = new OutputFolder(out, false, true);
                Dashboard d = Dashboard.forOutputFolder(out, Dashboard.Settings.defaults().withPort(0))) {
            folder.accept(JobOutput.of(DashboardBrowserTest.row(1_000, 200, true)));
            d.start();
            HttpResponse<String> csv = get(d.port(), "/api/rows.csv?scenario=test-pta&importer=AZE&beneficiary=PAK");
            assertEquals(200, csv.statusCode());
            assertEquals(ImpactCsv.header(false) + "\n" + ImpactCsv.line(DashboardBrowserTest.row(1_000, 200, true),
                    false) + "\n", csv.body());
            assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        }
    }

    @Test
    void dashboardOptionsParse() {
        assertNull(PtaflowCommand.usageProblem("dashboard", "--out", "out", "--bind", "0.0.0.0", "--port", "8091",
                "--token", "t", "--hs-nomenclature", "hs.csv", "--scenario", "s.yaml"));
        assertNull(PtaflowCommand.usageProblem("dashboard", "--bootstrap-servers", "localhost:9092",
                "--impact-topic", "rows", "--kafka-property", "security.protocol=SSL"));
        assertNull(PtaflowCommand.usageProblem("run", "--no-dashboard", "--prometheus-port", "9249"));
        assertNull(PtaflowCommand.usageProblem("run", "--dashboard-port", "8091", "--bind", "127.0.0.1", "--token", "t"));
        assertTrue(PtaflowCommand.usageProblem("backtest", "--no-dashboard").contains("no-dashboard"));
    }
}
