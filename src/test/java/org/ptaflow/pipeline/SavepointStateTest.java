package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorBackendSerializationProxy;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.SimulatedCustomsLines;

/**
 * What a savepoint of the live job holds: the states of every operator, read back from the savepoint's own
 * metadata (the serialization proxies that a restore reads), and the raw bytes of its files. The scenario tables
 * travel with the job, so no state may hold them: every state has a Flink serializer (none falls back to Kryo or
 * Java serialization), and no class of the tables (the scenario, MFN schedules, concession lists, FX) appears in any
 * byte of the savepoint — the previous design kept the whole scenario Java-serialized in broadcast state, and would
 * fail here on both counts.
 */
class SavepointStateTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path dir;

    @Test
    void theJobsStatesHoldOnlyDataWithFlinkSerializersAndNoTableClass() throws Exception {
        Scenario scenario = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TariffAmendment amendment = TariffAmendment.fromJson("""
                {"scenario":"pk-az-pta-requests","kind":"mfn","importer":"PAK","hs_prefix":"1006","rate":15,
                 "from":"2024-02-01"}""");
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(
                env.fromSource(SimulatedCustomsLines.source(SimulatorSettings.defaults(3), Long.MAX_VALUE, 2_000, 2),
                        WatermarkStrategy.noWatermarks(), "Simulator").uid("simulator-source"),
                env.fromData(List.of(amendment)).uid("amendments"),
                List.of(scenario), ImpactPipeline.Settings.forLive(Duration.ofHours(1)));
        outputs.impactRows().sinkTo(new DiscardingSink<>()).uid("rows-sink");
        outputs.rejected().sinkTo(new DiscardingSink<>()).uid("rejected-sink");
        outputs.late().sinkTo(new DiscardingSink<>()).uid("late-sink");
        // The origin checks' and the transit operators' state too (the scenario has a transit: section).
        outputs.flags().sinkTo(new DiscardingSink<>()).uid("flags-sink");
        outputs.transitRows().sinkTo(new DiscardingSink<>()).uid("transit-rows-sink");
        outputs.transitAlerts().sinkTo(new DiscardingSink<>()).uid("transit-alerts-sink");
        JobClient job = env.executeAsync("savepoint contents");
        String savepoint;
        try {
            Thread.sleep(3000); // records flow and the amendment is in broadcast state
            savepoint = Savepoints.onceEveryTaskRuns(
                    () -> job.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL));
        } finally {
            job.cancel().get();
        }
        Path folder = Paths.get(java.net.URI.create(savepoint));

        Map<String, String> serializers = new TreeMap<>();
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(folder.resolve("_metadata")))) {
            metadata = Checkpoints.loadCheckpointMetadata(in, getClass().getClassLoader(), savepoint);
        }
        long rawKeyedBytes = 0;
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (KeyedStateHandle handle : subtask.getRawKeyedState()) {
                    rawKeyedBytes += handle.getStateSize();
                }
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    KeyedBackendSerializationProxy<?> proxy =
                            new KeyedBackendSerializationProxy<>(getClass().getClassLoader());
                    try (InputStream stream = ((KeyGroupsStateHandle) handle).openInputStream()) {
                        proxy.read(new DataInputViewStreamWrapper(stream));
                    }
                    proxy.getStateMetaInfoSnapshots().forEach(s -> record(serializers, "keyed", s));
                }
                for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
                    OperatorBackendSerializationProxy proxy =
                            new OperatorBackendSerializationProxy(getClass().getClassLoader());
                    try (InputStream stream = handle.openInputStream()) {
                        proxy.read(new DataInputViewStreamWrapper(stream));
                    }
                    proxy.getOperatorStateMetaInfoSnapshots().forEach(s -> record(serializers, "operator", s));
                    proxy.getBroadcastStateMetaInfoSnapshots().forEach(s -> record(serializers, "broadcast", s));
                }
            }
        }

        // The duplicate memory is the job's only raw keyed state (DuplicateMemory, per key group); the previous
        // version's keyed accepted-records state is gone.
        assertTrue(rawKeyedBytes > 0, "the duplicate memory is in raw keyed state");
        assertFalse(serializers.containsKey("keyed accepted-records VALUE_SERIALIZER"), serializers.toString());
        assertTrue(serializers.get("broadcast tariff-amendments VALUE_SERIALIZER").contains("PojoSerializer"),
                serializers.toString());
        serializers.forEach((state, snapshot) -> {
            assertFalse(snapshot.contains("Kryo"), "Kryo for " + state + ": " + snapshot);
            assertFalse(snapshot.contains("JavaSerializer"), "Java serialization for " + state + ": " + snapshot);
        });

        for (String tableClass : List.of("org.ptaflow.scenario.Scenario", "org.ptaflow.tariffs.",
                "org.ptaflow.scenario.Concession", "ScenarioTables")) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    // "org.ptaflow.scenario.Scenario" would also match ScenarioXyz: look for the exact class name.
                    int at = bytes.indexOf(tableClass);
                    boolean exact = at >= 0 && (tableClass.endsWith(".") || at + tableClass.length() == bytes.length()
                            || !isNameChar(bytes.charAt(at + tableClass.length())));
                    assertFalse(exact, tableClass + " is in " + f.getFileName());
                }
            }
        }
    }

    /** A character that may continue a Java class name in its binary form (ASCII letters, digits, _ and $). */
    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }

    private static void record(Map<String, String> serializers, String kind, StateMetaInfoSnapshot state) {
        for (StateMetaInfoSnapshot.CommonSerializerKeys key : StateMetaInfoSnapshot.CommonSerializerKeys.values()) {
            TypeSerializerSnapshot<?> snapshot = state.getTypeSerializerSnapshot(key);
            if (snapshot != null) {
                serializers.put(kind + " " + state.getName() + " " + key,
                        snapshot.getClass().getName() + " of " + snapshot.restoreSerializer());
            }
        }
    }
}
