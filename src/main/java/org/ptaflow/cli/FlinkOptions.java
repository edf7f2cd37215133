package org.ptaflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Flink settings passed through ({@code -D key=value}) and the {@code --parallelism} shorthand. */
final class FlinkOptions {
    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "A Flink setting, passed through (for example -D parallelism.default=2).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--parallelism", paramLabel = "P",
            description = "The job's parallelism (shorthand for -D parallelism.default=P); it changes no output.")
    Integer parallelism;

    /** The Flink settings to start the job with. */
    Map<String, String> settings() throws UsageError {
        if (parallelism != null && parallelism < 1) {
            throw new UsageError("--parallelism must be at least 1, got " + parallelism);
        }
        Map<String, String> all = new LinkedHashMap<>(properties);
        if (parallelism != null) {
            all.put("parallelism.default", Integer.toString(parallelism));
        }
        return all;
    }
}
