package org.ptaflow.cli;

/** Test access to the package-private command-line checks, for tests outside {@code org.ptaflow.cli}. */
public final class ComposeArgs {
    private ComposeArgs() {}

    /** {@link PtaflowCommand#usageProblem}: null when the {@code bin/ptaflow} command line parses, else the problem. */
    public static String usageProblem(String... args) {
        return PtaflowCommand.usageProblem(args);
    }

    /** {@link PtaflowJob#usageProblem}: the same for the job jar's cluster entry point ({@code flink run}). */
    public static String jobUsageProblem(String... args) {
        return PtaflowJob.usageProblem(args);
    }
}
