package org.ptaflow.pipeline;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.flink.util.ExceptionUtils;

/** Savepoints of a job running on a test's mini cluster. */
public final class Savepoints {
    private Savepoints() {}

    /**
     * The path of a savepoint ({@code JobClient.triggerSavepoint} or {@code stopWithSavepoint}), asked again while
     * some task is still being deployed: a loaded machine takes longer than a test's sleep to start every task, and
     * Flink refuses a savepoint until they all run. Any other failure, or the twentieth refusal, is thrown.
     */
    public static String onceEveryTaskRuns(Callable<CompletableFuture<String>> savepoint) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return savepoint.call().get();
            } catch (ExecutionException e) {
                String why = ExceptionUtils.stringifyException(e);
                if (attempt == 20 || !why.contains("not being executed") && !why.contains("not all required tasks")) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }
}
