package org.ptaflow.dashboard;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ptaflow.sinks.QuotaColumns;

/**
 * Reads the {@code impact-rows}, {@code tax-rows} and {@code quota-status} topics from their beginning with
 * {@code isolation.level=read_committed} (rows of aborted transactions are never shown), in a group of its own that
 * commits nothing: every dashboard sees the whole topics. A row's JSON fields are the contract's columns plus
 * {@code final}; numbers are kept as the decimals the job wrote, a null becomes an empty field as in the CSV. A
 * message that is not a row (or, on the tax topic, not a tax line) is skipped. A job whose scenarios have no taxes
 * writes nothing to the tax topic; the page then shows every tax total as "other". A message on the quota topic is a
 * quota's registration day when it names a scenario, a quota and a day ({@code YYYY-MM-DD}). The transit topics
 * and the flags topic carry the rows of {@code transit.csv}, {@code transit-alerts.csv} and {@code flags.csv}
 * ({@code OutputJson}); a message of them is taken when it has its row's key fields and times.
 */
public final class ImpactTopicRows implements RunHealth, AutoCloseable {
    /** The contract's names of the transit rows', transit alerts' and flags' topics. */
    public static final String TRANSIT_ROWS_TOPIC = "transit-rows";
    public static final String TRANSIT_ALERTS_TOPIC = "transit-alerts";
    public static final String FLAGS_TOPIC = "flags";

    /**
     * Brokers, the impact rows' topic, the tax lines' topic, the quotas' topic, the transit rows', transit alerts'
     * and flags' topics, and pass-through client properties (SASL, TLS, …).
     */
    public record Connection(String bootstrapServers, String topic, String taxTopic, String quotaTopic,
            String transitTopic, String transitAlertTopic, String flagTopic, Properties clientProperties) {
        /** With the contract's transit and flag topics ({@code transit-rows}, {@code transit-alerts}, {@code flags}). */
        public Connection(String bootstrapServers, String topic, String taxTopic, String quotaTopic,
                Properties clientProperties) {
            this(bootstrapServers, topic, taxTopic, quotaTopic, TRANSIT_ROWS_TOPIC, TRANSIT_ALERTS_TOPIC, FLAGS_TOPIC,
                    clientProperties);
        }
    }

    private final Connection connection;
    private final ImpactRowsStore store;
    private final ObjectMapper json = new ObjectMapper();
    private final Thread reader;
    private volatile boolean closed;
    private volatile long messages;
    private volatile long skipped;
    private volatile String problem;

    ImpactTopicRows(Connection connection, ImpactRowsStore store) {
        this.connection = connection;
        this.store = store;
        this.reader = new Thread(this::read, "dashboard-kafka");
        reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    private void read() {
        Properties p = new Properties();
        p.putAll(connection.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ptaflow-dashboard-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(connection.topic(), connection.taxTopic(), connection.quotaTopic(),
                    connection.transitTopic(), connection.transitAlertTopic(), connection.flagTopic()));
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    messages++;
                    if (transitOrFlag(r)) {
                        continue;
                    }
                    if (r.topic().equals(connection.quotaTopic())) {
                        DashboardRow day = quotaDay(r.value());
                        if (day == null) {
                            skipped++;
                        } else {
                            store.acceptQuota(day);
                        }
                        continue;
                    }
                    DashboardRow row = row(r.value());
                    boolean taxLine = r.topic().equals(connection.taxTopic());
                    if (row == null || taxLine && row.get("tax").isEmpty()) {
                        skipped++;
                    } else if (taxLine) {
                        store.acceptTax(row);
                    } else {
                        store.accept(row);
                    }
                }
                problem = null;
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            problem = e.toString();
        }
    }

    DashboardRow row(byte[] value) {
        JsonNode node = object(value);
        if (node == null || !node.hasNonNull("scenario") || !node.hasNonNull("hs6") || !node.hasNonNull("window_start")) {
            return null;
        }
        try {
            DashboardRow row = columns(node);
            row.key(); // a row whose window start is no instant has no key: not a row
            return row;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** A message of the quota topic as a row of {@code quotas.csv}, or null when it is not one. */
    DashboardRow quotaDay(byte[] value) {
        JsonNode node = object(value);
        if (node == null || !node.hasNonNull(QuotaColumns.SCENARIO.name()) || !node.hasNonNull(QuotaColumns.QUOTA.name())
                || !node.hasNonNull(QuotaColumns.DAY.name())) {
            return null;
        }
        try {
            DashboardRow day = columns(node);
            java.time.LocalDate.parse(day.get(QuotaColumns.DAY.name())); // a day that is no date: not a row
            return day;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Takes a message of the transit or flag topics; false when it is of another topic. */
    private boolean transitOrFlag(ConsumerRecord<byte[], byte[]> r) {
        DashboardRow row;
        java.util.function.Consumer<DashboardRow> sink;
        if (r.topic().equals(connection.transitTopic())) {
            row = transitRow(r.value());
            sink = store::acceptTransit;
        } else if (r.topic().equals(connection.transitAlertTopic())) {
            row = transitAlert(r.value());
            sink = store::acceptTransitAlert;
        } else if (r.topic().equals(connection.flagTopic())) {
            row = flag(r.value());
            sink = store::acceptFlag;
        } else {
            return false;
        }
        if (row == null) {
            skipped++;
        } else {
            sink.accept(row);
        }
        return true;
    }

    /** A message of the transit rows' topic as a row of {@code transit.csv}, or null when it is not one. */
    DashboardRow transitRow(byte[] value) {
        DashboardRow row = withFields(value, "scenario", "window_start", "office_departure", "transport_mode",
                "movements");
        try {
            if (row != null) {
                row.transitKey(); // a window start that is no instant: not a row
            }
            return row;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** A message of the transit alerts' topic as a row of {@code transit-alerts.csv}, or null. */
    DashboardRow transitAlert(byte[] value) {
        DashboardRow alert = withFields(value, "movement_id", "kind", "at");
        return alert != null && instant(alert.get("at")) ? alert : null;
    }

    /** A message of the flags' topic as a row of {@code flags.csv}, or null. */
    DashboardRow flag(byte[] value) {
        DashboardRow flag = withFields(value, "scenario", "rule", "registered_at");
        return flag != null && instant(flag.get("registered_at")) ? flag : null;
    }

    /** The message as a row when it is a JSON object with these fields not null, else null. */
    private DashboardRow withFields(byte[] value, String... required) {
        JsonNode node = object(value);
        if (node == null) {
            return null;
        }
        for (String field : required) {
            if (!node.hasNonNull(field)) {
                return null;
            }
        }
        return columns(node);
    }

    private static boolean instant(String s) {
        try {
            java.time.Instant.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** The message as a JSON object, or null when it is none. */
    private JsonNode object(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The object's fields as the CSV would have them: decimals as written, null as an empty field. */
    private static DashboardRow columns(JsonNode node) {
        Map<String, String> columns = new LinkedHashMap<>();
        boolean finalRow = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("final")) {
                finalRow = f.getValue().asBoolean(true);
            } else if (f.getValue().isNull()) {
                columns.put(f.getKey(), "");
            } else if (f.getValue().isNumber()) {
                columns.put(f.getKey(), f.getValue().decimalValue().toPlainString());
            } else {
                columns.put(f.getKey(), f.getValue().asText());
            }
        }
        return new DashboardRow(columns, finalRow);
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("state", problem == null ? "reading " + connection.topic() + " (read committed): " + messages
                + " messages" + (skipped > 0 ? ", " + skipped + " not rows" : "") : "Kafka: " + problem);
        return h;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        reader.join(5000);
    }

}
