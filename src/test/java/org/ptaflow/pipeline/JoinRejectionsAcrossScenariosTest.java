package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.SharedTableLookups;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.simulator.CustomsSimulator;

/**
 * The join asks the national tables' rejections once per group of a record's scenarios that share them: each
 * scenario must still reject exactly what the whole rule, asked of that scenario alone with its own rates and
 * amendments, rejects (the independent computation here). The scenarios and records of {@link ScenarioVariants};
 * and an amendment puts a specific excise per litre on AZE's textiles (chapter 63) in {@code pk-az-pta-phase1}
 * alone, which shares its tables with {@code pk-az-pta-requests}: a record of them without a quantity in litres is
 * rejected there ({@code no_tax_base}) and taken here.
 */
class JoinRejectionsAcrossScenariosTest {
    @TempDir
    Path dir;

    @Test
    void eachScenarioRejectsWhatItsOwnRatesReject() throws Exception {
        List<Scenario> scenarios = ScenarioVariants.load(dir);
        TariffAmendment excise = TariffAmendment.fromJson("""
                {"scenario":"pk-az-pta-phase1","kind":"tax","importer":"AZE","tax":"excise","hs_prefix":"63",
                 "rate":2,"unit":"l","currency":"AZN","from":"2024-01-01"}""");
        List<AmendedRates> alone = new ArrayList<>();
        for (Scenario s : scenarios) {
            alone.add(new AmendedRates(s, s.id().equals(excise.scenario) ? List.of(excise) : List.of(),
                    new SharedTableLookups()));
        }
        CustomsSimulator simulator = ScenarioVariants.simulator();
        SplittableRandom spoil = new SplittableRandom(12);
        var harness = HarnessFixtures.joinHarness(new ApplyScenarios(scenarios, false, Duration.ofDays(1)));
        harness.processBroadcastElement(excise, 0L);
        int rejections = 0;
        int rejectedByTheAmendedScenarioAlone = 0;
        for (long i = 0; i < 12_000; i++) {
            CustomsRecord r = simulator.record(i, List.of("sales_tax", "vat"));
            if (r == null) {
                continue;
            }
            ScenarioVariants.spoil(r, spoil);
            r.originalText = "line " + i;
            TreeSet<String> expected = new TreeSet<>();
            for (int s = 0; s < scenarios.size(); s++) {
                Scenario scenario = scenarios.get(s);
                long day = r.epochDay();
                ScenarioRejections.Rejection rejection = !scenario.covers(r.importer) ? null
                        : ScenarioRejections.of(r, scenario,
                                alone.get(s).inForce(r.importer, r.origin, r.hsCode, r.currency, day), day);
                if (rejection != null) {
                    expected.add(scenario.id() + " " + rejection.reason().code() + " " + rejection.message());
                }
            }
            if (expected.stream().anyMatch(e -> e.startsWith("pk-az-pta-phase1 no_tax_base"))
                    && expected.stream().noneMatch(e -> e.startsWith("pk-az-pta-requests "))) {
                rejectedByTheAmendedScenarioAlone++;
            }
            int before = rejectedSoFar(harness).size();
            harness.processElement(r, r.registeredAt);
            TreeSet<String> actual = new TreeSet<>();
            for (RejectedRecord rejected : rejectedSoFar(harness).subList(before, rejectedSoFar(harness).size())) {
                actual.add(rejected.scenario + " " + rejected.reason + " " + rejected.message);
            }
            assertEquals(expected, actual, "record " + i);
            rejections += expected.size();
        }
        harness.close();
        assertTrue(rejections > 1_000, "rejections: " + rejections);
        assertTrue(rejectedByTheAmendedScenarioAlone > 50,
                "rejected by the amended scenario alone: " + rejectedByTheAmendedScenarioAlone);
    }

    private static List<RejectedRecord> rejectedSoFar(
            org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        var queue = harness.getSideOutput(OutputTags.REJECTED);
        List<RejectedRecord> out = new ArrayList<>();
        if (queue != null) {
            queue.forEach(e -> out.add(e.getValue()));
        }
        return out;
    }
}
