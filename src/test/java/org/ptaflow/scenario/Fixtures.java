package org.ptaflow.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

/** Test fixtures: the pk-az scenario folder of the test resources, copied where a test may change it. */
final class Fixtures {
    private Fixtures() {}

    /** The fixture folder on the test class path. */
    static Path fixtureFolder() {
        try {
            return Path.of(Fixtures.class.getResource("/scenarios/pk-az/scenario.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the fixture folder (tables and YAMLs) into {@code dir}. */
    static void copyFixture(Path dir) {
        Path source = fixtureFolder();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's scenario.yaml text. */
    static String scenarioYaml() {
        try {
            return Files.readString(fixtureFolder().resolve("scenario.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long day(String iso) {
        return LocalDate.parse(iso).toEpochDay();
    }
}
