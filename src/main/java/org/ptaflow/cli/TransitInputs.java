package org.ptaflow.cli;

import java.nio.file.Path;
import java.util.List;

import org.ptaflow.scenario.Scenario;

/** Checks on {@code --transit-input} before a job starts: transit events need a scenario that watches transit. */
final class TransitInputs {
    private TransitInputs() {}

    static void check(List<Path> transitFiles, List<Scenario> scenarios) {
        if (!transitFiles.isEmpty() && scenarios.stream().noneMatch(s -> s.transit() != null)) {
            throw new UsageError("--transit-input needs a scenario with a transit: section (territory, partners,"
                    + " time_limits); " + scenarios.stream().map(Scenario::id).toList() + " have none");
        }
    }
}
