package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.RunCounters;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.SimulatedCustomsLines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bounded state on an endless stream: with a short duplicate-detection TTL, and windows that are cleared once
 * closed, the size of the job's checkpoints levels off while the records read keep growing. (A state that kept
 * every key would grow with the records read; the test checks the stream grew enough for that to show.)
 */
class BoundedStateTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(heartbeats()).build());

    /** Accumulators (the records-read count sampled below) travel with heartbeats: every second, not every ten. */
    private static org.apache.flink.configuration.Configuration heartbeats() {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.setString("heartbeat.interval", "1000");
        return conf;
    }

    record Sample(long checkpointId, long stateBytes, long recordsRead) {}

    @Test
    void checkpointSizeLevelsOffOnAnEndlessStream() throws Exception {
        Scenario scenario = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        // 2,000 records a simulated day at up to 10,000 records/s: five simulated days a second, a month every
        // six seconds, so months open and close many times during the run.
        SimulatorSettings simulator = SimulatorSettings.defaults(5).withRecordsPerSimulatedDay(2000);
        StreamExecutionEnvironment env = FlinkJob.environment(Map.of(), "bounded state");
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(
                env.fromSource(SimulatedCustomsLines.source(simulator, Long.MAX_VALUE, 10_000, 2),
                        WatermarkStrategy.noWatermarks(), "Simulator").uid("simulator-source"),
                FlinkJob.tables(env, List.of(scenario), null), List.of(scenario),
                ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withDedupTtl(Duration.ofSeconds(2)));
        outputs.impactRows().sinkTo(new DiscardingSink<>());
        outputs.rejected().sinkTo(new DiscardingSink<>());
        outputs.late().sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("bounded state");

        List<Sample> samples = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            long lastId = -1;
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                JsonNode latest = checkpoints(job).path("latest").path("completed");
                if (latest.isMissingNode() || latest.isNull() || latest.get("id").asLong() == lastId) {
                    continue;
                }
                lastId = latest.get("id").asLong();
                Object read = job.getAccumulators().get().get(RunCounters.READ);
                samples.add(new Sample(lastId, latest.get("state_size").asLong(),
                        read == null ? 0 : ((Number) read).longValue()));
            }
        } finally {
            job.cancel().get();
        }

        assertTrue(samples.size() >= 9, "checkpoints seen: " + samples);
        int n = samples.size();
        List<Sample> middle = samples.subList(n / 3, 2 * n / 3);
        List<Sample> last = samples.subList(2 * n / 3, n);
        long middleMax = middle.stream().mapToLong(Sample::stateBytes).max().orElseThrow();
        long lastMax = last.stream().mapToLong(Sample::stateBytes).max().orElseThrow();
        long readMiddle = middle.get(middle.size() - 1).recordsRead();
        long readEnd = last.get(last.size() - 1).recordsRead();
        // The stream grew by at least 40% between the two thirds: a state proportional to it would show that.
        assertTrue(readEnd >= 1.4 * readMiddle, "the stream did not grow enough to tell: " + samples);
        assertTrue(lastMax <= 1.2 * middleMax, "checkpoint size still growing: " + samples);
    }

    private static JsonNode checkpoints(JobClient job) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + CLUSTER.getClientConfiguration().get(RestOptions.ADDRESS) + ":"
                        + CLUSTER.getClientConfiguration().get(RestOptions.PORT) + "/jobs/" + job.getJobID() + "/checkpoints")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }
}
