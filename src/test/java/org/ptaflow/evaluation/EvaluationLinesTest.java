package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * The evaluation's lines from monthly rows (economics.md §8), on worked case A of §4: base Mk 10 and MK 90 at 20 %,
 * the rate on the entry into force 0 %, εm −1.5, σ 1.5 (the whole-job test scenario's), so TC + TD = 2.5 +
 * 2.1951220 = 4.6951220.
 */
class EvaluationLinesTest {
    private static long usd(String amount) {
        return Money.toMicros(new BigDecimal(amount));
    }

    private static ImpactRow row(String month, String hs6, String beneficiaryUsd, String othersUsd) {
        WindowSums s = WindowSums.ofBeneficiaryRecord(usd(beneficiaryUsd), 20, 0, true);
        s.add(WindowSums.ofOthersRecord(usd(othersUsd), 20));
        ImpactRow r = new ImpactRow();
        r.key = new ImpactKey("test-pta", "AZE", "PAK", hs6);
        r.windowStart = LocalDate.parse(month).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        r.sums = s;
        r.finalRow = true;
        return r;
    }

    @Test
    void withUncertaintyEachLineHasTheBandOfItsDraws() throws Exception {
        // The library's requests scenario draws 200 sets of elasticities (seed 7): the band of a line is the
        // 5th and 95th percentiles of TC + TD over them, computed here draw by draw with the scenario's draws.
        Scenario library = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        List<ImpactRow> rows = List.of(row("2024-01-01", "100630", "4", "36"), row("2024-06-01", "100630", "6", "54"),
                row("2024-07-01", "100630", "12", "1"));
        EvaluatedLine rice = EvaluationLines.build(rows, library, LocalDate.parse("2024-07-01"), 6, hs6 -> 2).get(0);
        org.ptaflow.scenario.ElasticityDraws draws = library.draws();
        double[] em = draws.importDemand("100630");
        double[] effects = new double[em.length];
        WindowSums base = row("2024-01-01", "100630", "4", "36").sums;
        base.add(row("2024-06-01", "100630", "6", "54").sums);
        for (int i = 0; i < em.length; i++) {
            effects[i] = org.ptaflow.economics.SmartModel.estimate(base, library.utilization(), em[i],
                    draws.substitution()[i], draws.exportSupply()[i]).tradeEffect();
        }
        java.util.Arrays.sort(effects);
        assertTrue(rice.predictedP05() < rice.predicted() && rice.predicted() < rice.predictedP95(),
                rice.predictedP05() + " < " + rice.predicted() + " < " + rice.predictedP95());
        // Between the 10th and 11th of 200 sorted draws, and the 190th and 191st, whatever the interpolation.
        assertTrue(rice.predictedP05() >= effects[9] && rice.predictedP05() <= effects[10], "p05");
        assertTrue(rice.predictedP95() >= effects[188] && rice.predictedP95() <= effects[190], "p95");
    }

    @Test
    void baseOutcomeHalvesAndThePredictionOfCaseA() throws Exception {
        Scenario scenario = ScenarioLoader.load(Paths.get(getClass().getResource("/pipeline/test-pta.yaml").toURI()));
        List<ImpactRow> rows = new ArrayList<>(List.of(
                row("2023-12-01", "100630", "1000", "1000"), // before the base: ignored
                row("2024-01-01", "100630", "4", "36"), // first half of the base
                row("2024-06-01", "100630", "6", "54"), // second half
                row("2024-07-01", "100630", "7", "1"), // outcome
                row("2024-12-01", "100630", "8", "1"),
                row("2025-01-01", "100630", "1000", "1"), // after the outcome: ignored
                row("2024-03-01", "630260", "0.05", "1"))); // base 0.05 < 1 % of 10: least traded
        List<EvaluatedLine> lines = EvaluationLines.build(rows, scenario, LocalDate.parse("2024-07-01"), 6,
                hs6 -> Integer.parseInt(hs6.substring(0, 2)) < 50 ? 2 : 11);
        assertEquals(2, lines.size());
        EvaluatedLine rice = lines.get(0);
        assertEquals("100630", rice.hs6());
        assertEquals(2, rice.section());
        assertEquals(10, rice.baseValue(), 1e-9);
        assertEquals(4, rice.baseFirstHalf(), 1e-9);
        assertEquals(6, rice.baseSecondHalf(), 1e-9);
        assertEquals(15, rice.outcomeValue(), 1e-9);
        assertEquals(5, rice.realised(), 1e-9);
        assertEquals(8, rice.trend(), 1e-9, "4 × (6 − 4)");
        assertEquals(4.6951220, rice.predicted(), 1e-7);
        assertEquals(rice.predicted(), rice.predictionWithFactor().applyAsDouble(1), 1e-12);
        // κ = 2: εm = −3, TC = 5 (case A's variation); TD does not involve εm (its denominator's 2.5 is Mk × g).
        assertEquals(7.1951220, rice.predictionWithFactor().applyAsDouble(2), 1e-7);
        assertTrue(Double.isNaN(rice.predictedP05()), "no uncertainty in the scenario: no band");
        assertFalse(rice.leastTraded());

        EvaluatedLine linen = lines.get(1);
        assertTrue(linen.leastTraded());
        assertEquals(-0.05, linen.realised(), 1e-9);
    }
}
