package org.ptaflow.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * Test-only job for the real-cluster savepoint test: the backtest of {@code PtaflowCommand}, with one stateless
 * operator after the file source that sleeps a millisecond every {@code N} lines, so that the job is surely still
 * reading when the test stops it with a savepoint (a backtest at full speed could reach the end of its input first,
 * and its rows would then come from both runs). The test resumes the same program: an operator more changes the
 * ids Flink derives for the operators that have no uid of their own, such as its collect sink, whose state a
 * savepoint holds.
 *
 * <p>Arguments: {@code SCENARIO INPUT OUT N}.
 */
public final class ThrottledBacktestJob {
    private ThrottledBacktestJob() {}

    public static void main(String[] args) throws Exception {
        Path input = Paths.get(args[1]);
        int linesPerMillisecond = Integer.parseInt(args[3]);
        StreamExecutionEnvironment env = FlinkJob.environment(Map.of(), "ptaflow backtest (throttled)");
        int status = FlinkJob.run(env, FlinkJob.Sources.records(
                e -> InputFiles.source(e, List.of(input)).map(new Throttle(linesPerMillisecond))
                        .uid("throttle").name("Throttle (test)")),
                List.of(ScenarioLoader.load(Paths.get(args[0]))), ImpactPipeline.Settings.forBacktest(),
                Paths.get(args[2]), null, null, "ptaflow backtest (throttled)", System.err);
        System.exit(status);
    }

    /** Passes lines on, sleeping a millisecond after every {@code linesPerMillisecond} of them. */
    public static final class Throttle implements MapFunction<SourceLine, SourceLine> {
        private final int linesPerMillisecond;
        private transient int seen;

        public Throttle(int linesPerMillisecond) {
            this.linesPerMillisecond = linesPerMillisecond;
        }

        @Override
        public SourceLine map(SourceLine line) throws Exception {
            if (++seen % linesPerMillisecond == 0) {
                Thread.sleep(1);
            }
            return line;
        }
    }
}
