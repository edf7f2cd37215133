package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bin/ptaflow run} itself, as the quick start runs it (simulator, live settings, no checkpoints, rows back
 * to this process through the collect sink), bounded by {@code --records}: rows arrive and every record read is
 * counted. It does not catch rows that stop arriving only while an endless run goes on (a bounded run delivers
 * them at its end): {@link LiveRunCommandTest} does.
 */
class RunCommandTest {
    @TempDir
    Path out;

    @Test
    void aBoundedSimulatedRunWritesRowsAndCountsEveryRecord() throws Exception {
        Cli cli = Cli.run("run", "--records", "40000", "--rate", "0", "--no-dashboard", "--out", out.toString());
        assertEquals(0, cli.status(), cli.toString());
        List<String> impact = Files.readAllLines(out.resolve("impact.csv"));
        assertTrue(impact.size() > 10, "final rows written: " + impact.size() + "\n" + cli);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(40000, summary.get("read").asLong());
        assertTrue(summary.get("reconciles").asBoolean(), summary.toString());
    }
}
