package org.ptaflow.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside the test JVM, on
 * 127.0.0.1 with free ports and a temporary log directory.
 *
 * <p>All test classes of one run share one broker: {@link #shared()} starts it on first use, a JVM shutdown hook
 * stops it and deletes its directory. Give each test its own topics ({@link #uniqueTopic(String)}): the broker
 * outlives every test class. {@link #stop()} and {@link #start()} take the broker down and bring it back on the same
 * ports and log directory, for outage tests; {@link #shared()} restarts a broker that a failed test left stopped.
 *
 * <p>JUnit 5: {@code @ExtendWith(TestKafkaBroker.Extension.class)} starts the shared broker before the class and
 * injects it into any test, lifecycle method or constructor parameter of type {@code TestKafkaBroker}.
 *
 * <p>The broker runs in this JVM and shares its classpath, so it must be {@code kafka_2.13} of the same 4.2.x as
 * the {@code kafka-clients} the Flink connector uses (see the pom).
 */
public final class TestKafkaBroker {
    /** No new record for this long ends {@link #readAllCommitted(String, Duration)}. */
    public static final Duration QUIET_PERIOD = Duration.ofMillis(1000);

    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static TestKafkaBroker shared;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaConfig config;
    private final AtomicInteger topicCounter = new AtomicInteger();
    private KafkaRaftServer server;

    private TestKafkaBroker() throws Exception {
        this.logDir = Files.createTempDirectory("ptaflow-kafka-");
        int[] ports = freePorts(2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
        this.config = new KafkaConfig(serverProperties(), false);
        format();
    }

    /** The broker shared by every test class of this JVM, started on first use and running on return. */
    public static synchronized TestKafkaBroker shared() {
        try {
            if (shared == null) {
                TestKafkaBroker broker = new TestKafkaBroker();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "test-kafka-broker-shutdown"));
                shared = broker;
            }
            if (!shared.isRunning()) {
                shared.start();
            }
            return shared;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker", e);
        }
    }

    /** {@code 127.0.0.1:port} of the broker listener (the same after a restart). */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The broker's log directory (KRaft metadata and topic data). */
    public Path logDir() {
        return logDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** A topic name no other caller of this broker got: {@code prefix-N-random}. */
    public String uniqueTopic(String prefix) {
        return prefix + "-" + topicCounter.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts the broker (again) on the same ports and log directory and returns when clients can use it: the
     * broker is unfenced and answers an admin request. No-op when running.
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long t0 = System.nanoTime();
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException ignored) {
                // the start failure is what matters
            }
            throw e;
        }
        server = s;
        awaitReady(Duration.ofNanos(READY_TIMEOUT.toNanos() - (System.nanoTime() - t0)));
        System.err.printf("test Kafka broker ready at %s in %d ms (log dir %s)%n", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000, logDir);
    }

    /** Stops the broker (a controlled shutdown) and waits until it is down. Clients see an outage. No-op when stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
    }

    /** Creates topics with {@code partitions} partitions each, replication factor 1, and waits until they are usable. */
    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /**
     * Creates topics with topic-level configuration (for example {@code cleanup.policy=compact}) and waits until
     * every new partition has a leader that reports its offsets. Producing right after creation, before that, can
     * leave an idempotent producer retrying {@code OUT_OF_ORDER_SEQUENCE_NUMBER} and dropping sends.
     */
    public void createTopics(int partitions, Map<String, String> topicConfig, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1).configs(topicConfig));
        }
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String name : names) {
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(name, p), OffsetSpec.latest());
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("partitions of " + List.of(names)
                                + " report no offsets 30 s after creation", e);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topics " + List.of(names), e);
        }
    }

    /**
     * Produces keyed values in order (acks=all, idempotent) and fails unless every send succeeded. A null key is
     * allowed.
     */
    public void produce(String topic, List<Map.Entry<String, String>> keyedValues) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(keyedValues.size());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            for (Map.Entry<String, String> kv : keyedValues) {
                sends.add(producer.send(new ProducerRecord<>(topic, kv.getKey(), kv.getValue())));
            }
            producer.flush();
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("send " + i + " of " + sends.size() + " to " + topic
                            + " failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every committed record of {@code topic}, partition by partition in offset order (partitions in ascending
     * order), read with {@code isolation.level=read_committed} from the beginning. Reading ends when the consumer
     * has reached the end of every partition (the last stable offset) and no new record came for
     * {@link #QUIET_PERIOD}, or at {@code timeout}, with what was read by then. Commits no offsets.
     */
    public List<ConsumerRecord<String, String>> readAllCommitted(String topic, Duration timeout) {
        Properties p = consumerProperties();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastRecord = System.nanoTime();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    lastRecord = System.nanoTime();
                    for (ConsumerRecord<String, String> r : batch) {
                        byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
                    }
                    continue;
                }
                if (System.nanoTime() - lastRecord >= QUIET_PERIOD.toNanos() && atEnd(consumer, partitions)) {
                    break;
                }
            }
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                all.addAll(byPartition.getOrDefault(tp.partition(), List.of()));
            }
            return all;
        }
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer, Collection<TopicPartition> partitions) {
        try {
            // For a read_committed consumer the end offset is the last stable offset.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(2));
            for (TopicPartition tp : partitions) {
                if (consumer.position(tp, Duration.ofSeconds(2)) < end.get(tp)) {
                    return false;
                }
            }
            return true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false;
        }
    }

    /** Producer settings for this broker: String keys and values, acks=all, idempotent. */
    public Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return p;
    }

    /** Consumer settings for this broker: String keys and values, read_committed, no group, no offset commits. */
    public Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    private Map<String, Object> serverProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One node: internal topics with one replica, and few partitions (they are created on first use).
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // transaction.max.timeout.ms stays at its default (15 min): a KafkaSink must ask for less, as in production.
        // A restart after a hard stop is noticed quickly.
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Small footprint in a shared test JVM.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("controlled.shutdown.enable", "true");
        return p;
    }

    private void format() throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setUnstableFeatureVersionsEnabled(false)
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .run();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(timeout.toNanos(), TimeUnit.SECONDS.toNanos(5));
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the test Kafka broker at " + bootstrapServers() + " did not become ready",
                last);
    }

    /** Stops the broker and deletes its directory (the shutdown hook). */
    private void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("test Kafka broker: stop failed: " + e);
        }
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /**
     * JUnit 5 extension: starts the shared broker before the test class and resolves parameters of type
     * {@link TestKafkaBroker}.
     */
    public static final class Extension implements BeforeAllCallback, ParameterResolver {
        @Override
        public void beforeAll(ExtensionContext context) {
            shared();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestKafkaBroker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return shared();
        }
    }
}
