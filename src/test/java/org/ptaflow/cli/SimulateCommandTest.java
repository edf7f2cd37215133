package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptaflow simulate} (contract §5): N records to a file, deterministic in the seed, CSV or JSON Lines.
 * The contract's form names the scenario ({@code --scenario F}); the library's requests scenario is used.
 */
class SimulateCommandTest {
    private static final String SCENARIO = "scenarios/pk-az-pta-requests.yaml";
    /** Contract §1: the fields every record must carry. */
    private static final List<String> REQUIRED = List.of("declaration_id", "item_no", "registered_at", "importer",
            "origin", "hs_code", "customs_value");

    @TempDir
    Path dir;

    private Cli simulate(Path out, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("simulate", "--scenario", SCENARIO, "--records",
                "1000", "--seed", "7", "--out", out.toString()));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void csvHasAHeaderAndOneLinePerRecord() throws Exception {
        Path file = dir.resolve("records.csv");
        Cli r = simulate(file);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("wrote 1,000 simulated records (seed 7)"), r.toString());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1001, lines.size());
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertTrue(header.containsAll(REQUIRED), "header " + header);
        for (int i = 1; i < lines.size(); i++) {
            assertFalse(lines.get(i).isBlank(), "line " + (i + 1) + " is blank");
            assertFalse(lines.get(i).startsWith("declaration_id"), "header repeated on line " + (i + 1));
        }
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        assertEquals(0, simulate(a).status());
        assertEquals(0, simulate(b).status());
        assertEquals(0, Cli.run("simulate", "--scenario", SCENARIO, "--records", "1000", "--seed", "8", "--out",
                c.toString()).status());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "seed 8 wrote what seed 7 wrote");
    }

    @Test
    void jsonWritesOneObjectPerLine() throws Exception {
        Path file = dir.resolve("records.out");
        Cli r = simulate(file, "--format", "json");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1000, lines.size());
        ObjectMapper json = new ObjectMapper();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = json.readTree(lines.get(i));
            assertTrue(node != null && node.isObject(), "line " + (i + 1) + " is not a JSON object: " + lines.get(i));
            for (String field : REQUIRED) {
                assertTrue(node.hasNonNull(field), "line " + (i + 1) + " lacks " + field + ": " + lines.get(i));
            }
            keys.add(node.get("declaration_id").asText() + "#" + node.get("item_no").asText());
        }
        // No duplicates were asked for (--duplicate-share defaults to 0).
        assertEquals(1000, keys.size());
    }

    @Test
    void jsonAndCsvCarryTheSameRecords() throws Exception {
        Path csv = dir.resolve("records.csv");
        Path jsonl = dir.resolve("records.jsonl"); // the format follows the extension
        assertEquals(0, simulate(csv).status());
        assertEquals(0, simulate(jsonl).status());
        List<String> csvLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> jsonLines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertEquals(csvLines.size() - 1, jsonLines.size());
        List<String> header = Arrays.asList(csvLines.get(0).split(","));
        int id = header.indexOf("declaration_id");
        int hs = header.indexOf("hs_code");
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < jsonLines.size(); i++) {
            String[] cells = csvLines.get(i + 1).split(",", -1);
            JsonNode node = json.readTree(jsonLines.get(i));
            assertEquals(cells[id], node.get("declaration_id").asText(), "record " + i);
            assertEquals(cells[hs], node.get("hs_code").asText(), "record " + i);
        }
    }

    @Test
    void recordsMissing() throws Exception {
        Path file = dir.resolve("records.csv");
        Cli r = Cli.run("simulate", "--scenario", SCENARIO, "--seed", "7", "--out", file.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--records is required"), r.toString());
        assertFalse(Files.exists(file), "a file was written without --records");
    }

    @Test
    void recordsNotANumber() throws Exception {
        Cli r = Cli.run("simulate", "--scenario", SCENARIO, "--records", "many", "--seed", "7", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("'--records'") && r.err().contains("expected a whole number, got 'many'"),
                r.toString());
    }

    @Test
    void unknownFormat() throws Exception {
        Cli r = simulate(dir.resolve("x.csv"), "--format", "xml");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--format is csv or json"), r.toString());
    }
}
