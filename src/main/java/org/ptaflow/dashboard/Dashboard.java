package org.ptaflow.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.ptaflow.sinks.QuotaColumns;

/**
 * The ministries' dashboard: a small web server (the JDK's own {@code com.sun.net.httpserver}, so nothing is added
 * beside Flink's and Kafka's libraries) serving one page, its script, Apache ECharts from its WebJar, and JSON views
 * of the impact rows ({@link DashboardView}: {@code /api/view}), of the transit movements and alerts and of the
 * origin flags ({@link TransitView}: {@code /api/transit}, {@code /api/flags}). The page is told of new rows of any
 * of them by server-sent events ({@code /api/events}) and fetches the views again, without a reload.
 *
 * <p>Binds to 127.0.0.1 unless told otherwise. With an access token, every request must carry it ({@code ?token=}
 * once: the page then keeps it in an HttpOnly cookie); without one, anyone who reaches the address sees the page,
 * so give a token before binding to another interface.
 */
public final class Dashboard implements AutoCloseable {
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String COOKIE = "ptaflow_dashboard_token";
    private static final int MAX_EVENT_STREAMS = 32;

    /**
     * Where and how the dashboard listens, and what it knows besides the rows: the scenarios' titles and their
     * quotas' units and critical levels (rows of {@code quotas.csv} carry neither). A null {@code nomenclature}
     * means the HS 2022 descriptions that ship in the jar.
     */
    public record Settings(String bind, int port, String token, Path nomenclature, Map<String, String> titles,
            Map<QuotaColumns.Key, QuotaFacts> quotas) {
        public static Settings defaults() {
            return new Settings("127.0.0.1", 8090, null, null, Map.of(), Map.of());
        }

        public Settings withBind(String b) {
            return new Settings(b, port, token, nomenclature, titles, quotas);
        }

        public Settings withPort(int p) {
            return new Settings(bind, p, token, nomenclature, titles, quotas);
        }

        public Settings withToken(String t) {
            return new Settings(bind, port, t == null || t.isEmpty() ? null : t, nomenclature, titles, quotas);
        }

        public Settings withNomenclature(Path n) {
            return new Settings(bind, port, token, n, titles, quotas);
        }

        public Settings withTitles(Map<String, String> t) {
            return new Settings(bind, port, token, nomenclature, Map.copyOf(t), quotas);
        }

        public Settings withQuotas(Map<QuotaColumns.Key, QuotaFacts> q) {
            return new Settings(bind, port, token, nomenclature, titles, Map.copyOf(q));
        }
    }

    /** What the scenario says of a quota that its rows do not: its unit and {@code critical_at} (economics.md §7). */
    public record QuotaFacts(String unit, double criticalAt) {}

    private final Settings settings;
    private final ImpactRowsStore store;
    private final Nomenclature hs;
    private final List<Runnable> pollers;
    private volatile RunHealth health;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService polling;
    private final AtomicInteger eventStreams = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean closed;
    /** What the source needs closed with the dashboard (the Kafka reader), or null. */
    private AutoCloseable closeAlso;

