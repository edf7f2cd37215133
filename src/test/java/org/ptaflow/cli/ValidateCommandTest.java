package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ptaflow validate} (contract §5): exit 0 and a description on every scenario of the library, exit 2 with
 * file, field and problem on a broken one, exit 2 on bad usage. The library is listed at test time, so a new
 * {@code scenarios/*.yaml} is covered without editing this class; what the output must say (directions, line
 * counts, staging dates) is read from the YAML and the list CSVs here, independently of the loader.
 */
class ValidateCommandTest {
    private static final Path LIBRARY = Paths.get("scenarios");
    private static final String REQUESTS = "pk-az-pta-requests.yaml";

    @TempDir
    Path dir;

    static List<Path> libraryScenarios() throws IOException {
        try (Stream<Path> files = Files.list(LIBRARY)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void libraryHasAtLeastThreeScenarios() throws IOException {
        List<Path> all = libraryScenarios();
        assertTrue(all.size() >= 3, "scenarios/*.yaml: " + all);
        assertTrue(all.contains(LIBRARY.resolve(REQUESTS)), "scenarios/*.yaml: " + all);
    }

    /** Data rows of a CSV with a header (the library's lists hold no multi-line fields). */
    private static int dataRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("hs_prefix"), csv + " header: " + lines.get(0));
        return (int) lines.stream().skip(1).filter(l -> !l.isBlank()).count();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraryScenarios")
    void everyLibraryScenarioIsValid(Path yaml) throws Exception {
        Cli r = Cli.run("validate", "--scenario", yaml.toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        assertTrue(r.out().strip().endsWith("valid"), r.toString());

        JsonNode root = new YAMLMapper().readTree(yaml.toFile());
        String id = root.get("id").asText();
        assertTrue(r.out().contains(id), "id " + id + " not in\n" + r);

        JsonNode concessions = root.get("concessions");
        List<String> directions = new ArrayList<>();
        for (int i = 0; i < concessions.size(); i++) {
            JsonNode c = concessions.get(i);
            String direction = c.get("importer").asText() + " ← " + c.get("beneficiary").asText();
            directions.add(direction);
            int lines = dataRows(yaml.getParent().resolve(c.get("lines").asText()));
            // The concession's line of the description: "[i] IMP ← BEN: N lines (...), rule, staging: ..."
            Matcher m = Pattern.compile("(?m)^.*\\[" + i + "\\] " + Pattern.quote(direction) + ": " + lines
                    + " lines\\b.*$").matcher(r.out());
            assertTrue(m.find(), "no '[" + i + "] " + direction + ": " + lines + " lines' in\n" + r);
            String line = m.group();
            JsonNode staging = c.get("staging");
            if (staging != null) {
                for (JsonNode step : staging) {
                    String from = step.get("from").asText();
                    assertTrue(line.contains(from), "staging date " + from + " not in: " + line);
                }
            }
        }
        // Both directions of the bilateral agreement are described.
        assertTrue(directions.contains("PAK ← AZE") && directions.contains("AZE ← PAK"), yaml + ": " + directions);
    }

    @Test
    void requestsScenarioHasTheDocumentedListSizes() throws Exception {
        // scenarios/README.md: AZE→PAK 103 lines, PAK→AZE 84 lines; counted from the CSVs, then seen in the output.
        assertEquals(103, dataRows(LIBRARY.resolve("lists/aze-offer-to-pak.csv")));
        assertEquals(84, dataRows(LIBRARY.resolve("lists/pak-offer-to-aze.csv")));
        Cli r = Cli.run("validate", "--scenario", LIBRARY.resolve(REQUESTS).toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("pk-az-pta-requests"), r.toString());
        assertTrue(r.out().contains("PAK ← AZE: 84 lines"), r.toString());
        assertTrue(r.out().contains("AZE ← PAK: 103 lines"), r.toString());
        for (String date : List.of("2024-07-01", "2025-07-01", "2026-07-01")) {
            assertTrue(r.out().contains(date), date + " not in\n" + r);
        }
    }

    @Test
    void severalScenariosInOneCall() throws Exception {
        List<Path> all = libraryScenarios();
        List<String> args = new ArrayList<>(List.of("validate"));
        for (Path p : all) {
            args.add("--scenario");
            args.add(p.toString());
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        for (Path p : all) {
            assertTrue(r.out().contains(p.getFileName().toString().replace(".yaml", "")), p + " not in\n" + r);
        }
    }

    // ---- broken scenarios: each a copy of the requests scenario with one edit ----

    /** Copies the whole library (YAML files and tables) into the temporary folder. */
    private void copyLibrary() throws IOException {
        try (Stream<Path> walk = Files.walk(LIBRARY)) {
            for (Path p : walk.toList()) {
                Path target = dir.resolve(LIBRARY.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Replaces the first occurrence of {@code from} (which must be there) by {@code to} in {@code rel}. */
    private void edit(String rel, String from, String to) throws IOException {
        Path file = dir.resolve(rel);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int at = text.indexOf(from);
        assertTrue(at >= 0, rel + " lacks: " + from);
        Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()),
                StandardCharsets.UTF_8);
    }

    /** Appends one row to a table; returns its line number (1 = header). */
    private int appendRow(String rel, String row) throws IOException {
        Path file = dir.resolve(rel);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), rel + " does not end with a newline");
        Files.writeString(file, text + row + "\n", StandardCharsets.UTF_8);
        return (int) text.chars().filter(c -> c == '\n').count() + 1;
    }

    private Cli validateCopy() throws Exception {
        return Cli.run("validate", "--scenario", dir.resolve(REQUESTS).toString());
    }

    @Test
    void unchangedCopyIsValid() throws Exception {
        copyLibrary();
        Cli r = validateCopy();
        assertEquals(0, r.status(), r.toString());
    }

    record Broken(String name, String file, String from, String to, String field, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Broken> brokenScenarios() {
        String y = REQUESTS;
        return Stream.of(
                new Broken("missing id", y, "\nid: pk-az-pta-requests\n", "\n", "id", "is required"),
                new Broken("id with upper case", y, "id: pk-az-pta-requests", "id: PK-AZ-PTA-Requests", "id",
                        "'PK-AZ-PTA-Requests' must match [a-z0-9-]+"),
                new Broken("agreement missing", y, "agreement: PK-AZ-PTA\n", "", "agreement", "is required"),
                new Broken("mfn file that does not exist", y, "PAK: tariffs/pak-mfn.csv", "PAK: tariffs/pak-mfm.csv",
                        "mfn.PAK", "file tariffs/pak-mfm.csv does not exist"),
                new Broken("margin of preference 1.5", y, "margin_of_preference: 0.5", "margin_of_preference: 1.5",
                        "concessions[0].rule.margin_of_preference", "1.5 is outside 0..1"),
                new Broken("two rules in one concession", y, "{ margin_of_preference: 0.5 }",
                        "{ margin_of_preference: 0.5, new_rate: 0 }", "concessions[0].rule",
                        "gives 2 rules [margin_of_preference, new_rate]; give exactly one"),
                new Broken("window size year", y, "size: month", "size: year", "windows.size",
                        "'year' is not day, week or month"),
                new Broken("allowed lateness 7 days", y, "allowed_lateness: P7D", "allowed_lateness: 7 days",
                        "windows.allowed_lateness", "'7 days' is not an ISO-8601 duration"),
                new Broken("utilization 1.5", y, "utilization: 0.8", "utilization: 1.5", "utilization",
                        "1.5 is outside 0..1"),
                new Broken("concession importer not in mfn", y, "- importer: PAK", "- importer: TUR",
                        "concessions[0].importer", "TUR is not a key of mfn [AZE, PAK]"),
                new Broken("unknown top-level key", y, "\nutilization:", "\ncolour: blue\nutilization:", "colour",
                        "unknown key"),
                new Broken("import demand default positive", y, "default: -1.5", "default: 1.5",
                        "elasticities.import_demand.default", "1.5 is not negative"),
                new Broken("lines file that does not exist", y, "lines: lists/aze-offer-to-pak.csv",
                        "lines: lists/nope.csv", "concessions[1].lines", "file lists/nope.csv does not exist"),
                new Broken("staging dates out of order", y, "{ from: 2025-07-01, fraction: 0.67 }",
                        "{ from: 2024-01-01, fraction: 0.67 }", "concessions[0].staging[1].from",
                        "2024-01-01 is not after the previous date 2024-07-01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScenarios")
    void brokenScenarioIsRefusedWithFileFieldAndProblem(Broken b) throws Exception {
        copyLibrary();
        edit(b.file(), b.from(), b.to());
        Cli r = validateCopy();
        assertEquals(2, r.status(), r.toString());
        Path yaml = dir.resolve(REQUESTS);
        assertTrue(r.err().contains(yaml.toString()), "file not named\n" + r);
        assertTrue(r.err().contains(": " + b.field() + ": "), "field " + b.field() + " not named\n" + r);
        assertTrue(r.err().contains(b.problem()), "problem '" + b.problem() + "' not said\n" + r);
        // The loader's format, whole: <file>: <field>: <problem>
        assertTrue(r.err().contains(yaml + ": " + b.field() + ": " + b.problem()), r.toString());
        assertFalse(r.out().contains("valid"), r.toString());
    }

    @Test
    void overlappingMfnRowIsRefused() throws Exception {
        copyLibrary();
        // PAK,01,3,2022-01-01, (open) is on line 2; a second open row for chapter 01 overlaps it.
        int line = appendRow("tariffs/pak-mfn.csv", "PAK,01,5,2023-01-01,");
        Cli r = validateCopy();
        assertEquals(2, r.status(), r.toString());
        Path table = dir.resolve("tariffs/pak-mfn.csv");
        assertTrue(r.err().contains(table + ":" + line + ": "), "table and line not named\n" + r);
        assertTrue(r.err().contains("importer PAK prefix 01"), "row key not named\n" + r);
        assertTrue(r.err().contains("validity overlaps the row on line 2"), r.toString());
    }

    @Test
    void duplicateFxRowIsRefused() throws Exception {
        copyLibrary();
        int line = appendRow("tariffs/fx.csv", "PKR,2023-01-01,0.0044");
        Cli r = validateCopy();
        assertEquals(2, r.status(), r.toString());
        Path table = dir.resolve("tariffs/fx.csv");
        assertTrue(r.err().contains(table + ":" + line + ": "), "table and line not named\n" + r);
        assertTrue(r.err().contains("a rate for PKR on 2023-01-01 is already on line 2"), r.toString());
    }

    @Test
    void samePrefixInTwoConcessionsOfOnePairIsRefused() throws Exception {
        copyLibrary();
        // A second PAK ← AZE concession on the same list: every prefix is in both.
        edit(REQUESTS, "  - importer: AZE\n", "  - importer: PAK\n    beneficiary: AZE\n"
                + "    lines: lists/pak-phase1-to-aze.csv\n    rule: { new_rate: 0 }\n  - importer: AZE\n");
        Cli r = validateCopy();
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains(dir.resolve(REQUESTS) + ": concessions[1].lines: prefix "), r.toString());
        assertTrue(r.err().contains("is also in concessions[0]"), r.toString());
    }

    // ---- usage errors ----

    @Test
    void noCommand() throws Exception {
        Cli r = Cli.run();
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("Usage: ptaflow"), r.toString());
    }

    @Test
    void unknownCommand() throws Exception {
        Cli r = Cli.run("valdiate", "--scenario", LIBRARY.resolve(REQUESTS).toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("ptaflow: unknown command 'valdiate' (see 'ptaflow --help')\n", r.err(), r.toString());
    }

    @Test
    void unknownOption() throws Exception {
        Cli r = Cli.run("validate", "--scenario", LIBRARY.resolve(REQUESTS).toString(), "--strict");
        assertEquals(2, r.status(), r.toString());
        assertEquals("ptaflow validate: unknown option '--strict' (see 'ptaflow validate --help')\n", r.err(),
                r.toString());
        assertFalse(r.out().contains("valid"), r.toString());
    }

    @Test
    void validateWithoutScenario() throws Exception {
        Cli r = Cli.run("validate");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--scenario is required"), r.toString());
    }

    @Test
    void scenarioOptionWithoutValue() throws Exception {
        Cli r = Cli.run("validate", "--scenario");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("missing required parameter for option '--scenario'"), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
    }

    @Test
    void missingScenarioFile() throws Exception {
        Path missing = dir.resolve("no-such-scenario.yaml");
        Cli r = Cli.run("validate", "--scenario", missing.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains(missing + ": file does not exist"), r.toString());
        assertFalse(r.out().contains("valid"), r.toString());
    }

    @Test
    void oneBadScenarioAmongSeveralFailsTheCall() throws Exception {
        Path missing = dir.resolve("no-such-scenario.yaml");
        Cli r = Cli.run("validate", "--scenario", LIBRARY.resolve(REQUESTS).toString(), "--scenario",
                missing.toString());
        assertEquals(2, r.status(), r.toString());
        assertFalse(r.out().contains("valid"), r.toString());
    }

    @Test
    void twoScenariosWithOneIdAreRefused() throws Exception {
        Path yaml = LIBRARY.resolve(REQUESTS);
        Cli r = Cli.run("validate", "--scenario", yaml.toString(), "--scenario", yaml.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("two scenarios with id 'pk-az-pta-requests'"), r.toString());
    }
}
