package org.ptaflow.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.Savepoints;
import org.ptaflow.records.SourceLine;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * The simulator's source without a rate limiter keeps the rate-limited source's state: a savepoint of a run at a
 * limited rate, stopped midway, resumes at no rate limit and every record comes exactly once across the two runs.
 */
class UnthrottledSourceSavepointTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final long RECORDS = 60_000;
    /** The record indexes each run's sink received (the cluster runs in this JVM). */
    private static final Queue<Long> RECEIVED = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    @Test
    void aSavepointAtALimitedRateResumesUnlimitedWithEveryRecordOnce() throws Exception {
        SimulatorSettings settings = SimulatorSettings.defaults(11);
        RECEIVED.clear();

        // About 6 s at 10,000 records/s over both readers: stopped after about 2 s.
        JobClient limited = start(SimulatedCustomsLines.source(settings, RECORDS, 10_000, 2, true), null);
        Thread.sleep(2_000);
        String savepoint = Savepoints.onceEveryTaskRuns(
                () -> limited.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL));
        int beforeSavepoint = RECEIVED.size();
        assertTrue(beforeSavepoint > 0 && beforeSavepoint < RECORDS, "stopped midway: " + beforeSavepoint);

        Source<SourceLine, ?, ?> unlimited = SimulatedCustomsLines.source(settings, RECORDS, 0, 2, true);
        assertInstanceOf(UnthrottledGeneratorSource.class, unlimited);
        start(unlimited, savepoint).getJobExecutionResult().get();

        List<Long> indexes = new ArrayList<>(RECEIVED);
        indexes.sort(null);
        assertEquals(LongStream.range(0, RECORDS).boxed().toList(), indexes);
    }

    private JobClient start(Source<SourceLine, ?, ?> source, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Simulator").uid("simulator-source")
                .map(line -> line.line).uid("index")
                .sinkTo(new IndexSink()).uid("indexes");
        return env.executeAsync("simulator source across a savepoint");
    }

    /** Adds every index it receives to {@link #RECEIVED}; holds nothing, so nothing is lost or repeated on a stop. */
    private static final class IndexSink implements Sink<Long> {
        @Override
        public SinkWriter<Long> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Long index, Context context) {
                    RECEIVED.add(index);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
