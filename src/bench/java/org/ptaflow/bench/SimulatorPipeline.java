package org.ptaflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.SimulatedCustomsLines;

/**
 * The whole pipeline from the simulator to discarding sinks, in this JVM on Flink's embedded (mini) cluster: what
 * {@code bin/ptaflow run --records N --rate 0} does, without the collect sink and the output files (and, with
 * {@code direct} false, what it did before it made the simulator's records directly: text written and parsed). Live settings
 * (watermarks with one hour of out-of-orderness, lateness, one-day duplicate memory, the scenario's early rows), as
 * fast as the source can go.
 */
final class SimulatorPipeline {
    private SimulatorPipeline() {}

    /**
     * Job time in seconds (Flink's net runtime: from submission to the end, without cluster start).
     *
     * @param direct true: the simulator's records made directly from their index (what {@code bin/ptaflow run}
     *     does); false: written as CSV text and parsed (the text path)
     */
    static double run(Scenario scenario, long records, int parallelism, boolean direct) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);   // as the job's own environment (FlinkJob) sets it
        conf.setString("parallelism.default", Integer.toString(parallelism));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setMaxParallelism(128);
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
