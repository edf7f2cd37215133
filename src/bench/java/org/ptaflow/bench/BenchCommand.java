package org.ptaflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

import org.ptaflow.cli.PtaflowCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/ptaflow bench}: the command line of the benchmark ({@link PtaflowBench}), declared like the other
 * commands, with the same one-line usage errors (exit 2). {@code bin/ptaflow bench jmh [JMH options]} runs JMH
 * instead (bin/ptaflow hands those arguments to JMH's own main).
 */
@Command(name = "ptaflow bench", abbreviateSynopsis = true,
        description = {"The benchmark: the job (a backtest) against a plain Java loop and DuckDB on the same "
                + "simulated file, one table of records/s and ratios, every figure the median of --runs rounds. "
                + "Totals per month are checked against each other first; a disagreement makes the exit status 1.",
                "Then where the time goes: nanoseconds per record per stage of the backtest's job, from "
                        + "stage-isolating runs (docs/performance.md); --stages-only runs just those.",
                "'bin/ptaflow bench jmh [JMH options]' runs the JMH micro-benchmarks of the hot paths instead.",
                "Built with the Maven profile bench into target/bench: none of it is in the job jar."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Records in the simulated file that the backtest, the loop and DuckDB read. "
                    + "Default: ${DEFAULT-VALUE}.")
    long records;

    @Option(names = "--pipeline-records", paramLabel = "N",
            description = "Records of the rows that run the pipeline straight from the simulator, each in a JVM "
                    + "of its own: four warm-up jobs (of at most 3,000,000 records), then the job it reports. "
                    + "Default: --records.")
    Long pipelineRecords;

    @Option(names = "--runs", paramLabel = "K", defaultValue = "3",
            description = "Counted rounds (after one warm-up round). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "The scenario. Default: scenarios/pk-az-pta-requests.yaml of the installation.")
    Path scenario;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "/tmp/ptaflow-bench",
            description = "Where the simulated files and outputs go. Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--stages-parallelism", paramLabel = "P", defaultValue = "1",
            description = "Parallelism of the stage-isolating runs (where the time goes, per stage); 0 leaves them "
                    + "out. Default: ${DEFAULT-VALUE}.")
    int stagesParallelism;

    @Option(names = "--stages-only",
            description = "Only the stage-isolating runs: nanoseconds per record for read, parse, shuffle, "
                    + "duplicates, rates and taxes, combine and windows, then the CPU of each thread during one more "
                    + "whole job (Linux); no other row, no agreement check.")
    boolean stagesOnly;

    @Option(names = "--simulator",
            description = "With --stages-only: the stage-isolating runs of the pipeline from the simulator (records "
                    + "made directly, as bin/ptaflow run makes them) over --pipeline-records records, instead of the "
                    + "backtest over a file.")
    boolean simulator;

    @Option(names = "--input", paramLabel = "FILE",
            description = "With --stages-only: the customs CSV the stage runs read instead of the simulated file "
                    + "of --records.")
    Path input;

    @Option(names = "--scale",
            description = "Only the scale rows: backtests with 1, 4 and 8 scenarios over the file of --records, and "
                    + "one scenario over the file of --scale-records (time and peak memory per record).")
    boolean scale;

    @Option(names = "--gap",
            description = "Only where the distance to DuckDB lies: DuckDB's own JVM, the backtest, the same backtest "
                    + "three times in one JVM (cold, then warm), Flink alone on as many records through one keyed "
                    + "shuffle (per record and in blocks), and the backtest's reading side alone (its job cut after "
                    + "the keyed shuffle); over the file of --records.")
    boolean gap;

    @Option(names = "--scale-records", paramLabel = "N",
            description = "With --scale: records of the larger file. Default: 3 × --records; 0 leaves it out.")
    Long scaleRecords;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path home = Paths.get(System.getenv().getOrDefault("PTAFLOW_HOME", ".")).toAbsolutePath().normalize();
        Path scenarioFile = scenario != null ? scenario : home.resolve("scenarios/pk-az-pta-requests.yaml");
        if (input != null && !stagesOnly) {
            throw new ParameterException(spec.commandLine(), "--input goes with --stages-only (the other rows read "
                    + "the simulated file of --records)");
        }
        if (input != null && !Files.isRegularFile(input)) {
            throw new ParameterException(spec.commandLine(), "input file not found: " + input);
        }
        if (simulator && (!stagesOnly || input != null)) {
            throw new ParameterException(spec.commandLine(), "--simulator goes with --stages-only, without --input");
        }
        if (stagesOnly && stagesParallelism < 1) {
            throw new ParameterException(spec.commandLine(), "--stages-only needs --stages-parallelism of 1 or more");
        }
        Files.createDirectories(data);
        if (gap) {
            return PtaflowBench.runGap(home, data, scenarioFile, records, runs);
        }
        if (scale) {
            long big = scaleRecords != null ? scaleRecords : 3 * records;
            return PtaflowBench.runScale(home, data, scenarioFile, records, big, runs);
        }
        if (stagesOnly && simulator) {
            return PtaflowBench.runSimulatedStages(home, data, scenarioFile,
                    pipelineRecords != null ? pipelineRecords : records, runs, stagesParallelism);
        }
        if (stagesOnly) {
            return PtaflowBench.runStages(home, data, scenarioFile, input, records, runs, stagesParallelism);
        }
        return PtaflowBench.run(home, data, scenarioFile, records,
                pipelineRecords != null ? pipelineRecords : records, runs, stagesParallelism);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's one-line usage errors (exit 2). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println(PtaflowCommand.usageLine(e));
            return 2;
        });
        return cl;
    }
}
