package org.ptaflow.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The in-process broker does what the Kafka tests rely on: exact counts, read_committed, a restart. */
@ExtendWith(TestKafkaBroker.Extension.class)
class TestKafkaBrokerTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static List<Map.Entry<String, String>> keyed(String prefix, int from, int count) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(Map.entry("key-" + (i % 37), prefix + "-" + i));
        }
        return list;
    }

    @Test
    void thousandKeyedMessagesComeBackExactlyOnce(TestKafkaBroker broker) {
        String topic = broker.uniqueTopic("smoke");
        broker.createTopics(2, topic);
        List<Map.Entry<String, String>> sent = keyed("v", 0, 1000);
        broker.produce(topic, sent);

        List<ConsumerRecord<String, String>> read = broker.readAllCommitted(topic, READ_TIMEOUT);

        assertEquals(1000, read.size());
        Map<String, String> valueToKey = new HashMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Set<Integer> partitions = new TreeSet<>();
        for (ConsumerRecord<String, String> r : read) {
            assertEquals(null, valueToKey.put(r.value(), r.key()), "value read twice: " + r.value());
            Integer earlier = partitionOfKey.putIfAbsent(r.key(), r.partition());
            assertEquals(earlier == null ? r.partition() : earlier, r.partition(), "key on two partitions");
            partitions.add(r.partition());
        }
        Map<String, String> expected = new HashMap<>();
        sent.forEach(e -> expected.put(e.getValue(), e.getKey()));
        assertEquals(expected, valueToKey);
        assertEquals(Set.of(0, 1), partitions, "37 keys spread over both partitions");
        // Within a partition, one key's values keep the order they were sent in.
        Map<String, Integer> lastIndexOfKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : read) {
            int index = Integer.parseInt(r.value().substring(2));
            Integer last = lastIndexOfKey.put(r.key(), index);
            assertTrue(last == null || last < index, "out of order for " + r.key() + ": " + last + ", " + index);
        }
    }

    @Test
    void anAbortedTransactionIsInvisibleToReadCommitted(TestKafkaBroker broker) throws Exception {
        String topic = broker.uniqueTopic("txn");
        broker.createTopics(2, topic);
        Properties p = broker.producerProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "smoke-" + topic);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i)).get(30, TimeUnit.SECONDS);
            }
            producer.abortTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
        }

        Set<String> committed = new TreeSet<>();
        broker.readAllCommitted(topic, READ_TIMEOUT).forEach(r -> committed.add(r.value()));
        assertEquals(Set.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-4"), committed);

        // The aborted records are in the log: read_uncommitted sees them, so the check above means something.
        Set<String> uncommitted = new TreeSet<>();
        Properties c = broker.consumerProperties();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (uncommitted.size() < 15 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(r -> uncommitted.add(r.value()));
            }
        }
        assertEquals(15, uncommitted.size(), "aborted and committed records in the log: " + uncommitted);
    }

    @Test
    void aStoppedBrokerComesBackOnTheSamePortWithItsData(TestKafkaBroker broker) throws Exception {
        String topic = broker.uniqueTopic("restart");
        broker.createTopics(2, topic);
        String bootstrap = broker.bootstrapServers();
        broker.produce(topic, keyed("before", 0, 100));

        long t0 = System.nanoTime();
        broker.stop();
        assertFalse(broker.isRunning());
        assertBrokerUnreachable(bootstrap);
        broker.start();
        long restartMillis = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(broker.isRunning());
        assertEquals(bootstrap, broker.bootstrapServers());
        broker.produce(topic, keyed("after", 100, 100));
        List<ConsumerRecord<String, String>> read = broker.readAllCommitted(topic, READ_TIMEOUT);
        Map<String, String> values = new LinkedHashMap<>();
        read.forEach(r -> values.put(r.value(), r.key()));
        assertEquals(200, read.size());
        assertEquals(200, values.size());
        for (int i = 0; i < 100; i++) {
            assertTrue(values.containsKey("before-" + i), "lost before-" + i);
            assertTrue(values.containsKey("after-" + (100 + i)), "lost after-" + (100 + i));
        }
        assertTrue(restartMillis < 30_000, "stop and start took " + restartMillis + " ms");
    }

    private static void assertBrokerUnreachable(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1500");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(p)) {
            assertThrows(Exception.class, () -> admin.describeCluster().nodes().get(3, TimeUnit.SECONDS),
                    "the stopped broker still answered");
        }
    }
}
