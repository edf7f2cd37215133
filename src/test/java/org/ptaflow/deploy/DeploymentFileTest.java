package org.ptaflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.ptaflow.cli.ComposeArgs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** deploy/flink-deployment.yaml: a FlinkDeployment whose settings are Flink options and whose arguments parse. */
class DeploymentFileTest {
    private static final JsonNode DEPLOYMENT;

    static {
        try {
            DEPLOYMENT = new ObjectMapper(new YAMLFactory()).readTree(Paths.get("deploy/flink-deployment.yaml").toFile());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void isAFlinkDeploymentOfTheJobJar() {
        assertEquals("flink.apache.org/v1beta1", DEPLOYMENT.get("apiVersion").asText());
        assertEquals("FlinkDeployment", DEPLOYMENT.get("kind").asText());
        JsonNode job = DEPLOYMENT.get("spec").get("job");
        assertEquals(org.ptaflow.cli.PtaflowJob.class.getName(), job.get("entryClass").asText());
        assertTrue(job.get("jarURI").asText().startsWith("local:///"), "a jar inside the image");
        assertEquals("savepoint", job.get("upgradeMode").asText());
    }

    @Test
    void theJobArgumentsParse() {
        List<String> args = new ArrayList<>();
        DEPLOYMENT.get("spec").get("job").get("args").forEach(a -> args.add(a.asText()));
        assertEquals("run", args.get(0));
        assertNull(ComposeArgs.jobUsageProblem(args.toArray(String[]::new)), "ptaflow-job " + args);
    }

    @Test
    void everySettingIsAFlinkOptionAndTheOnesThatMatterAreThere() throws Exception {
        Set<String> known = new TreeSet<>();
        for (Class<?> options : List.of(CoreOptions.class, CheckpointingOptions.class, StateBackendOptions.class,
                HighAvailabilityOptions.class, PipelineOptions.class, RestartStrategyOptions.class,
                TaskManagerOptions.class)) {
            for (Field f : options.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    known.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        Set<String> keys = new TreeSet<>();
        DEPLOYMENT.get("spec").get("flinkConfiguration").fieldNames().forEachRemaining(keys::add);
        Set<String> unknown = new TreeSet<>(keys);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "not a Flink 2.2 option");
        assertTrue(keys.containsAll(Set.of("execution.checkpointing.interval", "execution.checkpointing.dir",
                "state.backend.type", "high-availability.type", "high-availability.storageDir",
                "pipeline.max-parallelism")), keys.toString());
    }
}
