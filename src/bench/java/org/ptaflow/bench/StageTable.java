package org.ptaflow.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

    static String measure(Path csv, Scenario scenario, int parallelism, int runs) throws Exception {
        Map<Stage, List<Double>> seconds = new EnumMap<>(Stage.class);
        List<Double> fixed = new ArrayList<>();
        // The fixed costs: the whole job over the file's header alone (no record), so that "read" is the records'.
        Path headerOnly = Files.createTempFile("ptaflow-bench-header-", ".csv");
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Files.writeString(headerOnly, in.readLine() + "\n", StandardCharsets.UTF_8);
        }
        long records = -1;
        for (int round = 0; round <= runs; round++) {
            System.gc();
            Thread.sleep(500);
            PipelineStages.Run none = PipelineStages.run(headerOnly, List.of(scenario), Stage.WINDOWS, parallelism);
            PtaflowBench.log("  stages %s, the whole job without records: %.2f s", round == 0 ? "warm-up"
                    : "run " + round, none.seconds());
            if (round > 0) {
                fixed.add(none.seconds());
            }
            for (Stage stage : Stage.values()) {
                // As between the main table's rows: the previous run's garbage and mini cluster go first.
                System.gc();
                Thread.sleep(500);
                PipelineStages.Run r = PipelineStages.run(csv, List.of(scenario), stage, parallelism);
                if (records >= 0 && r.recordsRead() != records) {
                    throw new IllegalStateException("the stage runs read " + records + " and " + r.recordsRead()
                            + " records of " + csv);
                }
                records = r.recordsRead();
                PtaflowBench.log("  stages %s, up to %s: %.2f s", round == 0 ? "warm-up" : "run " + round,
                        stage.label, r.seconds());
                if (round > 0) {
                    seconds.computeIfAbsent(stage, s -> new ArrayList<>()).add(r.seconds());
                }
            }
        }
        Files.delete(headerOnly);
        return format(csv, records, parallelism, runs, fixed, seconds);
    }

    private static String format(Path csv, long records, int parallelism, int runs, List<Double> fixedRuns,
            Map<Stage, List<Double>> seconds) throws Exception {
        StringBuilder t = new StringBuilder();
        t.append(String.format("%nWhere the time goes: %,d records of %s (%,.0f MB), parallelism %d, %d runs of each "
                + "stage after a warm-up.%n", records, csv.getFileName(), Files.size(csv) / 1e6, parallelism, runs));
        t.append("Method: stage-isolating runs. Each run is the backtest's whole job (backtest settings, discarding "
                + "sinks) with the records stopped after one more stage; a stage's ns/record is the difference between "
                + "the job times (Flink's net runtime) of its run and the run before, divided by the records read. "
                + "Job times are the fastest of the runs (load from elsewhere only adds time; the median and the "
                + "slowest show how much it added). Fixed costs (deployment, end of input) are the whole job over the "
                + "file's header alone, taken off the first stage; a stage smaller than the machine's noise can come "
                + "out negative.\n\n");
        t.append("| stage | ns/record | share | run up to this stage: job time (fastest) | records/s of that run | "
                + "median, slowest | what the stage adds |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        double fixed = fastest(fixedRuns);
        double total = fastest(seconds.get(Stage.WINDOWS));
        t.append(String.format("| fixed costs | | | %.2f s | | %s | the whole job over the header alone, no record |%n",
                fixed, spread(fixedRuns)));
        double previous = fixed;
        for (Stage stage : Stage.values()) {
            double run = fastest(seconds.get(stage));
            double stageSeconds = run - previous;
            previous = run;
            t.append(String.format("| %s | %,.0f | %.0f%% | %.2f s | %,.0f | %s | %s |%n", stage.label,
                    stageSeconds * 1e9 / records, 100 * stageSeconds / (total - fixed), run, records / run,
                    spread(seconds.get(stage)), stage.adds));
        }
        t.append(String.format("| all stages | %,.0f | 100%% | %.2f s | %,.0f | %s | the whole job minus its fixed "
                + "costs |%n", (total - fixed) * 1e9 / records, total, records / total, spread(seconds.get(Stage.WINDOWS))));
        return t.toString();
    }

    private static double fastest(List<Double> seconds) {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static String spread(List<Double> seconds) {
        return String.format("%.2f s, %.2f s", PtaflowBench.median(seconds),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
}
