package org.ptaflow.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.ptaflow.scenario.ScenarioException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code bin/ptaflow}, the one entry point of contract §5 on this machine: one class per command, each option
 * declared once with its default and help. Exit status: 0 success; 2 bad usage, an invalid scenario, or a setting
 * found unusable before the job starts (a missing Kafka topic); 1 job failure. On a cluster the job's entry point
 * is {@link PtaflowJob} instead, which has none of this client's conveniences (dashboard, progress line, exit).
 */
@Command(name = "ptaflow", mixinStandardHelpOptions = true, versionProvider = Version.class, abbreviateSynopsis = true,
        // --help, --version and the synopsis style hold for every command below (picocli's inherited attributes).
        scope = ScopeType.INHERIT,
        description = "Streams customs records through preferential trade agreement scenarios: utilisation, revenue "
                + "forgone, SMART trade creation and diversion.",
        subcommands = {RunCommand.class, BacktestCommand.class, EvaluateCommand.class, SimulateCommand.class, ValidateCommand.class,
                DashboardCommand.class, BenchCommand.class},
        footer = {"", "Exit status: 0 success, 2 bad usage / invalid scenario / unusable setting, 1 job failure.",
                "'ptaflow COMMAND --help' describes a command's options."})
public final class PtaflowCommand implements Callable<Integer> {
    /** Where commands print: messages and progress to {@code err}, a command's product (rows, summaries) to out. */
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        // No command: the overview, on standard error (the command line was incomplete).
        new CommandLine(this).usage(err);
        return 2;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = execute(args, System.out, System.err);
        } catch (Throwable t) {
            System.err.println("ptaflow: job failed: " + t);
            t.printStackTrace(System.err);
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /** Runs a command line with these streams and returns its exit status (tests call it in-process). */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        PtaflowCommand top = new PtaflowCommand();
        top.out = out;
        top.err = err;
        return commandLine(top).execute(args);
    }

    /** The command tree with ptaflow's error reporting: one line for a usage error, exit codes of contract §5. */
    static CommandLine commandLine(Object command) {
        PrintStream out = command instanceof PtaflowCommand p ? p.out : System.out;
        PrintStream err = command instanceof PtaflowCommand p ? p.err : System.err;
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, args) -> {
            err.println(usageLine(e));
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            if (e instanceof UsageError) {
                err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
                return 2;
            }
            if (e instanceof UnusableSetting) {
                err.println(name + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof ScenarioException) {
                err.println(name + ": invalid scenario: " + e.getMessage());
                return 2;
            }
            if (FlinkJob.stopping()) {
                // Ctrl-C or TERM: the shutdown hook cancelled the job, and waiting for it ended with that
                // cancellation. The JVM is already shutting down (it usually ends by the signal, exit 143).
                err.println(name + ": stopped (the job was cancelled)");
                return 130;
            }
            err.println(name + ": job failed: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cl;
    }

    /** A usage error in one line: what is wrong, and where the help is. */
    public static String usageLine(ParameterException e) {
        CommandLine at = e.getCommandLine();
        String name = at.getCommandSpec().qualifiedName();
        String problem = e.getMessage();
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (u.isUnknownOption()) {
                problem = "unknown option '" + first + "'";
            } else if (at.getCommandSpec().subcommands().size() > 0 && at.getParseResult() != null
                    && !at.getParseResult().hasSubcommand()) {
                problem = "unknown command '" + first + "'";
            } else {
                problem = "unexpected argument '" + first + "'";
            }
        } else if (problem != null && !problem.isEmpty()) {
            problem = Character.toLowerCase(problem.charAt(0)) + problem.substring(1);
        }
        return name + ": " + problem + " (see '" + name + " --help')";
    }

    /**
     * Checks a command line without running it: null when it parses, else the usage problem. For files that hold
     * command lines (the compose file's and the deployment's tests).
     */
    static String usageProblem(String... args) {
        try {
            ParseResult parsed = new CommandLine(new PtaflowCommand()).parseArgs(args);
            if (!parsed.hasSubcommand()) {
                return "no command";
            }
            return null;
        } catch (ParameterException e) {
            return usageLine(e);
        }
    }

}
