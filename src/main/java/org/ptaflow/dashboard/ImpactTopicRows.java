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
 * quota's registration day when it names a scenario, a quota and a day ({@code YYYY-MM-DD}).
 */
public final class ImpactTopicRows implements RunHealth, AutoCloseable {
    /**
     * Brokers, the impact rows' topic, the tax lines' topic, the quotas' topic and pass-through client properties
     * (SASL, TLS, …).
     */
    public record Connection(String bootstrapServers, String topic, String taxTopic, String quotaTopic,
            Properties clientProperties) {}

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
            consumer.subscribe(List.of(connection.topic(), connection.taxTopic(), connection.quotaTopic()));
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    messages++;
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