    private Dashboard(Settings settings, ImpactRowsStore store, List<Runnable> pollers, RunHealth health)
            throws IOException {
        this.settings = settings;
        this.store = store;
        this.pollers = pollers;
        this.health = health;
        this.hs = settings.nomenclature() == null ? Nomenclature.builtIn() : Nomenclature.load(settings.nomenclature());
        this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 0);
        this.handlers = Executors.newCachedThreadPool(daemon("dashboard-http"));
        this.polling = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-poll"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /**
     * A dashboard over a run's output folder ({@code impact.csv}, {@code impact-live.csv}, the tax files,
     * {@code quotas.csv}, {@code transit.csv}, {@code transit-alerts.csv}, {@code flags.csv}, {@code summary.json}).
     */
    public static Dashboard forOutputFolder(Path dir, Settings settings) throws IOException {
        ImpactRowsStore store = new ImpactRowsStore();
        OutputFolderRows folder = new OutputFolderRows(dir, store);
        return new Dashboard(settings, store, List.of(folder::poll), folder);
    }

    /**
     * A dashboard over the {@code impact-rows} Kafka topic (and the tax, quota, transit and flag topics), read
     * committed.
     */
    public static Dashboard forKafkaTopic(ImpactTopicRows.Connection kafka, Settings settings) throws IOException {
        ImpactRowsStore store = new ImpactRowsStore();
        ImpactTopicRows topic = new ImpactTopicRows(kafka, store);
        Dashboard d = new Dashboard(settings, store, List.of(), topic);
        topic.start();
        d.closeAlso = topic;
        return d;
    }

    /** Health from a live source (the job's accumulators) instead of the folder's files, once the job runs. */
    public void liveHealth(RunHealth live) {
        RunHealth folder = this.health;
        this.health = () -> {
            Map<String, Object> h = live.health();
            return h == null || h.isEmpty() ? folder.health() : h;
        };
    }

    /** Starts serving; returns the address to open (with the token when there is one). */
    public String start() {
        for (Runnable p : pollers) {
            p.run();
        }
        polling.scheduleWithFixedDelay(() -> {
            for (Runnable p : pollers) {
                try {
                    p.run();
                } catch (RuntimeException e) {
                    // best effort: the next poll tries again
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        // the health of a live run changes without new rows: let the page refresh it every few seconds
        polling.scheduleWithFixedDelay(store::touch, 5, 5, TimeUnit.SECONDS);
        server.start();
        return address();
    }

    public String address() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        if (host.equals("0.0.0.0")) {
            host = "localhost";
        }
        return "http://" + host + ":" + server.getAddress().getPort() + "/"
                + (settings.token() == null ? "" : "?token=" + settings.token());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        closed = true;
        polling.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
        if (closeAlso != null) {
            try {
                closeAlso.close();
            } catch (Exception e) {
                // closing
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            URI uri = x.getRequestURI();
            Map<String, String> q = query(uri.getRawQuery());
            x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            x.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                send(x, 405, "text/plain", "GET only");
                return;
            }
            if (!authorised(x, q)) {
                send(x, 401, "text/plain; charset=utf-8",
                        "This dashboard needs its access token: open the address the job printed (…/?token=…).");
                return;
            }
            String path = uri.getPath();
            switch (path) {
                case "/", "/index.html" -> {
                    if (settings.token() != null && q.containsKey("token")) {
                        x.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + settings.token()
                                + "; Path=/; HttpOnly; SameSite=Strict");
                    }
                    x.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                            + "base-uri 'none'; frame-ancestors 'none'");
                    resource(x, "dashboard/index.html", "text/html; charset=utf-8");
                }
                case "/app.js" -> resource(x, "dashboard/app.js", "text/javascript; charset=utf-8");
                case "/app.css" -> resource(x, "dashboard/app.css", "text/css; charset=utf-8");
                case "/vendor/echarts.min.js" -> resource(x, ECHARTS, "text/javascript; charset=utf-8");
                case "/api/scenarios" -> sendJson(x, DashboardView.scenarios(store.snapshot(), store.quotaSnapshot(),
                        store.transitAndFlagScenarios(), settings.titles()));
                case "/api/view" -> {
                    String scenario = q.getOrDefault("scenario", "");
                    Map<String, Object> view = DashboardView.view(store.snapshot(), store.taxSnapshot(), scenario,
                            q.get("importer"), q.get("beneficiary"), hs, currentHealth(), Instant.now());
                    view.put("quotas", DashboardView.quotas(store.quotaSnapshot(), scenario, settings.quotas()));
                    sendJson(x, view);
                }
                case "/api/transit" -> sendJson(x, TransitView.transit(store.transitSnapshot(),
                        store.transitAlertSnapshot(), q.getOrDefault("scenario", ""), q.get("window")));
                case "/api/flags" -> {
                    String scenario = q.getOrDefault("scenario", "");
                    sendJson(x, TransitView.flags(store.flagSnapshot(scenario), scenario));
                }
                case "/api/rows.csv" -> rowsCsv(x, q);
                case "/api/events" -> events(x);
                default -> send(x, 404, "text/plain", "not found");
            }
        } catch (IOException | RuntimeException e) {
            // a browser that went away; nothing to tell it
        }
    }

    private Map<String, Object> currentHealth() {
        Map<String, Object> h;
        try {
            h = health.health();
        } catch (RuntimeException e) {
            h = Map.of("state", "unknown (" + e.getMessage() + ")");
        }
        return h == null ? Map.of() : h;
    }

    private boolean authorised(HttpExchange x, Map<String, String> q) {
        String token = settings.token();
        if (token == null) {
            return true;
        }
        String given = q.get("token");
        if (given == null) {
            for (String header : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
                for (String part : header.split(";")) {
                    String p = part.trim();
                    if (p.startsWith(COOKIE + "=")) {
                        given = p.substring(COOKIE.length() + 1);
                    }
                }
            }
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (given == null && auth != null && auth.startsWith("Bearer ")) {
            given = auth.substring(7).trim();
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private void rowsCsv(HttpExchange x, Map<String, String> q) throws IOException {
        String scenario = q.getOrDefault("scenario", "");
        List<DashboardRow> rows = DashboardView.select(store.snapshot(), scenario, q.get("importer"),
                q.get("beneficiary"));
        List<String> columns = store.columns();
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (DashboardRow r : rows) {
            boolean first = true;
            for (String c : columns) {
                if (!first) {
                    sb.append(',');
                }
                sb.append(r.get(c));
                first = false;
            }
            sb.append('\n');
        }
        String file = (scenario.replaceAll("[^a-z0-9-]", "") + "-" + q.getOrDefault("importer", "all") + "-"
                + q.getOrDefault("beneficiary", "all")).replaceAll("[^A-Za-z0-9-]", "") + ".csv";
        x.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + file + "\"");
        send(x, 200, "text/csv; charset=utf-8", sb.toString());
    }

    /** Server-sent events: an {@code update} event whenever the rows (or the run's health) changed. */
    private void events(HttpExchange x) throws IOException {
        if (eventStreams.incrementAndGet() > MAX_EVENT_STREAMS) {
            eventStreams.decrementAndGet();
            send(x, 503, "text/plain", "too many open pages; the page falls back to polling");
            return;
        }
        try {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            long sent = -1;
            long lastWrite = 0;
            while (!closed) {
                long v = store.version();
                long now = System.nanoTime();
                if (v != sent) {
                    out.write(("retry: 2000\nevent: update\ndata: " + v + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent = v;
                    lastWrite = now;
                } else if (now - lastWrite > 15_000_000_000L) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eventStreams.decrementAndGet();
        }
    }

    private void resource(HttpExchange x, String name, String type) throws IOException {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(x, 404, "text/plain", "missing resource " + name);
                return;
            }
            byte[] body = in.readAllBytes();
            x.getResponseHeaders().set("Content-Type", type);
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
        }
    }

    private void sendJson(HttpExchange x, Object value) throws IOException {
        x.getResponseHeaders().set("Cache-Control", "no-store");
        send(x, 200, "application/json; charset=utf-8", json.writeValueAsString(value));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    /** The access token from {@code --token}, else the environment variable {@code PTAFLOW_DASHBOARD_TOKEN}. */
    public static String tokenFrom(String option) {
        if (option != null && !option.isEmpty()) {
            return option;
        }
        String env = System.getenv("PTAFLOW_DASHBOARD_TOKEN");
        return env == null || env.isEmpty() ? null : env;
    }
}
