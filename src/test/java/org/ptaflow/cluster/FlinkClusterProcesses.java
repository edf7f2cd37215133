package org.ptaflow.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Flink session cluster of separate processes on 127.0.0.1: one JobManager and two TaskManagers, each its
 * own JVM started from the Maven test classpath (no Flink distribution here). What the distribution's scripts
 * would supply is supplied the same way: the memory settings that {@code BashJavaUtils} computes from the
 * configuration, and the Java 17 {@code --add-opens} list of the distribution's {@code config.yaml}.
 *
 * <p>{@link #close()} kills every process it started (also the clients), waits for them to be gone, and says so;
 * a shutdown hook does the same if the test JVM ends first.
 */
public final class FlinkClusterProcesses implements AutoCloseable {
    /** The distribution's {@code env.java.opts.all} for Java 17 (the same list as conf/flink/config.yaml). */
    public static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path confDir;
    private final Path logDir;
    private final int restPort;
    private final String classpath;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private Process jobManager;
    private int launched;
    private final List<Process> taskManagers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "flink-cluster-processes-shutdown");

    /** Starts the JobManager and {@code taskManagers} TaskManagers and returns once all have registered. */
    public static FlinkClusterProcesses start(Path home, int taskManagers, int slotsPerTaskManager) throws Exception {
        FlinkClusterProcesses cluster = new FlinkClusterProcesses(home, slotsPerTaskManager);
        try {
            cluster.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers, Duration.ofSeconds(60));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private FlinkClusterProcesses(Path home, int slots) throws IOException {
        this.home = home;
        this.confDir = Files.createDirectories(home.resolve("conf"));
        this.logDir = Files.createDirectories(home.resolve("log"));
        int[] ports = freePorts(2);
        this.restPort = ports[0];
        this.classpath = clusterClasspath();
        Path checkpoints = Files.createDirectories(home.resolve("checkpoints"));
        Path savepoints = Files.createDirectories(home.resolve("savepoints"));
        String config = String.join("\n",
                "env.java.opts.all: " + String.join(" ", JAVA_17_OPTS),
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + ports[1],
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 900m",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1000m",
                "taskmanager.memory.managed.size: 64m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "parallelism.default: 2",
                // A killed TaskManager is noticed within seconds rather than the default 50.
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 6000",
                "pekko.ask.timeout: 10 s",
                "execution.checkpointing.interval: 500 ms",
                "execution.checkpointing.dir: " + checkpoints.toUri(),
                "execution.checkpointing.savepoint-dir: " + savepoints.toUri(),
                "restart-strategy.type: fixed-delay",
                // Until the JobManager notices a killed TaskManager (heartbeat timeout), restarts can fail for want of
                // its slots: allow enough attempts to outlast that on a busy machine.
                "restart-strategy.fixed-delay.attempts: 30",
                "restart-strategy.fixed-delay.delay: 2 s",
                "jobmanager.execution.failover-strategy: region",
                "slotmanager.redundant-taskmanager-num: 0",
                // one slot of a parallelism-2 job on each TaskManager: killing either one hits the job
                "taskmanager.load-balance.mode: slots",
                "");
        Files.writeString(confDir.resolve("config.yaml"), config);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public int restPort() {
        return restPort;
    }

    public Path confDir() {
        return confDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** The classpath the cluster processes run with: the test classpath without this project's own classes. */
    public String classpath() {
        return classpath;
    }

    private void startJobManager() throws Exception {
        jobManager = launch("jobmanager", "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        await("the JobManager's REST API", Duration.ofSeconds(60), () -> {
            try {
                return get("/overview") != null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Starts one more TaskManager (for example after one was killed). */
    public Process startTaskManager() throws Exception {
        Process tm = launch("taskmanager-" + (launched++), "GET_TM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        taskManagers.add(tm);
        return tm;
    }

    public List<Process> taskManagers() {
        return taskManagers;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook of the TaskManager runs. */
    public void killTaskManager(int index) throws InterruptedException {
        Process tm = taskManagers.get(index);
        tm.destroyForcibly();
        if (!tm.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager " + index + " survived SIGKILL");
        }
    }

    /**
     * Replaces dead TaskManagers until {@code n} run, and waits until the JobManager counts exactly those (a killed
     * one is dropped after the heartbeat timeout).
     */
    public void ensureTaskManagers(int n, Duration timeout) throws Exception {
        taskManagers.removeIf(p -> !p.isAlive());
        while (taskManagers.size() < n) {
            startTaskManager();
        }
        await("exactly " + n + " registered TaskManagers", timeout, () -> {
            try {
                JsonNode overview = get("/overview");
                return overview != null && overview.get("taskmanagers").asInt() == n
                        && overview.get("slots-available").asInt() == overview.get("slots-total").asInt();
            } catch (Exception e) {
                return false;
            }
        });
    }

    public void awaitTaskManagers(int n, Duration timeout) throws Exception {
        await(n + " registered TaskManagers", timeout, () -> {
            try {
                JsonNode overview = get("/overview");
                return overview != null && overview.get("taskmanagers").asInt() >= n;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private Process launch(String name, String resourceCommand, String mainClass) throws Exception {
        List<String> resources = bashJavaUtils(resourceCommand);
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
        command.addAll(JAVA_17_OPTS);
        command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(confDir.toString());
        command.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
        return spawn(name, command, Map.of());
    }

    /**
     * Runs {@code flink run} (Flink's {@code CliFrontend}) in its own JVM, as a user submits a job jar, and returns
     * the client process; its output goes to {@code log/<name>.out}.
     */
    public Process flinkRun(String name, List<String> runArguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx512m");
        command.addAll(JAVA_17_OPTS);
        command.add("-cp");
        command.add(classpath);
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.add("run");
        command.addAll(runArguments);
        return spawn(name, command, Map.of("FLINK_CONF_DIR", confDir.toString()));
    }

    public Path clientOutput(String name) {
        return logDir.resolve(name + ".out");
    }

    private Process spawn(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".out").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private List<String> bashJavaUtils(String command) throws Exception {
        Process p = new ProcessBuilder(java(), "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                command, "--configDir", confDir.toString()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + output);
        }
        List<String> results = output.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).collect(Collectors.toList());
        if (results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no JVM and dynamic settings:\n" + output);
        }
        return results.subList(results.size() - 2, results.size());
    }

    /** GET on the JobManager's REST API: the JSON body, or null unless 200. */
    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    /** POST a JSON body to the REST API; the JSON answer (any status). */
    public JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The id of the only job the cluster has in {@code state} (for example RUNNING), or null. */
    public String jobIn(String state) throws Exception {
        JsonNode jobs = get("/jobs/overview");
        if (jobs == null) {
            return null;
        }
        for (JsonNode j : jobs.get("jobs")) {
            if (j.get("state").asText().equals(state)) {
                return j.get("jid").asText();
            }
        }
        return null;
    }

    /** Completed checkpoints of a job so far. */
    public int completedCheckpoints(String jobId) throws Exception {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints");
        return c == null ? 0 : c.get("counts").get("completed").asInt();
    }

    /** Number of times the job restarted (its full restarts). */
    public long restarts(String jobId) throws Exception {
        JsonNode c = get("/jobs/" + jobId);
        if (c == null) {
            return 0;
        }
        JsonNode v = c.path("numRestarts"); // not always there: fall back to the exceptions history
        if (!v.isMissingNode()) {
            return v.asLong();
        }
        JsonNode ex = get("/jobs/" + jobId + "/exceptions");
        return ex == null ? 0 : ex.path("exceptionHistory").path("entries").size();
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Processes started by this cluster that are still alive (none after {@link #close()}). */
    public List<ProcessHandle> alive() {
        List<ProcessHandle> alive = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                if (p.isAlive()) {
                    alive.add(p.toHandle());
                }
                p.toHandle().descendants().filter(ProcessHandle::isAlive).forEach(alive::add);
            }
        }
        return alive;
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void killAll() {
        synchronized (processes) {
            for (Process p : processes) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : processes) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test JVM's classpath (Flink, connectors, their dependencies) minus this project's classes: the job's own
     * classes reach the cluster only in the submitted jar, as on a real cluster.
     */
    private static String clusterClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.endsWith("target" + File.separator + "classes")
                        && !e.endsWith("target" + File.separator + "test-classes")
                        && !Path.of(e).getFileName().toString().startsWith("ptaflow-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }
}
