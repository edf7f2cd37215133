package org.ptaflow.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code bin/ptaflow ARGS} in-process, output discarded, for tests outside this package: the exit status. */
public final class CommandLine {
    private CommandLine() {}

    public static int run(String... args) throws Exception {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
            return PtaflowCommand.execute(args, quiet, quiet);
        }
    }
}
