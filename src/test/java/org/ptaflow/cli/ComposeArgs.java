package org.ptaflow.cli;

/** Test access to the package-private command-line check, for tests outside {@code org.ptaflow.cli}. */
public final class ComposeArgs {
    private ComposeArgs() {}

    /** {@link PtaflowCommand#usageProblem}: null when the command line parses, else the problem. */
    public static String usageProblem(String... args) {
        return PtaflowCommand.usageProblem(args);
    }
}
