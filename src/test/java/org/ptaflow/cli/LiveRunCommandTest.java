package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptaflow run} as the quick start runs it — endless simulator, live settings, no checkpoints, rows back to
 * the client through Flink's collect sink — in a JVM of its own, stopped from outside as a user stops it. Rows
 * must reach the output folder <em>while the job runs</em>: once a change to the collect sink made a live run
 * without checkpoints deliver nothing at all, while every bounded or checkpointed test still passed (a bounded
 * run delivers its rows at its end). {@link RunCommandTest} covers the bounded run.
 */
class LiveRunCommandTest {
    private static final Pattern PROGRESS = Pattern.compile("progress: .* ([\\d,]+) records read .* ([\\d,]+) rows received");

    @TempDir
    Path out;

    @Test
    void anEndlessRunDeliversRowsWhileItRuns() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        command.addAll(org.ptaflow.cluster.FlinkClusterProcesses.JAVA_17_OPTS);
        command.addAll(List.of("-Dlog4j.configurationFile=conf/log4j2-cli.properties", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                PtaflowCommand.class.getName(), "run", "--no-dashboard", "--out", out.toString()));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong rowsWhileRunning = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    console.add(line);
                    Matcher m = PROGRESS.matcher(line);
                    if (m.find()) {
                        rowsWhileRunning.set(Long.parseLong(m.group(2).replace(",", "")));
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "live-run-console");
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (System.nanoTime() < deadline && run.isAlive() && (rowsWhileRunning.get() == 0
                    || rowLines(out.resolve("impact-live.csv")) + rowLines(out.resolve("impact.csv")) == 0)) {
                Thread.sleep(500);
            }
            assertTrue(run.isAlive(), "the endless run is still running: " + String.join("\n", console));
            assertTrue(rowsWhileRunning.get() > 0, "rows received while running: " + String.join("\n", console));
            assertTrue(rowLines(out.resolve("impact-live.csv")) + rowLines(out.resolve("impact.csv")) > 0,
                    "rows in the output folder while running");
        } finally {
            run.destroy(); // SIGTERM, as Ctrl-C: the run cancels its job on the way out
            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertFalse(run.isAlive(), "the run stopped");
        reader.join(10_000);
        assertFalse(String.join("\n", console).contains("job failed"),
                "a stop asked for is not reported as a failure: " + String.join("\n", console));
    }

    /** Lines after the header, 0 while the file does not exist. */
    private static long rowLines(Path csv) throws java.io.IOException {
        if (!Files.exists(csv)) {
            return 0;
        }
        try (var lines = Files.lines(csv)) {
            return Math.max(0, lines.count() - 1);
        }
    }
}
