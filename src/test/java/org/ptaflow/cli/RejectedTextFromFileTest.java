package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest reads the text of a plain line the join rejects again in its file (instead of sending it through the
 * shuffle): {@code rejected.csv} holds each such line exactly as the file has it, after a byte-order mark, with CRLF
 * and LF line ends and around the records that do cross with their text (quoted, not ASCII); and the same file
 * gzipped, whose offsets are not the file's, gives the same texts.
 */
class RejectedTextFromFileTest {
    private static final String HEADER = "declaration_id,item_no,registered_at,importer,origin,consignment,hs_code,"
            + "procedure,customs_value,currency,quantity,unit,preference,duty_collected";

    @TempDir
    Path dir;

    @Test
    void theJoinsRejectionsCarryTheirLinesAsTheFileHasThem() throws Exception {
        // XYZ has no FX rate: each of these is rejected by the join (no_fx_rate); USD lines are accepted.
        List<String> lines = List.of(
                "R1,1,2024-01-05T10:00:00Z,AZE,PAK,,10063010,home_use,10,XYZ,100,kg,TEST-PTA,",
                "A1,1,2024-01-05T10:00:00Z,AZE,PAK,,10063010,home_use,10,USD,100,kg,TEST-PTA,",
                "R2,1,2024-01-06T10:00:00Z,AZE,PAK,,10063010,home_use,12.5,XYZ,100,kg,TEST-PTA,",
                "\"R3\",1,2024-01-06T10:00:00Z,AZE,PAK,,10063010,home_use,13,XYZ,100,kg,TEST-PTA,",
                "RÄ4,1,2024-01-07T10:00:00Z,AZE,PAK,,10063010,home_use,14,XYZ,100,kg,TEST-PTA,",
                "R5,1,2024-01-08T10:00:00Z,AZE,PAK,,10063010,home_use,15,XYZ,100,kg,TEST-PTA,");
        StringBuilder file = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        Map<String, String> expected = new TreeMap<>(); // line number -> text
        for (int i = 0; i < lines.size(); i++) {
            file.append(lines.get(i)).append(i % 2 == 0 ? "\r\n" : "\n");
            if (lines.get(i).contains("XYZ")) {
                expected.put(Integer.toString(i + 2), lines.get(i));
            }
        }
        file.append(lines.get(0).replace("R1,", "R6,")); // the last line, without a line break
        expected.put(Integer.toString(lines.size() + 2), lines.get(0).replace("R1,", "R6,"));
        Path plain = dir.resolve("bom-crlf.csv");
        Files.write(plain, file.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, rejectedTexts(plain, "plain"));

        Path gzipped = dir.resolve("bom-crlf.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(file.toString().getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(expected, rejectedTexts(gzipped, "gzipped"));
    }

    private Map<String, String> rejectedTexts(Path input, String name) throws Exception {
        Path scenario = Paths.get(getClass().getResource("/pipeline/test-pta.yaml").toURI());
        Path out = dir.resolve("out-" + name);
        Cli run = Cli.run("backtest", "--scenario", scenario.toString(), "--input", input.toString(), "--out",
                out.toString());
        assertEquals(0, run.status(), run.toString());
        Map<String, String> texts = new TreeMap<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(out.resolve("rejected.csv").toFile())) {
            while (rows.hasNext()) {
                Map<String, String> r = rows.next();
                assertEquals("no_fx_rate", r.get("reason"), r.toString());
                texts.put(r.get("line"), r.get("original_text"));
            }
        }
        return texts;
    }
}
