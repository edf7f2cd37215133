package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.USD;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.flags.OriginImport;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.Procedure;
import org.ptaflow.scenario.Scenario;

/**
 * What the scenario join sends on of a record: one element for every scenario and key together, whose
 * contributions and origin imports are what the join routed, with hand-computed sums; nothing for a record that
 * adds nothing.
 */
class RoutedRecordTest {

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
    void aRecordLeavesTheJoinAsOneElementForEveryScenarioAndKey() throws Exception {
        var harness = HarnessFixtures.joinHarness(new ApplyScenarios(twoScenarios(), false, Duration.ofDays(1)));
        try {
            harness.processElement(record("100630", "AZE", "100", JAN_20), JAN_20);
            List<RoutedRecord> out = harness.extractOutputValues();
            assertEquals(1, out.size(), "one element for both scenarios and both beneficiaries");
            RoutedRecord routed = out.get(0);
            assertEquals("PAK", routed.importer);
            assertEquals("100630", routed.hs6);
            assertEquals("AZE", routed.origin);
            assertEquals(JAN_20, routed.registeredAt);

            List<ScenarioContribution> contributions = routed.contributions();
            assertEquals(4, contributions.size());
            // 100 USD claiming, MFN 20 % → 20 USD. Half of the staging in January: the harness scenario's AZE rate
            // 20 − 0.5 × (20 − 10) = 15 %, the deeper one's 20 − 0.5 × (20 − 0) = 10 %.
            WindowSums atFifteen = HarnessFixtures.claimed100UsdRice(15);
            WindowSums atTen = HarnessFixtures.claimed100UsdRice(10);
            // For TUR, an import from another origin: only MK and its duty at MFN.
            WindowSums others = HarnessFixtures.others100UsdRice();
            assertContribution(contributions.get(0), 0, "harness", "AZE", atFifteen);
            assertContribution(contributions.get(1), 0, "harness", "TUR", others);
            assertContribution(contributions.get(2), 1, "deeper", "AZE", atTen);
            assertContribution(contributions.get(3), 1, "deeper", "TUR", others);

            List<OriginImport> imports = routed.originImports();
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
            assertFalse(harness.getSideOutput(OutputTags.REJECTED).isEmpty(), "the test's premise: rejected");
        } finally {
            harness.close();
        }
    }

    /**
     * Chained, the element is never serialised; should a configuration break the chain, Flink's POJO serializer
     * carries it, the unused tails of its arrays included.
     */
    @Test
    void itCrossesASerializerWithItsUnusedArrayTails() throws Exception {
        RoutedRecord r = new RoutedRecord("PAK", "100630", "AZE", JAN_20, 4);
        WindowSums beneficiary = WindowSums.ofBeneficiaryRecord(100 * USD, 20, 15, true);
        WindowSums others = WindowSums.ofOthersRecord(100 * USD, 20);
        r.addContribution(1, "deeper", "AZE", beneficiary, true);
        r.addContribution(1, "deeper", "TUR", others, false);
        r.addImport("deeper", 100 * USD);

        TypeSerializer<RoutedRecord> serializer = TypeInformation.of(RoutedRecord.class)
                .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer bytes = new DataOutputSerializer(256);
        serializer.serialize(r, bytes);
        RoutedRecord back = serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));

        assertEquals(2, back.contributionCount);
        assertNull(back.sums[2], "the unused tail stays empty");
        List<ScenarioContribution> contributions = back.contributions();
        assertContribution(contributions.get(0), 1, "deeper", "AZE", beneficiary);
        assertTrue(contributions.get(0).awaitsQuota);
        assertContribution(contributions.get(1), 1, "deeper", "TUR", others);
        assertFalse(contributions.get(1).awaitsQuota);
        assertEquals(1, back.originImports().size());
        assertEquals(100 * USD, back.originImports().get(0).valueMicros);
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
