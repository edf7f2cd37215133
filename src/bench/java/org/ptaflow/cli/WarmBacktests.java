package org.ptaflow.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The same backtest several times in one JVM ({@code bin/ptaflow bench --gap}): the first pays what every
 * {@code bin/ptaflow backtest} pays (classes loaded, code compiled while the job runs), the last runs on code the
 * compilers have finished with. The difference is what the JVM's warm-up costs a backtest; the last is what the
 * pipeline costs once warm.
 *
 * <p>Arguments: the number of runs, then the backtest's command line, in which {@code @} in any argument becomes the
 * run's number (its own output folder). Prints one {@code warm backtest} line per run, after the command's own lines.
 */
public final class WarmBacktests {
    private WarmBacktests() {}

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        PrintStream out = System.out;
        int status = 0;
        for (int i = 1; i <= runs && status == 0; i++) {
            String run = Integer.toString(i);
            String[] command = Arrays.stream(args, 1, args.length).map(a -> a.replace("@", run))
                    .toArray(String[]::new);
            long start = System.nanoTime();
            status = PtaflowCommand.execute(command, out, out);
            out.printf("warm backtest %d of %d: %.2f s%n", i, runs, (System.nanoTime() - start) / 1e9);
        }
        out.flush();
        System.exit(status);
    }
}
