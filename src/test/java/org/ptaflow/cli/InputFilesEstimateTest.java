package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InputFiles#estimatedRecords}: how many records a backtest expects from its files' sizes, which only sizes
 * its duplicate memory. Expected counts come from the files as the test writes them.
 */
class InputFilesEstimateTest {
    @TempDir
    Path dir;

    /** Lines of one length: the estimate is exact (the header counts as a line). */
    @Test
    void linesOfOneLengthAreCountedExactly() throws IOException {
        Path file = dir.resolve("even.csv");
        String line = "x".repeat(49) + "\n";
        Files.writeString(file, line.repeat(100_001));
        assertEquals(100_001, InputFiles.estimatedRecords(List.of(file)));
    }

    /** Lines of 60 to 140 bytes, at random: within 2 % of the lines written. */
    @Test
    void linesOfMixedLengthsAreCountedWithinAFewPercent() throws IOException {
        Random random = new Random(20261206);
        StringBuilder text = new StringBuilder();
        int lines = 200_000;
        for (int i = 0; i < lines; i++) {
            text.append("y".repeat(59 + random.nextInt(81))).append('\n');
        }
        Path file = dir.resolve("mixed.csv");
        Files.writeString(file, text);
        long estimate = InputFiles.estimatedRecords(List.of(file));
        assertTrue(Math.abs(estimate - lines) < lines * 0.02, estimate + " for " + lines);
    }

    /**
     * Files add up; a compressed file (Flink decompresses it by its extension), an empty one and one without a whole
     * line in its first 64 KB add nothing.
     */
    @Test
    void filesAddUpAndThoseWhoseLinesCannotBeCountedAddNothing() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.json");
        Files.writeString(a, "0123456789\n".repeat(1_000));
        Files.writeString(b, "{\"a\":1}\n".repeat(500));
        Path gz = dir.resolve("c.csv.gz");
        Files.write(gz, "0123456789\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII));
        Path empty = dir.resolve("d.csv");
        Files.writeString(empty, "");
        Path oneLongLine = dir.resolve("e.csv");
        Files.writeString(oneLongLine, "z".repeat(70_000) + "\n");
        assertEquals(1_500, InputFiles.estimatedRecords(List.of(a, b, gz, empty, oneLongLine)));
    }
}
