package org.ptaflow.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.ptaflow.pipeline.PipelineStages;
import org.ptaflow.pipeline.PipelineStages.Stage;
import org.ptaflow.scenario.Scenario;

/**
 * Where the time goes (issue 14): nanoseconds per record per stage of the backtest's job, from stage-isolating runs
 * ({@link PipelineStages}). Each run is the whole job with the records stopped after one more stage; a stage's time
 * is the difference between the job times of its run and the run before, divided by the records read. Runs are
 * measured round-robin like the main table (a warm-up round, then {@code runs} rounds of every stage), so that load
 * from elsewhere hits all stages alike; each run's time is its fastest round, because load from elsewhere only adds
 * time (on a shared machine a median of three still moved by seconds between runs of one stage), with the median
 * and the slowest beside it. A difference can come out negative when the noise is larger than a stage: it is
 * printed as measured.
 */
final class StageTable {
    private StageTable() {}

    /** One stage-isolating run: up to {@code stage}, over the records or (noRecords) over none. */
    interface Runner {
        PipelineStages.Run run(Stage stage, boolean noRecords) throws Exception;
    }

    /** The backtest's job over a file: stage-isolating runs, the fixed costs over the file's header alone. */
    static String measure(Path csv, Scenario scenario, int parallelism, int runs) throws Exception {
        // The fixed costs: the whole job over the file's header alone (no record), so that "read" is the records'.
        Path headerOnly = Files.createTempFile("ptaflow-bench-header-", ".csv");
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Files.writeString(headerOnly, in.readLine() + "\n", StandardCharsets.UTF_8);
        }
        try {
            return measure((stage, none) -> PipelineStages.run(none ? headerOnly : csv, List.of(scenario), stage,
                            parallelism), runs,
                    records -> String.format("%nWhere the time goes: %,d records of %s (%,.0f MB), parallelism %d, "
                            + "%d runs of each stage after a warm-up.%n", records, csv.getFileName(), megabytes(csv),
                            parallelism, runs),
                    "the backtest's whole job (backtest settings, discarding sinks)", "the file's header alone",
                    stage -> stage.adds);
        } finally {
            Files.delete(headerOnly);
        }
    }

    /** The pipeline from the simulator, records made directly: stage-isolating runs, the fixed costs over none. */
    static String measureSimulated(long records, Scenario scenario, int parallelism, int runs) throws Exception {
        return measure((stage, none) -> PipelineStages.runSimulated(none ? 0 : records, scenario, stage, parallelism),
                runs, read -> String.format("%nWhere the time goes in the pipeline from the simulator: %,d records "
                        + "made directly, parallelism %d, %d runs of each stage after a warm-up.%n", read, parallelism,
                        runs),
                "the pipeline from the simulator (live settings, records made directly, no rate limit, discarding "
                        + "sinks)", "no record", PipelineStages::simulatedStageAdds);
    }

    /**
     * @param title the table's first line, given the records read
     * @param job what each run is, for the method's line
     * @param nothing what the fixed costs' run reads
     */
    private static String measure(Runner runner, int runs, LongFunction<String> title, String job, String nothing,
            Function<Stage, String> adds) throws Exception {
        Map<Stage, List<Double>> seconds = new EnumMap<>(Stage.class);
        List<Double> fixed = new ArrayList<>();
        long records = -1;
        for (int round = 0; round <= runs; round++) {
            System.gc();
            Thread.sleep(500);
            PipelineStages.Run none = runner.run(Stage.WINDOWS, true);
            PtaflowBench.log("  stages %s, the whole job without records: %.2f s", round == 0 ? "warm-up"
                    : "run " + round, none.seconds());
            if (round > 0) {
                fixed.add(none.seconds());
            }
            for (Stage stage : Stage.values()) {
                // As between the main table's rows: the previous run's garbage and mini cluster go first.
                System.gc();
                Thread.sleep(500);
                PipelineStages.Run r = runner.run(stage, false);
                if (records >= 0 && r.recordsRead() != records) {
                    throw new IllegalStateException("the stage runs read " + records + " and " + r.recordsRead()
                            + " records");
                }
                records = r.recordsRead();
                PtaflowBench.log("  stages %s, up to %s: %.2f s", round == 0 ? "warm-up" : "run " + round,
                        stage.label, r.seconds());
                if (round > 0) {
                    seconds.computeIfAbsent(stage, s -> new ArrayList<>()).add(r.seconds());
                }
            }
        }
        String table = format(title.apply(records), job, nothing, records, fixed, seconds, adds);
        if (!ThreadCpu.available()) {
            return table + "\n(CPU by thread: needs Linux's /proc/self/task)\n";
        }
        System.gc();
        Thread.sleep(500);
        return table + ThreadCpu.during(() -> runner.run(Stage.WINDOWS, false), records);
    }

    private static String format(String title, String job, String nothing, long records, List<Double> fixedRuns,
            Map<Stage, List<Double>> seconds, Function<Stage, String> adds) {
        StringBuilder t = new StringBuilder();
        t.append(title);
        t.append("Method: stage-isolating runs. Each run is " + job + " with the records stopped after one more "
                + "stage; a stage's ns/record is the difference between "
                + "the job times (Flink's net runtime) of its run and the run before, divided by the records read. "
                + "Job times are the fastest of the runs (load from elsewhere only adds time; the median and the "
                + "slowest show how much it added). Fixed costs (deployment, end of input) are the whole job over "
                + nothing + ", taken off the first stage; a stage smaller than the machine's noise can come "
                + "out negative.\n\n");
        t.append("| stage | ns/record | share | run up to this stage: job time (fastest) | records/s of that run | "
                + "median, slowest | what the stage adds |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        double fixed = fastest(fixedRuns);
        double total = fastest(seconds.get(Stage.WINDOWS));
        t.append(String.format("| fixed costs | | | %.2f s | | %s | the whole job over %s |%n",
                fixed, spread(fixedRuns), nothing));
        double previous = fixed;
        for (Stage stage : Stage.values()) {
            double run = fastest(seconds.get(stage));
            double stageSeconds = run - previous;
            previous = run;
            t.append(String.format("| %s | %,.0f | %.0f%% | %.2f s | %,.0f | %s | %s |%n", stage.label,
                    stageSeconds * 1e9 / records, 100 * stageSeconds / (total - fixed), run, records / run,
                    spread(seconds.get(stage)), adds.apply(stage)));
        }
        t.append(String.format("| all stages | %,.0f | 100%% | %.2f s | %,.0f | %s | the whole job minus its fixed "
                + "costs |%n", (total - fixed) * 1e9 / records, total, records / total, spread(seconds.get(Stage.WINDOWS))));
        return t.toString();
    }

    private static double megabytes(Path csv) {
        try {
            return Files.size(csv) / 1e6;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double fastest(List<Double> seconds) {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static String spread(List<Double> seconds) {
        return String.format("%.2f s, %.2f s", PtaflowBench.median(seconds),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
}
