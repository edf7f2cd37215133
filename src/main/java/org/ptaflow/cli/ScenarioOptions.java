package org.ptaflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;

import picocli.CommandLine.Option;

/** {@code --scenario FILE}, repeatable: the scenarios a command evaluates, loaded and checked before any job. */
final class ScenarioOptions {
    static final String DEFAULT_SCENARIO = "scenarios/pk-az-pta-requests.yaml";

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "A scenario file; repeat it to evaluate several side by side from one read of the records.")
    List<String> files = new ArrayList<>();

    /** The scenarios given; with none, the request-lists scenario where a default is allowed, else a usage error. */
    List<Scenario> load(boolean defaultAllowed) throws Exception {
        List<String> names = files;
        if (names.isEmpty()) {
            if (!defaultAllowed) {
                throw new UsageError("--scenario is required");
            }
            names = List.of(defaultScenario().toString());
        }
        List<Scenario> scenarios = new ArrayList<>();
        // Loaded together: scenarios naming the same national table share it (ScenarioLoader.loadAll).
        for (Scenario s : ScenarioLoader.loadAll(names.stream().map(Paths::get).toList())) {
            for (Scenario earlier : scenarios) {
                if (earlier.id().equals(s.id())) {
                    throw new UsageError("two scenarios with id '" + s.id() + "': " + earlier.file() + " and "
                            + s.file());
                }
            }
            scenarios.add(s);
        }
        return scenarios;
    }

    /** The request-lists scenario, found from the working folder or from the installation (PTAFLOW_HOME). */
    static Path defaultScenario() {
        Path here = Paths.get(DEFAULT_SCENARIO);
        String home = System.getenv("PTAFLOW_HOME");
        if (!Files.exists(here) && home != null) {
            return Paths.get(home).resolve(DEFAULT_SCENARIO);
        }
        return here;
    }
}
