package org.ptaflow.sinks.postgres;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private PostgreSQL server for a test class: Debian's PostgreSQL 15 binaries ({@code initdb}, {@code pg_ctl})
 * with a data folder in a temporary folder and a free loopback port, stopped and deleted after the class. The server
 * refuses to run as root, so as root (CI, this machine) both run as the {@code postgres} user through
 * {@code runuser}, and the folder belongs to it. Durability is off (fsync, synchronous commit, full-page writes):
 * the data is thrown away anyway, and the server starts and writes faster. Tests are skipped, saying why, where
 * the binaries are missing ({@code .ci/run} installs the {@code postgresql} package).
 *
 * <p>Register with {@code @RegisterExtension static final TestPostgres POSTGRES = new TestPostgres();} and give
 * each test its own schema ({@link #freshSchema}).
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String USER = "ptaflow";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private Path dir;
    private int port;
    private Thread stopOnExit;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl")),
                "PostgreSQL 15 is not installed (apt-get install postgresql): " + BIN + " has no initdb/pg_ctl");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    void start() throws Exception {
        dir = Files.createTempDirectory("ptaflow-postgres");
        if (root()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        run(Duration.ofMinutes(2), BIN.resolve("initdb").toString(), "-D", data(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync");
        port = freePort();
        stopOnExit = new Thread(this::stopQuietly, "stop test postgres");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        run(Duration.ofMinutes(1), BIN.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
    }

    void stop() throws Exception {
        if (dir == null) {
            return;
        }
        try {
            run(Duration.ofMinutes(1), BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
            if (stopOnExit != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
            dir = null;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            // best effort at exit
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return USER;
    }

    public int port() {
        return port;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** A new empty schema's name, distinct per call (tests of one class share the server). */
    public String freshSchema(String prefix) throws SQLException {
        String name = prefix + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
        return name;
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a PostgreSQL program (as postgres when this is root) and fails with its output if it fails. */
    private void run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Path log = dir.resolve("command.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            String serverLog = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n"
                    + Files.readString(log) + serverLog);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
