package org.ptaflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * {@code bin/ptaflow bench --stages-only} on a tiny file: it runs, and prints a row with a figure for every stage.
 * No timing is asserted (the machine is shared; a figure may even be negative when noise exceeds a stage). Built
 * and run with the bench profile only: {@code mvn -Pbench test -Dtest=BenchStagesTest}.
 */
class BenchStagesTest {
    private static final Path SCENARIO = Path.of("scenarios/pk-az-pta-requests.yaml");
    private static final List<String> STAGES =
            List.of("read", "parse", "shuffle", "duplicates", "rates, taxes, combine", "allocations", "windows");

    @Test
    void stagesOnlyPrintsEveryStageWithItsNanosecondsPerRecord(@TempDir Path dir) throws Exception {
        Scenario scenario = ScenarioLoader.load(SCENARIO);
        CustomsSimulator simulator =
                new CustomsSimulator(SimulatorSettings.defaults(42).withAgreement(scenario.agreement()));
        List<String> lines = new ArrayList<>();
        lines.add(simulator.csvHeader());
        for (long i = 0; i < 3_000; i++) {
            lines.add(simulator.csvLine(i));
        }
        Path csv = dir.resolve("tiny.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);

        Result r = bench("--stages-only", "--input", csv.toString(), "--runs", "1", "--scenario", SCENARIO.toString(),
                "--data", dir.resolve("data").toString());

        assertEquals(0, r.status, r.out);
        // 3,000 lines after the header, one record each: every run must have read them all.
        assertTrue(r.out.contains("Where the time goes: 3,000 records of tiny.csv"), r.out);
        assertTrue(r.out.contains("Method: stage-isolating runs."), r.out);
        assertEveryStageHasFigures(r.out);
    }

    @Test
    void theSimulatorsStagesPrintEveryStageWithItsNanosecondsPerRecord(@TempDir Path dir) throws Exception {
        Result r = bench("--stages-only", "--simulator", "--pipeline-records", "3000", "--runs", "1", "--scenario",
                SCENARIO.toString(), "--data", dir.toString());

        assertEquals(0, r.status, r.out);
        // Every run must have made all 3,000 records (the source's counter, checked across the runs).
        assertTrue(r.out.contains("Where the time goes in the pipeline from the simulator: 3,000 records made directly"),
                r.out);
        assertEveryStageHasFigures(r.out);
    }

    @Test
    void theSimulatorWithoutStagesOnlyIsAUsageError(@TempDir Path dir) throws Exception {
        assertEquals(2, bench("--simulator", "--data", dir.toString()).status);
    }

    @Test
    void inputWithoutStagesOnlyIsAUsageError(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("one.csv"), "declaration_id\n");
        Result r = bench("--input", csv.toString(), "--data", dir.toString());
        assertEquals(2, r.status, r.out);
    }

    /** A row for every stage, with its ns/record, share, job time and records/s. */
    private static void assertEveryStageHasFigures(String out) {
        for (String stage : STAGES) {
            Pattern row = Pattern.compile("(?m)^\\| " + Pattern.quote(stage) + " \\| -?[0-9][0-9,]* \\| -?[0-9]+% \\| "
                    + "[0-9]+\\.[0-9]{2} s \\| [0-9][0-9,]* \\|");
            assertTrue(row.matcher(out).find(), "no row with figures for " + stage + ":\n" + out);
        }
        // Where the CPU went, by thread: a row with figures at least (a tiny job's own task threads may end between
        // two reads of /proc, or spend under a clock tick).
        assertTrue(out.contains("CPU by thread during the whole job"), out);
        Pattern thread = Pattern.compile("(?m)^\\| [^|]+ \\| [0-9]+\\.[0-9]{2} s \\| [0-9][0-9,]* \\| [0-9]+% \\|$");
        assertTrue(thread.matcher(out).find(), "no CPU row of a thread:\n" + out);
    }

    private record Result(int status, String out) {}

    /** Runs the command line in this JVM with its standard output captured. */
    private static Result bench(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            int status = BenchCommand.commandLine().execute(args);
            return new Result(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
