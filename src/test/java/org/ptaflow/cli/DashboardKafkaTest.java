package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.dashboard.ImpactTopicRows;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.kafka.TestKafkaBroker;
import org.ptaflow.sinks.OutputJson;

/**
 * The dashboard over the {@code impact-rows} topic (rows as the job's Kafka sink writes them, {@link OutputJson}),
 * on the tests' in-process broker: it reads committed rows only (a row of an aborted transaction never shows), a
 * later row of a key replaces the earlier one, and a message that is not a row is skipped.
 */
@ExtendWith(TestKafkaBroker.Extension.class)
class DashboardKafkaTest {

    @Test
    void showsCommittedRowsOnlyTheLatestOfEachKey(TestKafkaBroker broker) throws Exception {
        String topic = broker.uniqueTopic("impact-rows");
        broker.createTopics(1, topic);
        Properties p = broker.producerProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-test-" + topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            send(producer, topic, DashboardBrowserTest.row(1_000, 5, false), true);
            send(producer, topic, other(), false);
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "x", "not a row"));
            producer.send(new ProducerRecord<>(topic, "y", "{\"scenario\":\"test-pta\"}"));
            producer.commitTransaction();
            send(producer, topic, DashboardBrowserTest.row(2_000, 7, true), true);
        }
        Dashboard.Settings settings = Dashboard.Settings.defaults().withPort(0);
        try (Dashboard dashboard = Dashboard.forKafkaTopic(
                new ImpactTopicRows.Connection(broker.bootstrapServers(), topic, new Properties()), settings)) {
            dashboard.start();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode view = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                view = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + dashboard.port() + "/api/view?scenario=test-pta&importer=AZE&beneficiary=PAK")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (view.path("windows").size() == 1 && view.path("windows").get(0).path("final").asBoolean()) {
                    break;
                }
                Thread.sleep(200);
            }
            JsonNode window = view.path("windows").get(0);
            assertEquals("7", window.path("revenue_forgone").asText(), view.toString());
            assertEquals("2000", window.path("value_beneficiary").asText());
            assertEquals(1, view.path("rows").size(), "one key: the aborted row and the non-rows are not shown");
            JsonNode scenarios = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + dashboard.port() + "/api/scenarios")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1, scenarios.path("scenarios").size(), "the aborted row's scenario is not listed");
            assertTrue(view.path("health").toString().contains("read committed"), view.path("health").toString());
        }
    }

    private static void send(KafkaProducer<String, String> producer, String topic, ImpactRow row, boolean commit) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, row.keyInWindow().topicKey(), OutputJson.impact(row).toString()));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    /** A row of another scenario, sent in a transaction that aborts. */
    private static ImpactRow other() {
        ImpactRow r = DashboardBrowserTest.row(9_000, 999, true);
        r.key = new ImpactKey("aborted-scenario", r.key.importer(), r.key.beneficiary(), r.key.hs6());
        return r;
    }
}
