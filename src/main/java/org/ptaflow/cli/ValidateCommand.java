package org.ptaflow.cli;

import java.util.concurrent.Callable;

import org.ptaflow.scenario.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code ptaflow validate}: checks scenarios and their tables and prints a one-screen summary of each. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class, abbreviateSynopsis = true,
        description = "Checks scenarios and their tables; prints a one-screen summary of each. Exit 0 when valid, "
                + "2 with 'file: field: problem' otherwise.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    PtaflowCommand ptaflow;

    @Mixin
    ScenarioOptions scenarios;

    @Override
    public Integer call() throws Exception {
        for (Scenario s : scenarios.load(false)) {
            ptaflow.out.println(s.describe());
            ptaflow.out.println();
        }
        ptaflow.out.println("valid");
        return 0;
    }
}
