package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * Operations (issue: real cluster): a savepoint restores operator state by uid, so every operator of the job has
 * a stable uid of our choosing (none generated from the graph's shape) and the name the web UI shows, and max
 * parallelism is fixed so that a job can be rescaled from a savepoint. The uids and names are listed here by hand:
 * an operator added, renamed or left with Flink's generated uid or default name makes the test fail, and so does
 * a keyed operator whose key would need Kryo.
 */
class JobGraphTest {
    @TempDir
    Path dir;

    /** Every operator of a backtest's job, by uid, with its name; Flink's own collect sink aside. */
    static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("file-source-0", "Source: File records.csv"),
            Map.entry("no-amendments", "Source: No amendments"),
            Map.entry("no-amendments-filter", "No amendments: the blank one filtered out"),
            Map.entry("parse-customs-records", "Parse customs records"),
            Map.entry("event-time", "Event time: registration"),
            Map.entry("keep-text-where-needed", "Keep text only where the join may need it"),
            Map.entry("scenario-join", "Apply scenarios: dedup, rates in force, routing; combine per window key"),
            Map.entry("impact-window-sums", "Window sums and SMART estimates"),
            Map.entry("quota-allocation", "Quota allocation by registration day"),
            Map.entry("combine-quota-allocations", "Combine allocations per window key"),
            Map.entry("impact-rows-out", "impact rows"),
            Map.entry("rejected-records-out", "rejected records"),
            Map.entry("late-records-out", "late records"),
            Map.entry("quota-status-out", "quota status"),
            // Origin checks (flags.csv), on every scenario with concessions.
            Map.entry("partner-shift", "Origin checks: partner shift by line and month"),
            Map.entry("flags-out", "flags"),
            // Transit: the scenario has a transit: section, so its operators run even without transit events.
            Map.entry("no-transit-events", "Source: No transit events"),
            Map.entry("no-transit-events-filter", "No transit events: the blank one filtered out"),
            Map.entry("parse-transit-events", "Parse transit events"),
            Map.entry("transit-event-time", "Event time: transit events"),
            Map.entry("transit-movements-pk-az-pta-requests", "Track transit movements (pk-az-pta-requests)"),
            Map.entry("transit-rows", "Transit rows by departure window and corridor"),
            Map.entry("transit-rows-out", "transit rows"),
            Map.entry("transit-alerts-out", "transit alerts"));

    /**
     * The operators with keyed state: the duplicates and amendments of the join, the sums of the windows, the month
     * sums of the partner shift, the open transit movements and the corridor rows.
     */
    static final List<String> KEYED = List.of("scenario-join", "quota-allocation", "impact-window-sums",
            "partner-shift", "transit-movements-pk-az-pta-requests", "transit-rows");

    @Test
    void everyOperatorOfTheBacktestJobHasTheUidAndNameListedHere() throws Exception {
        StreamGraph graph = backtestGraph();
        Map<String, String> operators = new TreeMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getOperatorFactory().getClass().getSimpleName().equals("CollectSinkOperatorFactory")) {
                continue; // Flink's own collect sink: see FlinkJob.collect for why it keeps Flink's id
            }
            String before = operators.put(String.valueOf(node.getTransformationUID()), node.getOperatorName());
            assertEquals(null, before, "uid twice: " + node.getTransformationUID());
        }
        assertEquals(new TreeMap<>(OPERATORS), operators);
    }

    @Test
    void theKeyedOperatorsAreTheJoinTheQuotasAndTheWindowsWithKeysSerializedWithoutKryo() throws Exception {
        StreamGraph graph = backtestGraph();
        TreeSet<String> keyed = new TreeSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            TypeSerializer<?> key = node.getStateKeySerializer();
            if (key != null) {
                keyed.add(node.getTransformationUID());
                assertFalse(key instanceof KryoSerializer, node.getTransformationUID() + " keys by Kryo: " + key);
            }
        }
        assertEquals(new TreeSet<>(KEYED), keyed);
    }

    private StreamGraph backtestGraph() throws Exception {
        Path input = Files.writeString(dir.resolve("records.csv"), "declaration_id\n");
        List<Scenario> scenarios = List.of(ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml")));
        StreamExecutionEnvironment env = FlinkJob.environment(Map.of(), "graph");
        FlinkJob.collect(env, ImpactPipeline.build(InputFiles.source(env, List.of(input)),
                null, scenarios, ImpactPipeline.Settings.forBacktest()));
        assertEquals(FlinkJob.MAX_PARALLELISM, env.getMaxParallelism());
        return env.getStreamGraph();
    }
}
