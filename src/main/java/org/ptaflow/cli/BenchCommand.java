package org.ptaflow.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ptaflow bench} as seen from the job jar: the benchmark itself (DuckDB, JMH) is built only by
 * {@code bin/ptaflow bench} with the Maven profile {@code bench}, so that none of it reaches the job jar.
 * {@code bin/ptaflow} hands {@code bench} to {@code org.ptaflow.bench.PtaflowBench}, whose {@code --help} lists
 * its options; reached here, the command says so.
 */
@Command(name = "bench", description = {"The benchmark: the job against a plain loop and DuckDB on the same "
        + "simulated file, one table; 'bench jmh' runs the micro-benchmarks of the hot paths.",
        "Runs from a source checkout only: bin/ptaflow bench [--records N] ... (see bin/ptaflow bench --help); it "
                + "is built with the Maven profile bench and is not part of the job jar."})
final class BenchCommand extends Subcommand {
    @Unmatched
    List<String> ignored = new ArrayList<>();

    @Override
    public Integer call() {
        throw new UnusableSetting("the benchmark runs from a source checkout: bin/ptaflow bench (bin/ptaflow bench "
                + "--help for its options)");
    }
}
