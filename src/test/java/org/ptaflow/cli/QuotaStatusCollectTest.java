package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.OutputFolder;
import org.ptaflow.sinks.QuotaOutputsTest;
import org.ptaflow.sinks.RunSummary;

/**
 * The quotas' days travel from the job to the output folder the way {@code run} and {@code backtest} take them: in
 * the one collect sink beside the impact rows ({@link FlinkJob#collect}), through a real job at parallelism 2, into
 * a sorted {@code quotas.csv}. The days are given as the quota stream of the job's outputs (the allocation that
 * makes them is tested on its own).
 */
class QuotaStatusCollectTest {
    @TempDir
    Path dir;

    @Test
    void theQuotaDaysReachQuotasCsvThroughTheCollectSink() throws Exception {
        StreamExecutionEnvironment env = FlinkJob.environment(Map.of(), "quota days");
        env.setParallelism(2);
        ImpactPipeline.Outputs outputs = new ImpactPipeline.Outputs(
                env.fromData(DashboardBrowserTest.row(1_000, 200, true)),
                env.fromData(new RejectedRecord("a.csv", 7, "", RejectionReason.MALFORMED, "broken", "X")),
                // no late record (Flink's collection source cannot be empty)
                env.fromData(new LateRecord()).filter(late -> false),
                env.fromData(QuotaOutputsTest.tea11Feb(), QuotaOutputsTest.tea10Feb()),
                env.fromData(new org.ptaflow.flags.Flag()).filter(flag -> false), null, null);
        try (CloseableIterator<JobOutput> results = FlinkJob.collect(env, outputs);
                OutputFolder folder = new OutputFolder(dir, false, false, true)) {
            env.executeAsync("quota days");
            int quotaDays = 0;
            while (results.hasNext()) {
                JobOutput o = results.next();
                quotaDays += o.quota == null ? 0 : 1;
                folder.accept(o);
            }
            assertEquals(2, quotaDays);
            folder.finish(RunSummary.fromAccumulators(Map.of(), List.of("test-pta", "pk-lk")));
        }
        assertEquals(List.of(QuotaOutputsTest.QUOTAS_HEADER, QuotaOutputsTest.TEA_10_FEB, QuotaOutputsTest.TEA_11_FEB),
                Files.readAllLines(dir.resolve("quotas.csv")));
    }
}
