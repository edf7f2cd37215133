package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.CustomsRecordTypeInfo;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.sources.SimulatedCustomsLines;

/**
 * A savepoint of the version before the scenario join combined what it routes ({@code e072314}, where two stateless
 * operators chained after the join did, uids {@code join-active-for-windows} and {@code combine-origin-imports})
 * resumes in this version: Flink skips the two operators' empty state, and the source, the join's duplicate memory
 * and counts, the windows, the quotas and the origin checks go on from the savepoint.
 *
 * <p>The savepoint ({@code src/test/resources/savepoints/before-join-combiners}) was taken from the job built here,
 * with {@code e072314}'s classes: the library's request-lists scenario, 200,000 records made directly by the
 * simulator (seed 42) at 5,000 records/s, parallelism 2, stopped with a savepoint after four seconds.
 */
class PreviousSavepointTest {
    private static final long RECORDS = 200_000;
    private static final String AFTER_RESUME = "test-records-after-resume";

    /** Counts the records that pass in this job (an accumulator: not in any savepoint). */
    private static final class CountRecords extends RichMapFunction<CustomsRecord, CustomsRecord> {
        private transient LongCounter count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getLongCounter(AFTER_RESUME);
        }

        @Override
        public CustomsRecord map(CustomsRecord record) {
            count.add(1);
            return record;
        }
    }

    @Test
    void aSavepointOfTheVersionWithChainedCombinersResumesAndEveryRecordCountsOnce() throws Exception {
        Path savepoint = Path.of("src/test/resources/savepoints/before-join-combiners").toAbsolutePath();
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/pk-az-pta-requests.yaml"));
        Configuration overrides = new Configuration();
        overrides.setString("parallelism.default", "2");
        overrides.setString("execution.state-recovery.path", savepoint.toUri().toString());
        StreamExecutionEnvironment env = JobEnvironment.create(overrides);
        SimulatorSettings simulator = SimulatorSettings.defaults(42).withAgreement(scenario.agreement());
        DataStream<SourceLine> lines = env.fromSource(SimulatedCustomsLines.source(simulator, RECORDS, 0, 2, true),
                WatermarkStrategy.noWatermarks(), "Simulator").setParallelism(2).uid("simulator-source");
        ImpactPipeline.Outputs out = ImpactPipeline.build(lines, null, List.of(scenario),
                ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withSimulatedRecords(simulator),
                records -> records.map(new CountRecords(), CustomsRecordTypeInfo.INSTANCE).uid("test-count-records"));
        out.impactRows().sinkTo(new DiscardingSink<>()).uid("test-impact-rows");
        out.rejected().sinkTo(new DiscardingSink<>()).uid("test-rejected");
        out.late().sinkTo(new DiscardingSink<>()).uid("test-late");
        out.quotaStatus().sinkTo(new DiscardingSink<>()).uid("test-quota-status");
        out.flags().sinkTo(new DiscardingSink<>()).uid("test-flags");

        JobExecutionResult result = env.execute("resume a savepoint of the previous version");

        long afterResume = result.<Long>getAccumulatorResult(AFTER_RESUME);
        assertTrue(afterResume > 0 && afterResume < RECORDS,
                "the source went on from the savepoint: " + afterResume + " of " + RECORDS + " records after it");
        assertEquals(RECORDS, (long) result.<Long>getAccumulatorResult(RunCounters.READ),
                "the counts restored from the savepoint and the records after it: every record read once");
    }
}
