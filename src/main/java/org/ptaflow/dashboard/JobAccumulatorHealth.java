package org.ptaflow.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.ptaflow.sinks.RunSummary;

/**
 * The health of a job running beside the dashboard, from its accumulators (the counts of the run summary, live):
 * registered as a {@link JobListener} on the job's environment, it learns the job's client when the job is
 * submitted. Until then, and after the job ended, it has nothing to say and the output folder's files speak.
 */
public final class JobAccumulatorHealth implements RunHealth, JobListener {
    private final List<String> scenarioIds;
    private volatile JobClient client;
    private volatile Map<String, Object> last = Map.of();
    private volatile long lastAt;

    public JobAccumulatorHealth(List<String> scenarioIds) {
        this.scenarioIds = List.copyOf(scenarioIds);
    }

    @Override
    public void onJobSubmitted(JobClient jobClient, Throwable throwable) {
        this.client = jobClient;
    }

    @Override
    public void onJobExecuted(JobExecutionResult result, Throwable throwable) {
        this.client = null;
        this.last = Map.of();
    }

    @Override
    public Map<String, Object> health() {
        JobClient c = client;
        if (c == null) {
            return Map.of();
        }
        if (System.nanoTime() - lastAt < 1_000_000_000L) {
            return last; // several open pages share one request to the job per second
        }
        try {
            Map<String, Object> acc = c.getAccumulators().get(2, TimeUnit.SECONDS);
            RunSummary summary = RunSummary.fromAccumulators(acc, scenarioIds);
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("state", "running (job " + c.getJobID() + ")");
            h.put("summary", summary.toJson());
            if (summary.maxEventTime != null) {
                h.put("last_event_time", summary.maxEventTime);
            }
            last = h;
            lastAt = System.nanoTime();
            return h;
        } catch (Exception e) {
            return last;
        }
    }
}
