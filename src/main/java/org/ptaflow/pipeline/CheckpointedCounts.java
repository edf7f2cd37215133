package org.ptaflow.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * A counting function's {@link RunCounters} kept in operator state, so that the run's counts survive a restart:
 * Flink does not checkpoint accumulators, and a task restarted after a failure (or a job resumed from a savepoint)
 * would otherwise count only what it read after the restore. After rescaling, a subtask may get other subtasks'
 * entries; the totals are what matters, and they are kept.
 *
 * <p>Use from a function that implements {@code CheckpointedFunction}: {@link #initialize} in
 * {@code initializeState} (which runs before {@code open}), {@link #register} in {@code open} for the counters,
 * {@link #snapshot} in {@code snapshotState}.
 */
public final class CheckpointedCounts {
    private ListState<Tuple2<String, Long>> state;
    private List<Tuple2<String, Long>> restored;

    public void initialize(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore().getListState(RunCounters.stateDescriptor());
        if (context.isRestored()) {
            restored = new ArrayList<>();
            state.get().forEach(restored::add);
        }
    }

    /**
     * Registers the function's counters and adds back what the checkpoint kept, if the function was restored
     * ({@code kept} is null when Flink did not call {@code initializeState}, as in some operator tests).
     */
    public static RunCounters register(org.apache.flink.api.common.functions.RuntimeContext context, CheckpointedCounts kept) {
        RunCounters counters = RunCounters.register(context);
        if (kept != null && kept.restored != null) {
            counters.restore(kept.restored);
            kept.restored = null;
        }
        return counters;
    }

    public void snapshot(RunCounters counters) throws Exception {
        counters.snapshot(state);
    }
}
