package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ptaflow evaluate}: its usage errors, and the same accounting as {@code backtest} over the same file (a
 * rejected record and a duplicate counted the same way; the summary's identity holds).
 */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    static final String SCENARIO = "src/test/resources/pipeline/test-pta.yaml";

    /** Rice into AZE from PAK (MFN 20 %, the concession 0 %) before and after 2024-07-01, a bad record, a copy. */
    static final List<String> RECORDS = List.of(
            "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,currency,preference",
            "B1,1,2024-02-10,AZE,PAK,100630,100,USD,",
            "B2,1,2024-03-10,AZE,IND,100630,900,USD,",
            "B3,1,2024-05-10,AZE,PAK,100630,100,USD,",
            "B3,1,2024-05-10,AZE,PAK,100630,100,USD,",
            "B4,1,2024-05-11,AZE,PAK,10063,5,USD,",
            "O1,1,2024-08-10,AZE,PAK,100630,300,USD,TEST-PTA",
            "O2,1,2024-09-10,AZE,IND,100630,800,USD,");

    private int evaluate(String... extra) throws Exception {
        Path input = Files.write(dir.resolve("records.csv"), RECORDS);
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--scenario", SCENARIO, "--input",
                input.toString(), "--out", dir.resolve("eval").toString()));
        args.addAll(List.of(extra));
        return CommandLine.run(args.toArray(String[]::new));
    }

    @Test
    void theEntryIntoForceIsTheFirstDayOfAMonth() throws Exception {
        assertEquals(2, evaluate("--entry-into-force", "2024-07-15", "--months", "6"));
        assertEquals(2, evaluate("--entry-into-force", "July 2024", "--months", "6"));
        assertEquals(2, evaluate("--months", "6"), "required");
        assertEquals(2, evaluate("--entry-into-force", "2024-07-01", "--months", "0"));
        assertEquals(2, evaluate("--entry-into-force", "2024-07-01", "--months", "3"), "odd: no equal halves");
    }

    @Test
    void aClaimOnAQuotaIsRejectedWhereABacktestRejectsIt() throws Exception {
        // The test scenario's linen concession (630260) is staged from 2024-02-15; a quota on it counts kg. With the
        // entry into force on 2024-02-01 the evaluation's rates are those of that day (not yet in force), but a claim
        // without quantity on 2024-03-01 is a claim on the quota for a backtest, so it is rejected here too.
        String yaml = org.ptaflow.pipeline.WholeJobScenario.copyInto(dir)
                + "quotas:\n  - { id: linen, importer: AZE, beneficiary: PAK, lines: [\"630260\"], volume: 100,"
                + " unit: kg }\n";
        Path scenario = Files.writeString(dir.resolve("quota.yaml"), yaml);
        Path input = Files.write(dir.resolve("claims.csv"), List.of(
                "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,currency,preference,"
                        + "quantity,unit",
                "L1,1,2024-01-10,AZE,PAK,63026000,100,USD,,,",
                "L2,1,2024-03-01,AZE,PAK,63026000,100,USD,TEST-PTA,,"));
        assertEquals(0, CommandLine.run("evaluate", "--scenario", scenario.toString(), "--input", input.toString(),
                "--entry-into-force", "2024-02-01", "--months", "2", "--out", dir.resolve("q-eval").toString()));
        assertEquals(0, CommandLine.run("backtest", "--scenario", scenario.toString(), "--input", input.toString(),
                "--out", dir.resolve("q-backtest").toString()));
        ObjectMapper json = new ObjectMapper();
        JsonNode evaluated = json.readTree(dir.resolve("q-eval/summary.json").toFile()).get("scenarios");
        JsonNode backtested = json.readTree(dir.resolve("q-backtest/summary.json").toFile()).get("scenarios");
        assertEquals(1, backtested.get("test-pta").get("rejected_by_reason").get("no_quota_unit").asLong());
        assertEquals(backtested, evaluated);
    }

    @Test
    void recordsAreCountedAsInABacktest() throws Exception {
        assertEquals(0, evaluate("--entry-into-force", "2024-07-01", "--months", "6"));
        Path backtest = dir.resolve("backtest");
        assertEquals(0, CommandLine.run("backtest", "--scenario", SCENARIO, "--input",
                dir.resolve("records.csv").toString(), "--out", backtest.toString()));
        ObjectMapper json = new ObjectMapper();
        JsonNode evaluated = json.readTree(dir.resolve("eval/summary.json").toFile());
        JsonNode backtested = json.readTree(backtest.resolve("summary.json").toFile());
        assertEquals(7, evaluated.get("read").asLong());
        assertEquals(backtested.get("read"), evaluated.get("read"));
        assertEquals(backtested.get("scenarios"), evaluated.get("scenarios"), "the same outcome counts");
        assertTrue(evaluated.get("reconciles").asBoolean(), "read = accepted + rejected + duplicates + …");
        JsonNode counts = evaluated.get("scenarios").get("test-pta");
        assertEquals(1, counts.get("duplicates").asLong());
        assertEquals(5, counts.get("accepted").asLong());

        // The one line of the beneficiary: base Mk 200 (Feb–Jun), outcome Mk 300 (Jul–Dec): realised +100.
        List<String> csv = Files.readAllLines(dir.resolve("eval/evaluation.csv"));
        assertEquals(2, csv.size(), "header and the AZE ← PAK rice line: " + csv);
        assertTrue(csv.get(1).startsWith("AZE,PAK,100630,"), csv.get(1));
        // The prediction on the base (Feb–Jun): Mk 200 and the others' MK 900 (B2, in March, a month the beneficiary
        // did not trade), t0 20 %, the rate on the entry into force 0 %, εm −1.5, σ 1.5 (the test scenario's):
        // TC = 1.5 × 200 × 0.2 / 1.2 = 50; g = 1.5 × 1/6 = 0.25, TD = 200 × 900 × 0.25 / (200 + 900 + 50) = 39.1304348.
        List<String> header = List.of(csv.get(0).split(","));
        String[] line = csv.get(1).split(",", -1);
        assertEquals(50, Double.parseDouble(line[header.indexOf("predicted_tc")]), 1e-6);
        assertEquals(39.1304348, Double.parseDouble(line[header.indexOf("predicted_td")]), 1e-6);
        assertEquals(89.1304348, Double.parseDouble(line[header.indexOf("predicted_change")]), 1e-6);
        assertEquals(100, Double.parseDouble(line[header.indexOf("realised_change")]), 1e-9);
        assertEquals(200, Double.parseDouble(line[header.indexOf("base_imports")]), 1e-9);
        assertTrue(Files.exists(dir.resolve("eval/evaluation.json")));
        assertTrue(Files.exists(dir.resolve("eval/evaluation.html")));
        assertTrue(Files.exists(dir.resolve("eval/calibrated-elasticities.csv")));
    }
}
