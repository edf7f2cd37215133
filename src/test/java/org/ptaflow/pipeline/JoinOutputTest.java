package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.USD;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.flags.OriginImport;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.Procedure;
import org.ptaflow.scenario.Scenario;

/**
 * What the scenario join sends on of a record, taken one at a time: its contributions per scenario and key (main
 * output) and its value per scenario for rule {@code partner_shift} (side output), with hand-computed sums; nothing
 * for a record that adds nothing.
 */
class JoinOutputTest {

    @TempDir
    Path dir;

    /** The harness scenario (AZE margin of preference 0.5) and one that cuts AZE's rate to zero (margin 1). */
    private List<Scenario> twoScenarios() {
        Scenario harness = HarnessFixtures.harnessScenario(dir);
        Scenario deeper = HarnessFixtures.scenario(dir, "deeper.yaml",
                HarnessFixtures.scenarioYaml("1.0").replace("id: harness", "id: deeper"));
        return List.of(harness, deeper);
    }

    @Test
    void aRecordLeavesTheJoinAsAContributionPerScenarioAndKeyAndAnImportPerScenario() throws Exception {
        var harness = HarnessFixtures.joinHarness(new ApplyScenarios(twoScenarios(), false, Duration.ofDays(1)));
        try {
            harness.processElement(record("100630", "AZE", "100", JAN_20), JAN_20);
            List<ScenarioContribution> contributions = harness.extractOutputValues();
            assertEquals(4, contributions.size(), contributions.toString());
            // 100 USD claiming, MFN 20 % → 20 USD. Half of the staging in January: the harness scenario's AZE rate
            // 20 − 0.5 × (20 − 10) = 15 %, the deeper one's 20 − 0.5 × (20 − 0) = 10 %.
            WindowSums atFifteen = HarnessFixtures.claimed100UsdRice(15);
            WindowSums atTen = HarnessFixtures.claimed100UsdRice(10);
            // For TUR, an import from another origin: only MK and its duty at MFN (one sums object for both
            // scenarios in the join, added once; each scenario's row has it whole).
            WindowSums others = HarnessFixtures.others100UsdRice();
            // Key by key as first held (the beneficiary's, then TUR's), each in the run's scenario order.
            assertContribution(contributions.get(0), 0, "harness", "AZE", atFifteen);
            assertContribution(contributions.get(1), 1, "deeper", "AZE", atTen);
            assertContribution(contributions.get(2), 0, "harness", "TUR", others);
            assertContribution(contributions.get(3), 1, "deeper", "TUR", others);

            List<OriginImport> imports = HarnessFixtures.originImports(harness);
            assertEquals(2, imports.size());
            for (int i = 0; i < 2; i++) {
                OriginImport imported = imports.get(i);
                assertEquals(i == 0 ? "harness" : "deeper", imported.scenario);
                assertEquals("PAK|100630", imported.importer + "|" + imported.hs6);
                assertEquals("AZE", imported.origin);
                assertEquals(JAN_20, imported.registeredAt);
                assertEquals(100 * USD, imported.valueMicros);
            }
        } finally {
            harness.close();
        }
    }

    @Test
    void aRecordThatAddsNothingSendsNothing() throws Exception {
        var harness = HarnessFixtures.joinHarness(new ApplyScenarios(twoScenarios(), false, Duration.ofDays(1)));
        try {
            CustomsRecord noRate = record("100630", "AZE", "100", JAN_20);
            noRate.currency = "XYZ"; // rejected in both scenarios
            harness.processElement(noRate, JAN_20);
            CustomsRecord transit = record("100630", "AZE", "100", JAN_20);
            transit.procedure = Procedure.TRANSIT; // accepted, but not imported for home use
            harness.processElement(transit, JAN_20);
            assertTrue(harness.extractOutputValues().isEmpty(), harness.extractOutputValues().toString());
            assertTrue(HarnessFixtures.originImports(harness).isEmpty());
            assertFalse(harness.getSideOutput(OutputTags.REJECTED).isEmpty(), "the test's premise: rejected");
        } finally {
            harness.close();
        }
    }

    private static void assertContribution(ScenarioContribution c, int index, String scenario, String beneficiary,
            WindowSums sums) {
        assertEquals(index, c.scenarioIndex);
        assertEquals(scenario, c.scenario);
        assertEquals("PAK", c.importer);
        assertEquals(beneficiary, c.beneficiary);
        assertEquals("100630", c.hs6);
        assertEquals(JAN_20, c.eventTime);
        assertEquals(sums, c.sums);
    }
}
