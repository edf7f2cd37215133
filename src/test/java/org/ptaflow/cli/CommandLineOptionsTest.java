package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

import picocli.CommandLine.TypeConversionException;

/**
 * The command line as a user meets it: help for every command, the version, one-line usage errors with exit 2,
 * durations in Flink's forms and ISO-8601, {@code --input} taking several values.
 */
class CommandLineOptionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"run", "backtest", "simulate", "validate", "dashboard", "bench"})
    void everyCommandHasItsHelpOnStandardOutput(String command) throws Exception {
        Cli r = Cli.run(command, "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Usage: ptaflow " + command), r.toString());
        assertEquals("", r.err(), r.toString());
    }

    @Test
    void aBacktestRunsAtHalfTheCoresOrAllOfThemFromFiveScenariosUnlessTheCommandLineSaysOtherwise() {
        java.util.Map<String, String> none = java.util.Map.of();
        assertEquals("1", BacktestCommand.withDefaultParallelism(none, 1, 2).get("parallelism.default"));
        assertEquals("1", BacktestCommand.withDefaultParallelism(none, 4, 2).get("parallelism.default"));
        assertEquals("2", BacktestCommand.withDefaultParallelism(none, 5, 2).get("parallelism.default"));
        assertEquals("2", BacktestCommand.withDefaultParallelism(none, 8, 2).get("parallelism.default"));
        assertEquals("4", BacktestCommand.withDefaultParallelism(none, 1, 8).get("parallelism.default"));
        assertEquals("8", BacktestCommand.withDefaultParallelism(none, 8, 8).get("parallelism.default"));
        assertEquals("1", BacktestCommand.withDefaultParallelism(none, 1, 1).get("parallelism.default"));
        assertEquals("3", BacktestCommand.withDefaultParallelism(java.util.Map.of("parallelism.default", "3"), 8, 2)
                .get("parallelism.default"));
    }

    @Test
    void theOverviewListsEveryCommand() throws Exception {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status(), r.toString());
        for (String command : List.of("run", "backtest", "simulate", "validate", "dashboard", "bench")) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " missing:\n" + r);
        }
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"))
                .getDocumentElement();
        String version = null;
        for (org.w3c.dom.Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                version = e.getTextContent().trim();
            }
        }
        assertNotNull(version);
        Cli r = Cli.run("--version");
        assertEquals(0, r.status(), r.toString());
        assertEquals("ptaflow " + version + "\n", r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "run --foo                    | ptaflow run: unknown option '--foo' (see 'ptaflow run --help')",
            "run --utilization 0.5        | ptaflow run: unknown option '--utilization' (see 'ptaflow run --help')",
            "backtest --no-dashboard      | ptaflow backtest: unknown option '--no-dashboard' (see 'ptaflow backtest --help')",
            "submit                       | ptaflow: unknown command 'submit' (see 'ptaflow --help')",
            "run --out-of-orderness soon  | ptaflow run: invalid value for option '--out-of-orderness': expected a duration such as 10 s, 5 min, 7 d or PT10S, got 'soon' (see 'ptaflow run --help')",
            "backtest --scenario x.yaml   | ptaflow backtest: --input is required (files or globs) (see 'ptaflow backtest --help')",
            "run --dedup-horizon 10       | ptaflow run: invalid value for option '--dedup-horizon': a duration needs its unit (10 s, 5 min, 7 d or PT10S), got '10' (see 'ptaflow run --help')",
            "run --records 0              | ptaflow run: invalid value for option '--records': expected a whole number of at least 1, got '0' (see 'ptaflow run --help')",
            "run --claim-share 2          | ptaflow run: invalid value for option '--claim-share': expected a share between 0 and 1, got '2' (see 'ptaflow run --help')",
            "run --parallelism 0 --records 10 --no-dashboard | ptaflow run: --parallelism must be at least 1, got 0 (see 'ptaflow run --help')"})
    void aUsageErrorIsOneLineAndExitsTwo(String commandLine, String expected) throws Exception {
        Cli r = Cli.run(commandLine.trim().split(" +"));
        assertEquals(2, r.status(), r.toString());
        assertEquals(expected + "\n", r.err(), r.toString());
        assertEquals("", r.out(), r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10 s | PT10S", "5 min | PT5M", "7 d | PT168H", "1h | PT1H",
            "PT10S | PT10S", "P7D | PT168H", "250 ms | PT0.25S"})
    void durationsInFlinksFormsAndIso8601(String given, String expected) {
        assertEquals(Duration.parse(expected), new Conversions.DurationValue().convert(given));
    }

    @Test
    void aDurationThatIsNeitherIsRefused() {
        TypeConversionException e = assertThrows(TypeConversionException.class,
                () -> new Conversions.DurationValue().convert("ten seconds"));
        assertTrue(e.getMessage().contains("'ten seconds'"), e.getMessage());
    }

    @Test
    void durationOptionsParseInBothForms() {
        assertNull(PtaflowCommand.usageProblem("run", "--out-of-orderness", "30 min", "--dedup-horizon", "P2D",
                "--checkpoint-interval", "10 s"));
    }

    @Test
    void inputTakesSeveralValuesUntilTheNextOption() {
        BacktestCommand backtest = new BacktestCommand();
        new picocli.CommandLine(backtest).parseArgs("--input", "a.csv", "b.csv", "--out", "o", "--input", "c.csv");
        assertEquals(List.of("a.csv", "b.csv", "c.csv"), backtest.inputs);
        assertEquals("o", backtest.out.toString());
    }

    @Test
    void theClaimShareIsTheSimulatorsOption() {
        RunCommand run = new RunCommand();
        new picocli.CommandLine(run).parseArgs("--claim-share", "0.4", "--records", "1_000");
        assertEquals(0.4, run.live.simulator.claimShare);
        assertEquals(1000L, run.live.simulator.records);
    }

    @Test
    void flinkSettingsPassThrough() {
        RunCommand run = new RunCommand();
        new picocli.CommandLine(run).parseArgs("-D", "pipeline.object-reuse=false", "-Dstate.backend.type=rocksdb",
                "--parallelism", "3");
        assertEquals(java.util.Map.of("pipeline.object-reuse", "false", "state.backend.type", "rocksdb",
                "parallelism.default", "3"), run.live.flink.settings());
    }
}
