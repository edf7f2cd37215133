package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptaflow.kafka.TestKafkaBroker;

/**
 * The Kafka topics a command needs are checked before anything starts: against a broker without them, exit 2
 * within seconds naming each missing topic; with {@code --create-topics} they are made and the job runs. A broker
 * that does not answer is exit 2 too. Against the real in-process broker.
 */
class KafkaTopicsTest {
    static TestKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = TestKafkaBroker.shared();
    }

    /** Topic options naming topics no other test uses, so that none of them exists yet. */
    private static List<String> freshTopics(String... names) {
        List<String> args = new ArrayList<>();
        for (String n : names) {
            args.add("--" + n + "-topic");
            args.add(broker.uniqueTopic(n));
        }
        return args;
    }

    private static List<String> runToKafka(List<String> topics, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--records", "3000", "--rate", "0", "--no-dashboard",
                "--sink", "kafka", "--bootstrap-servers", broker.bootstrapServers()));
        args.addAll(topics);
        args.addAll(List.of(more));
        return args;
    }

    private static String value(List<String> args, String option) {
        return args.get(args.indexOf(option) + 1);
    }

    @Test
    void missingOutputTopicsAreNamedAndTheCommandExitsTwo() throws Exception {
        List<String> topics = freshTopics("impact", "tax", "quota", "rejected", "late");
        long t0 = System.nanoTime();
        Cli r = Cli.run(runToKafka(topics).toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, r.status(), r.toString());
        assertTrue(seconds < 15, "took " + seconds + " s");
        for (String option : List.of("--impact-topic", "--tax-topic", "--quota-topic", "--rejected-topic",
                "--late-topic")) {
            assertTrue(r.err().contains(value(topics, option)), option + " not named: " + r);
        }
        assertTrue(r.err().contains("--create-topics"), "says how to create them: " + r);
        assertFalse(r.err().contains("job "), "no job was started: " + r);
        try (Admin admin = broker.admin()) {
            Set<String> existing = admin.listTopics().names().get();
            assertFalse(existing.contains(value(topics, "--impact-topic")), "nothing created without --create-topics");
        }
    }

    @Test
    void theSourceTopicsAreCheckedToo() throws Exception {
        List<String> topics = freshTopics("records", "updates", "impact", "rejected", "late");
        List<String> args = runToKafka(topics);
        args.set(args.indexOf("--sink"), "--source"); // --source kafka, rows to the default folder sink
        args.remove("--records");
        args.remove("3000");
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains(value(topics, "--records-topic")), r.toString());
        assertTrue(r.err().contains(value(topics, "--updates-topic")), r.toString());
        assertFalse(r.err().contains(value(topics, "--impact-topic")), "the sink is the folder here: " + r);
    }

    /**
     * The transit topics are the job's only when a scenario has a {@code transit:} section: then every one of them
     * is checked (events in, rows and alerts out); without one, only the flags topic beside the others.
     */
    @Test
    void theTransitTopicsAreCheckedOnlyForATransitScenario(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("mfn.csv"), "importer,hs_prefix,rate,valid_from,valid_to\n"
                + "PAK,090240,11,2020-01-01,\n");
        java.nio.file.Files.writeString(dir.resolve("list.csv"), "hs_prefix\n090240\n");
        String scenario = """
                id: topics
                agreement: PK-AZ-PTA
                mfn: { PAK: mfn.csv }
                concessions:
                  - { importer: PAK, beneficiary: AZE, lines: list.csv, rule: { new_rate: 0 } }
                elasticities:
                  import_demand: { default: -1.5 }
                """;
        java.nio.file.Path plain = java.nio.file.Files.writeString(dir.resolve("plain.yaml"), scenario);
        java.nio.file.Path transit = java.nio.file.Files.writeString(dir.resolve("transit.yaml"), scenario + """
                transit:
                  territory: PAK
                  partners: [AZE]
                  time_limits: { road: P8D, rail: P10D, sea: P30D, air: P3D }
                """);
        for (java.nio.file.Path yaml : List.of(plain, transit)) {
            List<String> topics = freshTopics("records", "updates", "impact", "tax", "quota", "rejected", "late",
                    "transit-events", "transit-rows", "transit-alerts", "flags");
            List<String> args = new ArrayList<>(List.of("run", "--scenario", yaml.toString(), "--source", "kafka",
                    "--sink", "kafka", "--no-dashboard", "--bootstrap-servers", broker.bootstrapServers()));
            args.addAll(topics);
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains(value(topics, "--flags-topic")), "flags are always written: " + r);
            for (String option : List.of("--transit-events-topic", "--transit-rows-topic", "--transit-alerts-topic")) {
                assertEquals(yaml == transit, r.err().contains(value(topics, option)), option + ": " + r);
            }
        }
    }

    @Test
    void withCreateTopicsTheyAreMadeAndTheJobRuns() throws Exception {
        List<String> topics = freshTopics("impact", "tax", "quota", "rejected", "late");
        Cli r = Cli.run(runToKafka(topics, "--create-topics", "--topic-partitions", "2").toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        String impact = value(topics, "--impact-topic");
        try (Admin admin = broker.admin()) {
            assertTrue(admin.listTopics().names().get().containsAll(List.of(impact, value(topics, "--tax-topic"),
                    value(topics, "--quota-topic"), value(topics, "--rejected-topic"), value(topics, "--late-topic"))));
            assertEquals(2, admin.describeTopics(List.of(impact)).allTopicNames().get().get(impact).partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, impact);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, admin.describeConfigs(List.of(resource)).all().get()
                    .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), "impact rows: the last per key");
            ConfigResource quotas = new ConfigResource(ConfigResource.Type.TOPIC, value(topics, "--quota-topic"));
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, admin.describeConfigs(List.of(quotas)).all().get()
                    .get(quotas).get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), "a quota's every day stays");
        }
        assertFalse(broker.readAllCommitted(impact, Duration.ofSeconds(30)).isEmpty(), "rows written: " + r);
    }

    @Test
    void theSimulatorsTopicIsCheckedAndCreated() throws Exception {
        String records = broker.uniqueTopic("records");
        List<String> args = List.of("simulate", "--scenario", ScenarioOptions.DEFAULT_SCENARIO, "--to-kafka",
                "--records", "50", "--rate", "0", "--bootstrap-servers", broker.bootstrapServers(), "--records-topic",
                records);
        Cli missing = Cli.run(args.toArray(String[]::new));
        assertEquals(2, missing.status(), missing.toString());
        assertTrue(missing.err().contains(records), missing.toString());

        List<String> creating = new ArrayList<>(args);
        creating.add("--create-topics");
        Cli made = Cli.run(creating.toArray(String[]::new));
        assertEquals(0, made.status(), made.toString());
        assertEquals(50, broker.readAllCommitted(records, Duration.ofSeconds(30)).size());
    }

    @Test
    void aBrokerThatDoesNotAnswerIsExitTwoWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free, and closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        Cli r = Cli.run("run", "--records", "10", "--no-dashboard", "--sink", "kafka", "--bootstrap-servers",
                "127.0.0.1:" + port);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, r.status(), r.toString());
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(r.err().contains("no answer from Kafka at 127.0.0.1:" + port), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("ptaflow run:")).count(), r.toString());
    }
}
