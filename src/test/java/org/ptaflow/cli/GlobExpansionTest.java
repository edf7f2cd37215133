package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InputFiles#expand}: the {@code --input PATH...} of backtest and run, globs allowed (contract §5). */
class GlobExpansionTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        for (String f : List.of("a.csv", "b.csv", "notes.txt", "2024/part-1.csv", "2024/part-2.csv",
                "2024/other.csv", "2025/part-1.csv", "2025/deep/part-9.csv")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x\n");
        }
    }

    private static List<Path> expand(String... patterns) throws Exception {
        return InputFiles.expand(List.of(patterns));
    }

    @Test
    void globInTheLastSegment() throws Exception {
        assertEquals(List.of(dir.resolve("a.csv"), dir.resolve("b.csv")), expand(dir + "/*.csv"));
    }

    @Test
    void globInAFolderSegment() throws Exception {
        // '*' does not cross '/': 2025/deep/part-9.csv is not matched, nor 2024/other.csv.
        assertEquals(List.of(dir.resolve("2024/part-1.csv"), dir.resolve("2024/part-2.csv"),
                dir.resolve("2025/part-1.csv")), expand(dir + "/*/part-*.csv"));
    }

    @Test
    void relativeGlob() throws Exception {
        // Relative to the working folder (the project when tests run).
        assertEquals(List.of(Paths.get("scenarios/lists/aze-phase1-to-pak.csv"),
                        Paths.get("scenarios/lists/pak-phase1-to-aze.csv")),
                expand("scenarios/lists/*-phase1-*.csv"));
    }

    @Test
    void plainPathIsKeptAsGiven() throws Exception {
        assertEquals(List.of(dir.resolve("notes.txt")), expand(dir.resolve("notes.txt").toString()));
    }

    @Test
    void severalPatternsKeepTheirOrder() throws Exception {
        assertEquals(List.of(dir.resolve("notes.txt"), dir.resolve("a.csv"), dir.resolve("b.csv")),
                expand(dir.resolve("notes.txt").toString(), dir + "/[ab].csv"));
    }

    @Test
    void noMatchIsAUsageError() {
        UsageError e = assertThrows(UsageError.class, () -> expand(dir + "/*.json"));
        assertTrue(e.getMessage().contains("no input file matches " + dir + "/*.json"), e.getMessage());
    }

    @Test
    void globUnderAMissingFolderIsAUsageError() {
        String pattern = dir + "/2026/*.csv";
        UsageError e = assertThrows(UsageError.class, () -> expand(pattern));
        assertTrue(e.getMessage().contains(pattern), e.getMessage());
    }

    @Test
    void missingPlainFileIsAUsageError() {
        String missing = dir.resolve("c.csv").toString();
        UsageError e = assertThrows(UsageError.class, () -> expand(missing));
        assertTrue(e.getMessage().contains("input file not found: " + missing), e.getMessage());
    }

    @Test
    void backtestWithAnUnmatchedGlobExitsTwo() throws Exception {
        Cli r = Cli.run("backtest", "--scenario", "scenarios/pk-az-pta-requests.yaml", "--input", dir + "/*.json",
                "--out", dir.resolve("out").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("no input file matches"), r.toString());
    }
}
