package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the library's maintenance check ({@code python3 scenarios/check_library.py}, scenarios/README.md) as part of
 * the build, so an edit to a list or a table that breaks its documented shape fails a test. The script checks every
 * code against the project's own copy of the HS 2022 nomenclature (a classpath resource of the job, so it is in
 * every clone); skipped only where python3 is absent.
 */
class CheckLibraryScriptTest {
    /** Relative to the project folder, where Maven runs the tests. */
    private static final Path HS_2022 = Path.of("src", "main", "resources", "hs", "hs2022.csv");

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void libraryPassesItsCheck() throws Exception {
        assumeTrue(python3(), "python3 is not installed");
        assertTrue(Files.isRegularFile(HS_2022), HS_2022 + " (the project's HS 2022 nomenclature) is missing");
        Process p = new ProcessBuilder("python3", "scenarios/check_library.py", HS_2022.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "check_library.py did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("scenario library: OK"), output);
    }
}
