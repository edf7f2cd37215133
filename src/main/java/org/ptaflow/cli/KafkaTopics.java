package org.ptaflow.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.ptaflow.kafka.KafkaSettings;

/**
 * The Kafka topics a job reads and writes, checked before the job is submitted: a job started without one of them
 * would restart every few seconds forever, reading nothing, with the cause only in its log. Missing topics are an
 * error naming them (exit 2), or are created with {@code --create-topics}. A broker that does not answer within
 * {@link #BROKER_TIMEOUT_MS} is an error too.
 */
final class KafkaTopics {
    /** How long the check waits for the broker: long enough for a busy broker, short enough to fail fast. */
    static final int BROKER_TIMEOUT_MS = 5_000;

    private KafkaTopics() {}

    /** One topic: its name, what the job does with it, and whether it is compacted (the last row per key stays). */
    record Topic(String name, String use, boolean compacted) {}

    /**
     * Every topic the streaming job needs, in one list: add a new input or output here and the check, the error
     * message and {@code --create-topics} all know it.
     *
     * @param transit whether a scenario of the job has a {@code transit:} section: only then does the job read
     *     transit events and write transit rows and alerts (without one the transit operators are not in the job,
     *     so a customs-only deployment need not create topics it would never use). Flags are always written.
     */
    static List<Topic> forJob(KafkaSettings kafka, boolean reads, boolean writes, boolean transit) {
        List<Topic> topics = new ArrayList<>();
        if (reads) {
            topics.add(new Topic(kafka.recordsTopic(), "customs records, read", false));
            topics.add(new Topic(kafka.updatesTopic(), "concession amendments, read", false));
            if (transit) {
                topics.add(new Topic(kafka.transitEventsTopic(), "transit movement events, read", false));
            }
        }
        if (writes) {
            topics.add(new Topic(kafka.impactTopic(), "impact rows, written", true));
            topics.add(new Topic(kafka.taxTopic(), "impact rows per tax, written", true));
            // Not compacted: its key is the quota, and a quota's daily history (the dashboard's fill over time) is
            // what its readers want, not only its latest day.
            topics.add(new Topic(kafka.quotaTopic(), "quota status per day, written", false));
            topics.add(new Topic(kafka.rejectedTopic(), "rejected records, written", false));
            topics.add(new Topic(kafka.lateTopic(), "late records, written", false));
            // Keyed by the record (consignment) or by the line and month (partner_shift): each key comes once, so
            // compaction would keep everything anyway; time-based retention is what bounds the topic.
            topics.add(new Topic(kafka.flagsTopic(), "flags on preference claims, written", false));
            if (transit) {
                // A row of a key is written again whenever one of its movements changes: the last one is its state.
                topics.add(new Topic(kafka.transitRowsTopic(), "transit rows, written", true));
                // One message per alert (movement, kind, time): a log, as flags.
                topics.add(new Topic(kafka.transitAlertsTopic(), "transit alerts, written", false));
            }
        }
        return topics;
    }

    /** The topic {@code simulate --to-kafka} writes. */
    static List<Topic> forSimulator(KafkaSettings kafka) {
        return List.of(new Topic(kafka.recordsTopic(), "customs records, written", false));
    }

    /**
     * Checks that every topic exists; creates the missing ones when {@code options.create}, else throws
     * {@link UnusableSetting} naming them. Also throws it when the broker does not answer.
     */
    static void ensure(KafkaSettings kafka, List<Topic> topics, TopicOptions options, PrintStream console) {
        Properties props = kafka.properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, BROKER_TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, BROKER_TIMEOUT_MS);
        props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, BROKER_TIMEOUT_MS / 2);
        props.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, BROKER_TIMEOUT_MS);
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (RuntimeException e) {
            throw new UnusableSetting("cannot use Kafka at " + kafka.bootstrapServers() + ": " + rootMessage(e));
        }
        try (admin) {
            Set<String> existing;
            try {
                existing = admin.listTopics(new ListTopicsOptions().timeoutMs(BROKER_TIMEOUT_MS)).names()
                        .get(BROKER_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new UnusableSetting("no answer from Kafka at " + kafka.bootstrapServers() + " within "
                        + BROKER_TIMEOUT_MS / 1000 + " s (" + rootMessage(e) + "): is the broker running, and is "
                        + "--bootstrap-servers its address?");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnusableSetting("interrupted while asking Kafka for its topics");
            }
            List<Topic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (!options.create) {
                throw new UnusableSetting("missing Kafka topic" + (missing.size() > 1 ? "s" : "") + " at "
                        + kafka.bootstrapServers() + ": " + String.join(", ", missing.stream()
                                .map(t -> t.name() + " (" + t.use() + ")").toList())
                        + "; add --create-topics to create them (--topic-partitions, --topic-replication), or "
                        + "create them with kafka-topics.sh --create");
            }
            create(admin, kafka, missing, options, console);
        }
    }

    private static void create(Admin admin, KafkaSettings kafka, List<Topic> missing, TopicOptions options,
            PrintStream console) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic t : missing) {
            NewTopic topic = new NewTopic(t.name(), options.partitions, options.replication);
            if (t.compacted()) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        try {
            admin.createTopics(topics).all().get(BROKER_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // made meanwhile by someone else: fine
                throw new UnusableSetting("cannot create Kafka topics " + names(missing) + " at "
                        + kafka.bootstrapServers() + ": " + rootMessage(e));
            }
        } catch (TimeoutException e) {
            throw new UnusableSetting("Kafka at " + kafka.bootstrapServers() + " did not create " + names(missing)
                    + " within " + BROKER_TIMEOUT_MS * 2 / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnusableSetting("interrupted while creating Kafka topics");
        }
        console.println("kafka: created " + names(missing) + " (" + options.partitions + " partition(s), replication "
                + options.replication + ")");
    }

    private static String names(List<Topic> topics) {
        return String.join(", ", topics.stream().map(Topic::name).toList());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
