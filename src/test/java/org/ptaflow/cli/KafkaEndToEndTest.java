package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.kafka.TestKafkaBroker;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.KafkaOutputs;
import org.ptaflow.sources.KafkaCustomsSources;
import org.ptaflow.sources.KafkaSettings;
import org.ptaflow.sources.ParseAmendments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ptaflow against a real Kafka broker (in-process KRaft, {@link TestKafkaBroker}) on a mini cluster of two task
 * managers: records from {@code customs-records} give, on {@code impact-rows} read with {@code read_committed},
 * exactly the final rows a file backtest of the same records gives — also when an operator throws once after a
 * checkpoint, and when the broker is down for a few seconds mid-run. A poison message goes to
 * {@code rejected-records}. A concession amendment sent while the job runs changes only the windows it applies to.
 */
class KafkaEndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(2).setNumberSlotsPerTaskManager(2)
                    .build());

    static final int RECORDS = 20_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestKafkaBroker broker;
    static Scenario requests;
    static List<String> messages = new ArrayList<>();
    static List<String> keys = new ArrayList<>();
    /** The file backtest of the same records: the rows every Kafka run must give. */
    static List<String> expectedRows;
    static long expectedRejected;

    @BeforeAll
    static void prepare() throws Exception {
        broker = TestKafkaBroker.shared();
        requests = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        CustomsSimulator simulator = new CustomsSimulator(SimulatorSettings.defaults(11)
                .withStart(Instant.parse("2025-06-01T00:00:00Z")).withRecordsPerSimulatedDay(500)
                .withBadRecordShare(0.001));
        for (long i = 0; i < RECORDS; i++) {
            messages.add(simulator.jsonLine(i));
            keys.add(simulator.csvLine(i).split(",", 2)[0]);
        }
        Path jsonl = dir.resolve("records.jsonl");
        Files.write(jsonl, messages, StandardCharsets.UTF_8);
        StreamExecutionEnvironment env = environment();
        Path out = dir.resolve("backtest");
        assertEquals(0, FlinkJob.run(env, e -> PtaflowCommand.files(e, List.of(jsonl)), List.of(requests),
                ImpactPipeline.Settings.forBacktest(), out, false, "file backtest", quiet()));
        expectedRows = Files.readAllLines(out.resolve("impact.csv")).stream().skip(1).sorted().toList();
        expectedRejected = Files.readAllLines(out.resolve("rejected.csv")).size() - 1;
        assertTrue(expectedRows.size() > 30, "rows: " + expectedRows.size());
        assertTrue(expectedRejected > 0, "the simulated bad records are rejected");
    }

    @Test
    void kafkaRunGivesTheRowsOfTheFileBacktestAndRejectsPoison() throws Exception {
        KafkaSettings kafka = topics("plain");
        produceRecords(kafka);
        producePoison(kafka);

        runBounded(kafka, UnaryOperator.identity());

        assertEquals(expectedRows, committedFinalRows(kafka));
        List<JsonNode> rejected = committedJson(kafka.rejectedTopic());
        assertEquals(expectedRejected + 2, rejected.size(), "simulated bad records and two poison messages, once each");
        assertTrue(rejected.stream().anyMatch(r -> r.get("original_text").asText().equals("this is not JSON")
                && r.get("reason").asText().equals("malformed")));
        assertTrue(rejected.stream().anyMatch(r -> r.get("message").asText().contains("not valid UTF-8")));
    }

    @Test
    void anOperatorFailingOnceAfterACheckpointChangesNothing() throws Exception {
        KafkaSettings kafka = topics("failure");
        produceRecords(kafka);
        FailOnce.reset(RECORDS / 4);

        runBounded(kafka, records -> records.map(new FailOnce()).name("Fail once (test)"));

        assertTrue(FailOnce.thrown.get(), "the failure happened");
        assertTrue(FailOnce.seen.get() > RECORDS - expectedRejected,
                "records after the last checkpoint were read again: " + FailOnce.seen.get());
        assertEquals(expectedRejected, committedJson(kafka.rejectedTopic()).size());
    }

    @Test
    void aBrokerOutageMidRunChangesNothing() throws Exception {
        KafkaSettings kafka = topics("outage");
        produceRecords(kafka);
        FailOnce.reset(Integer.MAX_VALUE); // only slows the run down, never throws

        StreamExecutionEnvironment env = environment();
        JobClient job = start(env, kafka, records -> records.map(new FailOnce()).name("Slow (test)"));
        Thread.sleep(2_500);
        broker.stop();
        Thread.sleep(4_000);
        broker.start();
        JobExecutionResult result = job.getJobExecutionResult().get();
        assertTrue(result.getNetRuntime() > 0);

        assertEquals(expectedRows, committedFinalRows(kafka), "nothing missing, nothing doubled");
        assertEquals(expectedRejected, committedJson(kafka.rejectedTopic()).size());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Slows records down so checkpoints complete mid-run, and throws once after N records and one checkpoint. */
    static final class FailOnce extends RichMapFunction<CustomsRecord, CustomsRecord> implements CheckpointListener {
        static final AtomicBoolean thrown = new AtomicBoolean();
        static final AtomicInteger seen = new AtomicInteger();
        static final AtomicInteger checkpoints = new AtomicInteger();
        static volatile int failAfter;

        static void reset(int n) {
            thrown.set(false);
            seen.set(0);
            checkpoints.set(0);
            failAfter = n;
        }

        @Override
        public CustomsRecord map(CustomsRecord record) throws Exception {
            int n = seen.incrementAndGet();
            if (n % 10 == 0) {
                Thread.sleep(1);
            }
            if (n >= failAfter && checkpoints.get() > 0 && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + n + " records");
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpoints.incrementAndGet();
        }
    }

    private static KafkaSettings topics(String name) {
        KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), new java.util.Properties(),
                broker.uniqueTopic(name + "-records"), broker.uniqueTopic(name + "-updates"),
                broker.uniqueTopic(name + "-impact"), broker.uniqueTopic(name + "-rejected"),
                broker.uniqueTopic(name + "-late"), "ptaflow-test-" + name + "-" + System.nanoTime());
        broker.createTopics(2, kafka.recordsTopic(), kafka.rejectedTopic(), kafka.lateTopic());
        broker.createTopics(1, kafka.updatesTopic(), kafka.impactTopic());
        return kafka;
    }

    private static void produceRecords(KafkaSettings kafka) {
        List<Map.Entry<String, String>> keyed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            keyed.add(new AbstractMap.SimpleEntry<>(keys.get(i), messages.get(i)));
        }
        broker.produce(kafka.recordsTopic(), keyed);
    }

    private static void producePoison(KafkaSettings kafka) throws Exception {
        broker.produce(kafka.recordsTopic(), List.of(new AbstractMap.SimpleEntry<>("poison", "this is not JSON")));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.producerProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(kafka.recordsTopic(), "poison-bytes",
                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})).get();
        }
    }

    static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        env.configure(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        return env;
    }

    private static JobClient start(StreamExecutionEnvironment env, KafkaSettings kafka,
            UnaryOperator<DataStream<CustomsRecord>> afterParse) throws Exception {
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(
                env.fromSource(KafkaCustomsSources.customsRecords(kafka, true),
                        KafkaCustomsSources.eventTime(Duration.ofHours(1), Duration.ofSeconds(5)), "records"),
                FlinkJob.tables(env, List.of(requests), null), List.of(requests),
                ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withWatermarksFromSource(), afterParse);
        outputs.impactRows().sinkTo(KafkaOutputs.impactRows(kafka));
        outputs.rejected().sinkTo(KafkaOutputs.rejected(kafka));
        outputs.late().sinkTo(KafkaOutputs.late(kafka));
        return env.executeAsync("kafka end-to-end");
    }

    private static void runBounded(KafkaSettings kafka, UnaryOperator<DataStream<CustomsRecord>> afterParse)
            throws Exception {
        start(environment(), kafka, afterParse).getJobExecutionResult().get();
    }

    private static List<JsonNode> committedJson(String topic) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (ConsumerRecord<String, String> r : broker.readAllCommitted(topic, Duration.ofSeconds(30))) {
            nodes.add(JSON.readTree(r.value()));
        }
        return nodes;
    }

    /**
     * The final rows on the impact topic as CSV lines in contract column order, sorted. Every key must come once:
     * in-order input has no late firings, so a second final row would be a duplicate.
     */
    private static List<String> committedFinalRows(KafkaSettings kafka) throws Exception {
        List<String> rows = new ArrayList<>();
        Set<String> finalKeys = new HashSet<>();
        for (ConsumerRecord<String, String> r : broker.readAllCommitted(kafka.impactTopic(), Duration.ofSeconds(30))) {
            JsonNode row = JSON.readTree(r.value());
            if (!row.get("final").asBoolean()) {
                continue;
            }
            assertTrue(finalKeys.add(r.key()), "final row of " + r.key() + " came twice");
            rows.add(csv(row));
        }
        rows.sort(null);
        return rows;
    }

    private static final String[] COLUMNS = org.ptaflow.sinks.ImpactCsv.header(true).split(",");

    private static String csv(JsonNode row) {
        StringBuilder sb = new StringBuilder();
        for (String column : COLUMNS) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            JsonNode v = row.get(column);
            if (v == null || v.isNull()) {
                continue;
            }
            sb.append(v.isNumber() ? new BigDecimal(v.asText()).toPlainString() : v.asText());
        }
        return sb.toString();
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
