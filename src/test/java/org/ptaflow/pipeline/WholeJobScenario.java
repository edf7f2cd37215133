package org.ptaflow.pipeline;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The whole-job test scenario ({@code src/test/resources/pipeline/test-pta.yaml}) as a starting point for tests that
 * extend it (taxes, quotas, another lateness): its tables copied into a folder of the test's, where the extended
 * YAML is written beside them.
 */
public final class WholeJobScenario {
    private static final List<String> TABLES = List.of("mfn.csv", "fx.csv", "aze-rice.csv", "aze-linen.csv",
            "pak-offer.csv");

    private WholeJobScenario() {}

    /**
     * Copies the scenario's tables into {@code dir} (those already there are kept: a test may have changed them)
     * and returns the scenario's YAML text, to be extended and written into {@code dir}.
     */
    public static String copyInto(Path dir) throws IOException {
        Path resources;
        try {
            resources = Paths.get(WholeJobScenario.class.getResource("/pipeline/test-pta.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(dir);
        for (String table : TABLES) {
            if (!Files.exists(dir.resolve(table))) {
                Files.copy(resources.resolve(table), dir.resolve(table));
            }
        }
        return Files.readString(resources.resolve("test-pta.yaml"));
    }
}
