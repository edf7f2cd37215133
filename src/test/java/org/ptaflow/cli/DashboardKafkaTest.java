package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.sinks.OutputJson;
import org.ptaflow.sinks.QuotaOutputsTest;
import org.ptaflow.sinks.TaxLine;
import org.ptaflow.dashboard.TransitViewTest;
import org.ptaflow.flags.Flag;
import org.ptaflow.transit.AlertKind;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;
import org.ptaflow.transit.TransportMode;

/**
 * The dashboard over the {@code impact-rows} topic (rows as the job's Kafka sink writes them, {@link OutputJson}),
 * on the tests' in-process broker: it reads committed rows only (a row of an aborted transaction never shows), a
 * later row of a key replaces the earlier one, and a message that is not a row is skipped. The lines per tax come
 * from the {@code tax-rows} topic and split the window's revenue by tax; a quota's days come from the
 * {@code quota-status} topic.
 */
@ExtendWith(TestKafkaBroker.Extension.class)
class DashboardKafkaTest {

    @Test
    void showsCommittedRowsOnlyTheLatestOfEachKey(TestKafkaBroker broker) throws Exception {
        String topic = broker.uniqueTopic("impact-rows");
        String taxTopic = broker.uniqueTopic("tax-rows");
        String quotaTopic = broker.uniqueTopic("quota-status");
        broker.createTopics(1, topic, taxTopic, quotaTopic);
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
            // Worked case P with two taxes (TaxOutputsTest): the row, and its lines on the tax topic.
            ImpactRow caseP = org.ptaflow.sinks.TaxOutputsTest.caseP("870323", true);
            send(producer, topic, caseP, true);
            producer.beginTransaction();
            for (TaxLine line : TaxLine.of(caseP)) {
                producer.send(new ProducerRecord<>(taxTopic, "k", OutputJson.tax(line).toString()));
            }
            producer.send(new ProducerRecord<>(taxTopic, "x", "{\"scenario\":\"pk-az\"}"));
            producer.commitTransaction();
            // Two days of a quota of pk-az (QuotaOutputsTest's tea: critical, then exhausted), and a non-row.
            producer.beginTransaction();
            for (QuotaStatus day : List.of(QuotaOutputsTest.tea10Feb(), QuotaOutputsTest.tea11Feb())) {
                day.scenario = "pk-az";
                producer.send(new ProducerRecord<>(quotaTopic, "pk-az|tea", OutputJson.quota(day).toString()));
            }
            producer.send(new ProducerRecord<>(quotaTopic, "x", "{\"scenario\":\"pk-az\"}"));
            producer.commitTransaction();
        }
        Dashboard.Settings settings = Dashboard.Settings.defaults().withPort(0);
        try (Dashboard dashboard = Dashboard.forKafkaTopic(
                // Topics of its own for transit rows, alerts and flags: the shared broker's default ones hold what
                // other tests' jobs wrote.
                new ImpactTopicRows.Connection(broker.bootstrapServers(), topic, taxTopic, quotaTopic,
                        broker.uniqueTopic("transit-rows"), broker.uniqueTopic("transit-alerts"),
                        broker.uniqueTopic("flags"), new Properties()),
                settings)) {
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

            // Case P by hand: duty forgone 80,000, sales tax 14,400, the creditable withholding in no total.
            JsonNode taxes = null;
            while (System.nanoTime() < deadline) {
                taxes = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + dashboard.port() + "/api/view?scenario=pk-az&importer=PAK&beneficiary=AZE")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("windows").path(0);
                if (taxes.path("taxes").size() == 3) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("80000", taxes.path("revenue_forgone").asText(), taxes.toString());
            assertEquals("14400", taxes.path("sales_tax_vat_forgone").asText(), taxes.toString());
            assertEquals("0", taxes.path("other_taxes_forgone").asText());
            assertEquals("94400", taxes.path("total_revenue_forgone").asText());
            assertEquals("withholding_tax", taxes.path("taxes").path(2).path("tax").asText());

            JsonNode tea = null;
            while (System.nanoTime() < deadline) {
                tea = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + dashboard.port() + "/api/view?scenario=pk-az")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("quotas").path(0);
                if (tea.path("days").size() == 2) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("tea", tea.path("quota").asText(), tea.toString());
            assertEquals("exhausted", tea.path("status").asText(), tea.toString());
            assertEquals("2025-02-11", tea.path("exhausted_on").asText());
            assertEquals("0.001", tea.path("balance").asText());
            JsonNode scenarios = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + dashboard.port() + "/api/scenarios")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(2, scenarios.path("scenarios").size(),
                    "test-pta and pk-az; the aborted row's scenario is not listed");
            assertTrue(view.path("health").toString().contains("read committed"), view.path("health").toString());
        }
    }

    /**
     * The Transit view and the Flags table over the {@code transit-rows}, {@code transit-alerts} and {@code flags}
     * topics (rows as {@link OutputJson} writes them): committed rows only, the latest row of a transit key (the open
     * row, 1 movement then 0 once it moved to its corridor, is left out), a non-row skipped. By hand: March holds
     * the road corridor (1 movement, 100,000 USD) and the air corridor (2, 50,000.5 → 50,000): 3 movements worth
     * 150,000.5 → 150,000 USD; the aborted row of 9 movements is not shown.
     */
    @Test
    void showsCommittedTransitRowsAlertsAndFlags(TestKafkaBroker broker) throws Exception {
        String[] topics = {broker.uniqueTopic("impact-rows"), broker.uniqueTopic("tax-rows"),
                broker.uniqueTopic("quota-status"), broker.uniqueTopic("transit-rows"),
                broker.uniqueTopic("transit-alerts"), broker.uniqueTopic("flags")};
        broker.createTopics(1, topics);
        String transit = topics[3];
        Properties p = broker.producerProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-test-" + transit);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            TransitRow open = TransitViewTest.transitRow("PKKHI", null, "road", 1, 100_000_000_000L, 0, Double.NaN);
            TransitRow road = TransitViewTest.transitRow("PKKHI", "PKTOR", "road", 1, 100_000_000_000L, 1, 40.5);
            TransitRow air = TransitViewTest.transitRow("PKISB", "AZBAK", "air", 2, 50_000_500_000L, 2, 5.25);
            TransitRow aborted = TransitViewTest.transitRow("PKGWD", "PKTOR", "road", 9, 9_000_000L, 0, Double.NaN);
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(transit, "k", OutputJson.transitRow(open).toString()));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(transit, "a", OutputJson.transitRow(aborted).toString()));
            producer.flush();
            producer.abortTransaction();
            open.movements = 0;
            open.declaredValueMicros = 0;
            producer.beginTransaction();
            for (TransitRow r : List.of(open, road, air)) {
                producer.send(new ProducerRecord<>(transit, "k", OutputJson.transitRow(r).toString()));
            }
            producer.send(new ProducerRecord<>(transit, "x", "{\"scenario\":\"pk-az\"}"));
            TransitAlert overdue = new TransitAlert("MRN-1", AlertKind.OVERDUE,
                    java.time.Instant.parse("2025-03-05T12:00:00Z").toEpochMilli(), "PKKHI", TransportMode.ROAD, "CHN",
                    "AZE", new java.math.BigDecimal("100000"), "no exit by the deadline");
            producer.send(new ProducerRecord<>(topics[4], "MRN-1", OutputJson.transitAlert(overdue).toString()));
            Flag flag = new Flag();
            flag.scenario = "pk-az";
            flag.declarationId = "D-100";
            flag.itemNo = 1;
            flag.registeredAt = java.time.Instant.parse("2025-03-03T09:00:00Z").toEpochMilli();
            flag.importer = "AZE";
            flag.origin = "PAK";
            flag.consignment = "ARE";
            flag.hsCode = "1006300000";
            flag.valueMicros = 25_000_500_000L;
            flag.rule = Flag.CONSIGNMENT;
            flag.detail = "consigned from ARE";
            producer.send(new ProducerRecord<>(topics[5], "D-100", OutputJson.flag(flag).toString()));
            producer.commitTransaction();
        }
        try (Dashboard dashboard = Dashboard.forKafkaTopic(new ImpactTopicRows.Connection(broker.bootstrapServers(),
                topics[0], topics[1], topics[2], topics[3], topics[4], topics[5], new Properties()),
                Dashboard.Settings.defaults().withPort(0))) {
            dashboard.start();
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            JsonNode view = null;
            JsonNode flags = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                view = json.readTree(get(http, dashboard, "/api/transit?scenario=pk-az"));
                flags = json.readTree(get(http, dashboard, "/api/flags?scenario=pk-az"));
                if (view.path("corridors").size() == 2 && view.path("alerts").size() == 1
                        && flags.path("flags").size() == 1) {
                    break;
                }
                Thread.sleep(200);
            }
            JsonNode march = view.path("windows").path(0);
            assertEquals("3", march.path("movements").asText(), view.toString());
            assertEquals("150000", march.path("declared_value").asText());
            assertEquals(1, view.path("windows").size());
            assertEquals("MRN-1", view.path("alerts").path(0).path("movement_id").asText(), view.toString());
            assertEquals("25000", flags.path("flags").path(0).path("value_usd").asText(), "25,000.5 USD half-even");
            assertEquals("ARE", flags.path("flags").path(0).path("consignment").asText());
        }
    }

    private static String get(HttpClient http, Dashboard dashboard, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
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
