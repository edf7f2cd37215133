package org.ptaflow.tariffs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Test fixtures: writes small CSV tables into a temporary folder. */
final class Tables {
    private Tables() {}

    static Path write(Path dir, String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, String.join("\n", lines) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long day(String isoDate) {
        return LocalDate.parse(isoDate).toEpochDay();
    }
}
