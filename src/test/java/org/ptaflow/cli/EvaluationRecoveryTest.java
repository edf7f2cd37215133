package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation finds a truth it was not told (issue "Predicted against realised", economics.md §8): two years of
 * simulated history in which the beneficiary's trade responds to a tariff cut with a known elasticity per HS
 * section, evaluated with a scenario that assumes another; the calibrated factors recover the truth.
 *
 * <p>The set-up, and why the numbers should come out close:
 * <ul>
 *   <li>Azerbaijan's MFN rate is 5 % on every line; a concession of 0 % to Pakistan enters into force on 2025-01-01
 *       (one staging step), on 8 lines of section II (vegetable products) and 8 of section XI (textiles). The
 *       simulator trades exactly those lines ({@code --flows concession-lines}): 2,000 records a day from
 *       2024-01-01 for two years.
 *   <li>The truth ({@code --response-by-section}): ε = −1 on section II, −3 on section XI. The scenario assumes
 *       −1.5 everywhere, so the factors to find are κ = 2/3 and 2. The scenario's substitution elasticity is 0.001
 *       (the loader wants it above 0), which leaves trade diversion at about 0.002 % of the base: the simulated
 *       response moves no trade away from the competitors, and diversion would otherwise be fitted as creation.
 *   <li>The simulator's response is log-linear: M1 = M0 × (1 / 1.05)^ε; SMART's trade creation is its first-order
 *       term, ε × M0 × (0 − 0.05) / 1.05. Their ratio, ((1.05)^−ε − 1) / (−ε × 0.05 / 1.05), is 1.050 at ε = −1 and
 *       1.103 at ε = −3: the linear model needs a κ that much larger to reach the log-linear change.
 *   <li>Noise: about 22,800 beneficiary records per line and year, each value lognormal (σ 0.6) times the response's
 *       own noise (σ 0.1): a yearly sum is known to about 0.42 %, a change to 0.6 % of the base, against a true
 *       change of 5 % (section II) and 16 % (XI) of it; over 8 lines κ's error from noise is about 4 % and 1 %.
 * </ul>
 * So κ should come out about 5 % and 10 % above the truth, well inside the 20 % the issue asks; the test prints what
 * it found. With seed 11 (2025-12): section II κ = 0.7205 against 0.6667 (+8.1 %), section XI κ = 2.1527 against 2
 * (+7.6 %): the linearisation's bias in the expected direction, give or take the noise above.
 */
class EvaluationRecoveryTest {
    @TempDir
    Path dir;

    static final List<String> SECTION_II = List.of("070200", "070310", "070410", "080510", "080450", "090240",
            "100630", "110100");
    static final List<String> SECTION_XI = List.of("520812", "520942", "630231", "630260", "620342", "610910",
            "550320", "570110");

    @Test
    void calibratedFactorsRecoverTheSimulatedElasticitiesWithinTwentyPercent() throws Exception {
        StringBuilder mfn = new StringBuilder("importer,hs_prefix,rate,valid_from,valid_to\n");
        StringBuilder lines = new StringBuilder("hs_prefix,rate,note\n");
        for (String hs : concat(SECTION_II, SECTION_XI)) {
            mfn.append("AZE,").append(hs).append(",5,2020-01-01,\n");
            mfn.append("PAK,").append(hs).append(",5,2020-01-01,\n");
            lines.append(hs).append(",,\n");
        }
        Files.writeString(dir.resolve("mfn.csv"), mfn);
        Files.writeString(dir.resolve("lines.csv"), lines);
        Files.copy(Paths.get("scenarios/tariffs/fx.csv"), dir.resolve("fx.csv"));
        Path scenario = Files.writeString(dir.resolve("truth-test.yaml"), """
                id: truth-test
                agreement: PK-AZ-PTA
                mfn: { AZE: mfn.csv, PAK: mfn.csv }
                fx: fx.csv
                concessions:
                  - importer: AZE
                    beneficiary: PAK
                    lines: lines.csv
                    rule: { new_rate: 0 }
                    staging:
                      - { from: 2025-01-01, fraction: 1.0 }
                elasticities:
                  import_demand: { default: -1.5 }
                  substitution: { value: 0.001 }
                """);
        Path truth = Files.writeString(dir.resolve("truth.csv"), "section,elasticity\n2,-1.0\n11,-3.0\n");
        Path history = dir.resolve("history.csv");
        assertEquals(0, run("simulate", "--scenario", scenario.toString(), "--flows", "concession-lines",
                "--records", String.valueOf(2_000 * 731), "--seed", "11", "--response-elasticity", "-1.5",
                "--response-by-section", truth.toString(), "--out", history.toString()));

        Path out = dir.resolve("evaluation");
        assertEquals(0, run("evaluate", "--scenario", scenario.toString(), "--input", history.toString(),
                "--entry-into-force", "2025-01-01", "--months", "12", "--out", out.toString()));

        JsonNode report = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        Map<Integer, JsonNode> sections = new TreeMap<>();
        report.get("calibration").forEach(s -> sections.put(s.get("section").asInt(), s));
        Map<Integer, Double> truthKappa = Map.of(2, 1.0 / 1.5, 11, 3.0 / 1.5);
        for (Map.Entry<Integer, Double> t : truthKappa.entrySet()) {
            JsonNode s = sections.get(t.getKey());
            assertTrue(s != null && s.get("calibrated").asBoolean(), "section " + t.getKey() + " calibrated: " + s);
            assertEquals(8, s.get("lines_fitted").asInt(), "section " + t.getKey() + " fitted on its 8 lines");
            double kappa = s.get("kappa").asDouble();
            System.out.printf("section %d: κ found %.4f, truth %.4f (%.1f %% off)%n", t.getKey(), kappa, t.getValue(),
                    100 * (kappa / t.getValue() - 1));
            assertEquals(t.getValue(), kappa, 0.2 * t.getValue(), "section " + t.getKey());
        }
        // The calibrated model fits better than the one it started from.
        for (int section : truthKappa.keySet()) {
            JsonNode s = sections.get(section);
            assertTrue(s.get("rmse_after").asDouble() < s.get("rmse_before").asDouble(), s.toString());
        }
    }

    /** The command with its messages on this test's standard error (what went wrong, if it does). */
    private static int run(String... args) throws Exception {
        return PtaflowCommand.execute(args, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                System.err);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
