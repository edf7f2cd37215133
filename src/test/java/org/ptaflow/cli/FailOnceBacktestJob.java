package org.ptaflow.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * Test-only job for the real-cluster fault tests: the backtest of {@code PtaflowCommand}, with one operator after
 * the file source that throws once, after {@code N} lines and at least one completed checkpoint. "Once" survives
 * the restart because it is a marker file, not a field: the restarted task finds the marker and passes every line.
 *
 * <p>Arguments: {@code SCENARIO INPUT OUT MARKER N}.
 */
public final class FailOnceBacktestJob {
    private FailOnceBacktestJob() {}

    public static void main(String[] args) throws Exception {
        Path input = Paths.get(args[1]);
        Path marker = Paths.get(args[3]);
        long failAfter = Long.parseLong(args[4]);
        StreamExecutionEnvironment env = FlinkJob.environment(Map.of(), "ptaflow backtest (fails once)");
        int status = FlinkJob.run(env, FlinkJob.Sources.records(
                e -> InputFiles.source(e, List.of(input)).map(new FailOnce(marker.toString(), failAfter))
                        .uid("fail-once").name("Fail once (test)")),
                List.of(ScenarioLoader.load(Paths.get(args[0]))), ImpactPipeline.Settings.forBacktest(),
                Paths.get(args[2]), null, null, "ptaflow backtest (fails once)", System.err);
        System.exit(status);
    }

    /** Passes lines on; throws once after {@code failAfter} lines and one completed checkpoint. */
    public static final class FailOnce extends RichMapFunction<SourceLine, SourceLine> implements CheckpointListener {
        private final String marker;
        private final long failAfter;
        private transient long seen;
        private transient volatile boolean checkpointed;
        private transient boolean failedBefore;

        public FailOnce(String marker, long failAfter) {
            this.marker = marker;
            this.failAfter = failAfter;
        }

        @Override
        public SourceLine map(SourceLine line) throws Exception {
            if (++seen >= failAfter && checkpointed && !failedBefore) {
                try {
                    // The marker says at which line of the file the failure came (the test checks where that is).
                    Files.write(Paths.get(marker), String.valueOf(line.line).getBytes(StandardCharsets.UTF_8),
                            StandardOpenOption.CREATE_NEW);
                    throw new IllegalStateException("injected failure at line " + line.line + " after " + seen
                            + " lines");
                } catch (FileAlreadyExistsException alreadyFailed) {
                    failedBefore = true; // from now on a plain pass-through
                }
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
