package org.ptaflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conf/flink/config.yaml, read the way a Flink 2.2 process reads it: known keys, the settings the job relies on. */
class FlinkConfigTest {
    private static Configuration config;

    @BeforeAll
    static void load() {
        config = GlobalConfiguration.loadConfiguration("conf/flink");
    }

    @Test
    void everyKeyIsAFlinkOption() throws Exception {
        Set<String> known = new TreeSet<>();
        for (Class<?> options : List.of(CoreOptions.class, JobManagerOptions.class, TaskManagerOptions.class,
                RestOptions.class, CheckpointingOptions.class, RestartStrategyOptions.class, MetricOptions.class)) {
            for (Field f : options.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    known.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        Set<String> keys = new TreeSet<>(config.toMap().keySet());
        assertTrue(keys.size() >= 15, "keys read: " + keys);
        Set<String> unknown = new TreeSet<>(keys);
        unknown.removeAll(known);
        // a reporter's own options are named after it: metrics.reporter.<name>.<option>
        unknown.removeAll(Set.of("metrics.reporter.prom.factory.class", "metrics.reporter.prom.port"));
        assertEquals(Set.of(), unknown, "not a current Flink option (typo, or a key renamed in Flink 2)");
    }

    @Test
    void checkpointingExactlyOnceEveryTenSeconds() {
        assertEquals(Duration.ofSeconds(10), config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals(CheckpointingMode.EXACTLY_ONCE, config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertEquals("file:///tmp/flink-checkpoints", config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
    }

    @Test
    void fixedDelayRestartsAndParallelismTwo() {
        assertEquals("fixed-delay", config.get(RestartStrategyOptions.RESTART_STRATEGY));
        int attempts = config.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS);
        assertTrue(attempts > 0 && attempts < 100, "bounded restarts: " + attempts);
        assertEquals(2, config.get(CoreOptions.DEFAULT_PARALLELISM));
        assertTrue(config.get(TaskManagerOptions.NUM_TASK_SLOTS) >= 2, "one TaskManager runs parallelism 2");
        assertEquals(8081, config.get(RestOptions.PORT));
        assertEquals("jobmanager", config.get(JobManagerOptions.ADDRESS));
    }

    @Test
    void java17OpensForEveryProcess() {
        String opts = config.get(CoreOptions.FLINK_JVM_OPTIONS);
        for (String open : List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.util=ALL-UNNAMED")) {
            assertTrue(opts.contains(open), "env.java.opts.all lacks " + open);
        }
        for (String word : opts.trim().split("\\s+")) {
            assertTrue(word.matches("--add-(opens|exports)=[\\w.]+/[\\w.]+=ALL-UNNAMED"), word);
        }
    }

    @Test
    void thePrometheusReporterServesPort9249() throws Exception {
        assertEquals("prom", config.toMap().get("metrics.reporters"));
        assertEquals("9249", config.toMap().get("metrics.reporter.prom.port"));
        String factory = config.toMap().get("metrics.reporter.prom.factory.class");
        assertTrue(org.apache.flink.metrics.reporter.MetricReporterFactory.class.isAssignableFrom(Class.forName(factory)),
                factory);
    }
}
