package org.ptaflow.cli;

import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.kafka.KafkaSettings;

/**
 * {@code ptaflow simulate --to-kafka}: the simulator as a Kafka producer. Records are JSON messages (contract §1)
 * keyed by declaration id, sent in event-time order at a steady rate, with an idempotent producer and acks from all
 * replicas; every send's result is checked, and the command fails (exit 1) if any was lost.
 */
final class SimulatorProducer {
    private SimulatorProducer() {}

    static int produce(SimulatorSettings settings, long records, double recordsPerSecond, KafkaSettings kafka,
            PrintStream out) throws Exception {
        Properties props = kafka.properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        CustomsSimulator simulator = new CustomsSimulator(settings);
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        out.printf("simulate: %s records to %s at %s, %,.0f records/s%n",
                records == Long.MAX_VALUE ? "endless" : String.format("%,d", records), kafka.recordsTopic(),
                kafka.bootstrapServers(), recordsPerSecond);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                if (recordsPerSecond > 0) {
                    long due = start + (long) (i * 1e9 / recordsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                String json = simulator.jsonLine(i);
                String key = simulator.csvLine(i).split(",", 2)[0];
                producer.send(new ProducerRecord<>(kafka.recordsTopic(), key, json), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
                if (i > 0 && i % 100_000 == 0) {
                    out.printf("simulate: %,d records sent%n", i);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            System.err.println("simulate: a send failed, stopping: " + failure.get());
            return 1;
        }
        out.printf("simulate: %,d records acknowledged by %s%n", acknowledged.get(), kafka.bootstrapServers());
        return 0;
    }
}
