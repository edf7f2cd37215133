package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * a stable uid of our choosing (none generated from the graph's shape) and a name, and max parallelism is fixed so
 * that a job can be rescaled from a savepoint.
 */
class JobGraphTest {
    @TempDir
    Path dir;

    @Test
    void everyOperatorOfTheBacktestJobHasAStableUidAndAName() throws Exception {
        Path input = Files.writeString(dir.resolve("records.csv"), "declaration_id\n");
        List<Scenario> scenarios = List.of(ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml")));
        StreamExecutionEnvironment env = FlinkJob.environment(Map.of(), "graph");
        FlinkJob.collect(env, ImpactPipeline.build(PtaflowCommand.files(env, List.of(input)),
                null, scenarios, ImpactPipeline.Settings.forBacktest()));
        StreamGraph graph = env.getStreamGraph();

        Set<String> uids = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getOperatorName().contains("collect sink")) {
                continue; // Flink's own collect sink: see FlinkJob.collect for why it keeps Flink's id
            }
            String uid = node.getTransformationUID();
            assertTrue(uid != null && !uid.isBlank(), "no uid: " + node.getOperatorName());
            assertTrue(uids.add(uid), "uid twice: " + uid);
            assertFalse(node.getOperatorName() == null || node.getOperatorName().isBlank(), "no name: " + uid);
        }
        assertTrue(uids.containsAll(Set.of("file-source-0", "no-amendments", "parse-customs-records",
                "amendments-without-event-time", "scenario-join", "impact-windows")), uids.toString());
        assertEquals(FlinkJob.MAX_PARALLELISM, env.getMaxParallelism());
    }
}
