package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.pipeline.PtaflowOptions;

/**
 * The one job environment: what {@code bin/ptaflow} runs with is what {@link JobEnvironment} gives every whole-job
 * test, and the job's own settings travel as typed options into the configuration the web UI shows.
 */
class JobEnvironmentTest {
    @Test
    void theJobsSettings() {
        StreamExecutionEnvironment env = JobEnvironment.create();
        assertTrue(env.getConfig().isObjectReuseEnabled());
        assertTrue(env.getConfig().getSerializerConfig().hasGenericTypesDisabled());
        assertEquals(128, env.getMaxParallelism());
    }

    @Test
    void theLocalRunHasTheSameSettingsAndTheUsersOnTop() {
        StreamExecutionEnvironment local = FlinkJob.environment(Map.of("pipeline.object-reuse", "false"), "t");
        assertFalse(local.getConfig().isObjectReuseEnabled(), "-D wins");
        assertTrue(local.getConfig().getSerializerConfig().hasGenericTypesDisabled());
        assertEquals(128, local.getMaxParallelism());
    }

    @Test
    void timeSettingsMakeTheRoundTripThroughTypedOptions() {
        ImpactPipeline.Settings live = ImpactPipeline.Settings.forLive(Duration.ofMinutes(30))
                .withDedupHorizon(Duration.ofDays(3)).withWatermarksFromSource();
        assertEquals(live, PtaflowOptions.settings(PtaflowOptions.of(live)));
        assertEquals(ImpactPipeline.Settings.forBacktest(),
                PtaflowOptions.settings(PtaflowOptions.of(ImpactPipeline.Settings.forBacktest())));
    }

    @Test
    void theSettingsAreShownAsGlobalJobParameters() {
        StreamExecutionEnvironment env = JobEnvironment.create();
        Configuration shown = PtaflowOptions.of(ImpactPipeline.Settings.forLive(Duration.ofMinutes(30)));
        shown.set(PtaflowOptions.SOURCE, "kafka");
        JobEnvironment.showSettings(env, shown);
        Map<String, String> parameters = env.getConfig().getGlobalJobParameters().toMap();
        assertEquals("kafka", parameters.get("ptaflow.source"));
        assertEquals("false", parameters.get("ptaflow.backtest"));
        assertEquals(Duration.ofMinutes(30), Configuration.fromMap(parameters).get(PtaflowOptions.OUT_OF_ORDERNESS));
    }
}
