package org.ptaflow.cli;


import org.ptaflow.scenario.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ptaflow validate}: checks scenarios and their tables and prints a one-screen summary of each. */
@Command(name = "validate",
        description = "Checks scenarios and their tables; prints a one-screen summary of each. Exit 0 when valid, "
                + "2 with 'file: field: problem' otherwise.")
final class ValidateCommand extends Subcommand {
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
