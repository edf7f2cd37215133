package org.ptaflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

import org.ptaflow.cli.PtaflowCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ptaflow bench}: the command line of the benchmark ({@link PtaflowBench}), declared like the other
 * commands, with the same one-line usage errors (exit 2). {@code bin/ptaflow bench jmh [JMH options]} runs JMH
 * instead (bin/ptaflow hands those arguments to JMH's own main).
 */
@Command(name = "ptaflow bench", abbreviateSynopsis = true,
        description = {"The benchmark: the job (a backtest) against a plain Java loop and DuckDB on the same "
                + "simulated file, one table of records/s and ratios, every figure the median of --runs rounds. "
                + "Totals per month are checked against each other first; a disagreement makes the exit status 1.",
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
            description = "Records of the rows that run the pipeline straight from the simulator. "
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

    @Override
    public Integer call() throws Exception {
        Path home = Paths.get(System.getenv().getOrDefault("PTAFLOW_HOME", ".")).toAbsolutePath().normalize();
        Path scenarioFile = scenario != null ? scenario : home.resolve("scenarios/pk-az-pta-requests.yaml");
        Files.createDirectories(data);
        return PtaflowBench.run(home, data, scenarioFile, records,
                pipelineRecords != null ? pipelineRecords : records, runs);
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println(PtaflowCommand.usageLine(e));
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
