package org.ptaflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.SimulatedCustomsLines;

/**
 * The whole pipeline from the simulator to discarding sinks, in this JVM on Flink's embedded (mini) cluster: what
 * {@code bin/ptaflow run --records N --rate 0} does, without the collect sink and the output files (and, with
 * {@code direct} false, what it did before it made the simulator's records directly: text written and parsed).
 * Live settings (watermarks with one hour of out-of-orderness, lateness, the default week of duplicate memory, the
 * scenario's early rows), as fast as the source can go.
 *
 * <p>Its {@link #main} is what the bench's table runs for each of these rows, in a JVM of its own: jobs one after
 * another until the compilers have caught up, then the job it reports. A live run is one long job in a JVM that runs
 * nothing else; a JVM shared with the other rows (the plain loops, DuckDB in process, the other variants) measured its
 * second to fourth job of a row, while its rate was still rising with the compilers' work (docs/performance.md).
 */
final class SimulatorPipeline {
    /** Jobs before the measured one: from the fifth job on, a 3 M-record job's rate no longer rises. */
    static final int WARM_UP_JOBS = 4;

    /** Records of a warm-up job at most: enough for the compilers, whatever the measured job's size. */
    static final long WARM_UP_RECORDS = 3_000_000;

    /** The line {@link #main} reports the measured job on. */
    static final Pattern MEASURED = Pattern.compile("measured job: ([0-9.]+) s");

    private SimulatorPipeline() {}

    /**
     * {@code SimulatorPipeline <scenario file> <records> <parallelism> <direct> <warm-up jobs>}: runs the warm-up jobs,
     * then one more, and prints every job's time; the last line is {@code measured job: <seconds> s}.
     */
    public static void main(String[] args) throws Exception {
        Scenario scenario = ScenarioLoader.load(Path.of(args[0]));
        long records = Long.parseLong(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        boolean direct = Boolean.parseBoolean(args[3]);
        int warmUps = Integer.parseInt(args[4]);
        long warmUpRecords = Math.min(records, WARM_UP_RECORDS);
        for (int job = 0; job < warmUps; job++) {
            double s = run(scenario, warmUpRecords, parallelism, direct);
            System.out.printf("warm-up job %d: %.3f s, %,.0f records/s%n", job + 1, s, warmUpRecords / s);
        }
        double s = run(scenario, records, parallelism, direct);
        System.out.printf("measured job: %.3f s, %,.0f records/s%n", s, records / s);
    }

    /**
     * Job time in seconds (Flink's net runtime: from submission to the end, without cluster start).
     *
     * @param direct true: the simulator's records made directly from their index (what {@code bin/ptaflow run}
     *     does); false: written as CSV text and parsed (the text path)
     */
    static double run(Scenario scenario, long records, int parallelism, boolean direct) throws Exception {
        Configuration overrides = new Configuration();
        overrides.setString("parallelism.default", Integer.toString(parallelism));
        StreamExecutionEnvironment env = JobEnvironment.create(overrides); // the job's own settings
        SimulatorSettings simulator = SimulatorSettings.defaults(42).withAgreement(scenario.agreement());
        DataStream<SourceLine> lines = env.fromSource(
                        SimulatedCustomsLines.source(simulator, records, 0, parallelism, direct),
                        WatermarkStrategy.noWatermarks(), "Simulator")
                .setParallelism(parallelism).uid("simulator-source");
        ImpactPipeline.Settings settings = ImpactPipeline.Settings.forLive(Duration.ofHours(1));
        ImpactPipeline.Outputs out = ImpactPipeline.build(lines, null,
                List.of(scenario), direct ? settings.withSimulatedRecords(simulator) : settings);
        out.impactRows().sinkTo(new DiscardingSink<>()).name("discard impact rows");
        out.rejected().sinkTo(new DiscardingSink<>()).name("discard rejected");
        out.late().sinkTo(new DiscardingSink<>()).name("discard late");
        JobExecutionResult result = env.execute("ptaflow bench: simulator to discard, parallelism " + parallelism);
        return result.getNetRuntime() / 1000.0;
    }
}
