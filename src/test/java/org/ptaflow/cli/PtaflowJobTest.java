package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ptaflow.kafka.TestKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The job jar's entry point on a cluster, {@link PtaflowJob#main}, run as {@code flink run} runs it: with the
 * cluster's context environment installed (here a mini cluster's). It builds and executes the job and returns:
 *
 * <ul>
 *   <li>no thread of the client's conveniences exists at any time during the call (the progress poller
 *   {@code progress}, the dashboard's {@code dashboard-*} and HTTP server threads), sampled every 10 ms;</li>
 *   <li>no shutdown hook is added (the client's cancel-on-Ctrl-C hook is one);</li>
 *   <li>{@code main} returns: had it called {@code System.exit}, this test JVM would have ended and Surefire would
 *   report the fork as crashed. (What this cannot show: that some other path of the class would not exit; the class
 *   has no call to it.)</li>
 * </ul>
 *
 * It also shows the job's {@code ptaflow.*} settings in the job's configuration, as Flink's web UI reads it.
 */
class PtaflowJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    /**
     * What a call left behind and started: client-convenience threads seen while it ran, shutdown hooks it added and
     * left registered.
     */
    record Seen(Set<String> clientThreads, int hooksAdded) {}

    interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call}, sampling the JVM's threads every 10 ms for the client's conveniences. */
    static Seen watch(Call call) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    String name = t.getName();
                    if (name.equals("progress") || name.startsWith("dashboard") || name.startsWith("HTTP-Dispatcher")) {
                        seen.add(name.replaceAll("-\\d+$", ""));
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-watcher");
        Set<Object> hooksBefore = shutdownHooks();
        watcher.start();
        try {
            call.run();
        } finally {
            running.set(false);
            watcher.join();
        }
        Set<Object> added = shutdownHooks();
        added.removeAll(hooksBefore);
        return new Seen(seen, added.size());
    }

    private static String[] kafkaRun(TestKafkaBroker broker, String impact, String jobId) {
        return new String[] {"run", "--source", "simulator", "--records", "3000", "--rate", "0", "--sink", "kafka",
                "--bootstrap-servers", broker.bootstrapServers(), "--impact-topic", impact, "--tax-topic", broker.uniqueTopic("tax"),
                "--quota-topic", broker.uniqueTopic("quota"), "--rejected-topic",
                broker.uniqueTopic("rejected"), "--late-topic", broker.uniqueTopic("late"), "--create-topics",
                "--job-id", jobId};
    }

    @Test
    void theClusterMainRunsTheJobAndNothingElse() throws Exception {
        TestKafkaBroker broker = TestKafkaBroker.shared();
        String impact = broker.uniqueTopic("impact");
        Seen seen = watch(() -> PtaflowJob.main(kafkaRun(broker, impact, "cluster-main-test")));
        assertEquals(Set.of(), seen.clientThreads(), "client threads seen while the cluster main ran");
        assertEquals(0, seen.hooksAdded(), "shutdown hooks added by the cluster main");
        assertFalse(broker.readAllCommitted(impact, Duration.ofSeconds(30)).isEmpty(), "the job wrote its rows");

        JsonNode userConfig = jobConfiguration("ptaflow run").path("execution-config").path("user-config");
        assertEquals("simulator", userConfig.path("ptaflow.source").asText(), userConfig.toString());
        assertEquals("kafka", userConfig.path("ptaflow.sink").asText(), userConfig.toString());
        assertEquals("cluster-main-test", userConfig.path("ptaflow.job-id").asText(), userConfig.toString());
        assertTrue(userConfig.path("ptaflow.kafka.topics").asText().contains(impact), userConfig.toString());
    }

    @Test
    void theWatchSeesTheClientsConveniencesWhereTheyRun() throws Exception {
        // The same job through bin/ptaflow's client side: so that the empty set above means something.
        TestKafkaBroker broker = TestKafkaBroker.shared();
        Seen seen = watch(() -> assertEquals(0, CommandLine.run(kafkaRun(broker, broker.uniqueTopic("impact"),
                "client-side-test"))));
        assertTrue(seen.clientThreads().contains("progress"), seen.toString());
        assertTrue(seen.clientThreads().stream().anyMatch(t -> t.startsWith("dashboard")), seen.toString());
        assertEquals(1, seen.hooksAdded(), "the cancel-on-Ctrl-C hook");
    }

    @Test
    void onAClusterRowsGoToKafkaOnly() {
        UsageError e = assertThrows(UsageError.class,
                () -> PtaflowJob.main(new String[] {"--sink", "files", "--records", "10"}));
        assertTrue(e.getMessage().contains("--sink kafka"), e.getMessage());
    }

    @Test
    void itTakesTheRunOptionsThatMakeSenseOnACluster() {
        assertNull(PtaflowJob.usageProblem("run", "--source", "kafka", "--sink", "kafka", "--bootstrap-servers",
                "kafka:9092", "--out-of-orderness", "30 min"));
        assertTrue(PtaflowJob.usageProblem("run", "--no-dashboard").contains("unknown option '--no-dashboard'"));
    }

    /** The number of shutdown hooks the JVM holds (java.lang is opened to tests by Surefire's argLine). */
    /**
     * The JVM's shutdown hooks now, by identity: a call's hooks are those present after it and not before, so that
     * hooks another component removes meanwhile (a cluster of an earlier test shutting down) do not count.
     */
    private static Set<Object> shutdownHooks() throws Exception {
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field field = hooks.getDeclaredField("hooks");
        field.setAccessible(true);
        synchronized (hooks) {
            Set<Object> now = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            now.addAll(((Map<?, ?>) field.get(null)).keySet());
            return now;
        }
    }

    /** The configuration of the job with this name, from the cluster's REST API (what the web UI shows). */
    private static JsonNode jobConfiguration(String name) throws Exception {
        String base = "http://" + CLUSTER.getClientConfiguration().get(RestOptions.ADDRESS) + ":"
                + CLUSTER.getClientConfiguration().get(RestOptions.PORT);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        JsonNode jobs = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/overview")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode job : jobs.path("jobs")) {
            if (job.path("name").asText().equals(name)) {
                return json.readTree(http.send(HttpRequest.newBuilder(
                        URI.create(base + "/jobs/" + job.path("jid").asText() + "/config")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
        }
        throw new AssertionError("no job named " + name + " in " + jobs);
    }

}
