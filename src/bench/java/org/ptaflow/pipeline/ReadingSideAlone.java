package org.ptaflow.pipeline;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * The backtest's reading side alone, in a JVM of its own ({@code bin/ptaflow bench --gap}): the job of
 * {@code bin/ptaflow backtest} over one file with its records stopped right after the keyed shuffle
 * ({@link PipelineStages.Stage#SHUFFLE}: read, parse with the content hash, event time, the text check, the shuffle
 * into a keyed operator that does nothing). What a backtest would cost, start and warm-up included, if the scenario
 * join and everything after it cost nothing.
 *
 * <p>Arguments: the customs CSV, the scenario file. Prints one {@code reading side} line.
 */
public final class ReadingSideAlone {
    public static final Pattern LINE = Pattern.compile("reading side: job ([0-9.]+) s, ([0-9]+) records");

    private ReadingSideAlone() {}

    public static void main(String[] args) throws Exception {
        PipelineStages.Run run = PipelineStages.run(Path.of(args[0]), List.of(ScenarioLoader.load(Path.of(args[1]))),
                PipelineStages.Stage.SHUFFLE, 1);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("reading side: job %.2f s, %d records, process CPU %.2f s%n", run.seconds(),
                run.recordsRead(), os.getProcessCpuTime() / 1e9);
    }
}
