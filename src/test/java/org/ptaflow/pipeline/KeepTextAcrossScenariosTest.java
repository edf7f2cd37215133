package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.SharedTableLookups;
import org.ptaflow.simulator.CustomsSimulator;

/**
 * With several scenarios, the text check asks the national tables once per group of scenarios sharing them and the
 * quota check only where a quota can reject: it must keep exactly the texts that asking every covering scenario the
 * whole rule keeps (the independent computation here, one scenario at a time with its own rates).
 *
 * <p>The scenarios and records of {@link ScenarioVariants}: every rejection reason comes up, and some in one
 * scenario alone.
 */
class KeepTextAcrossScenariosTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheTextExactlyWhereSomeCoveringScenarioRejectsTheRecord() throws Exception {
        List<Scenario> scenarios = ScenarioVariants.load(dir);
        List<AmendedRates> alone = scenarios.stream()
                .map(s -> new AmendedRates(s, List.of(), new SharedTableLookups())).toList();
        CustomsSimulator simulator = ScenarioVariants.simulator();
        SplittableRandom spoil = new SplittableRandom(11);
        Map<RejectionReason, Integer> reasons = new EnumMap<>(RejectionReason.class);
        int keptByTheVariantAlone = 0;
        int kept = 0;
        try (OneInputStreamOperatorTestHarness<CustomsRecord, CustomsRecord> harness =
                new OneInputStreamOperatorTestHarness<>(new KeepTextWhereNeeded(scenarios, false, false))) {
            harness.open();
            int records = 0;
            for (long i = 0; records < 20_000; i++) {
                CustomsRecord r = simulator.record(i, List.of("sales_tax", "vat"));
                if (r == null) {
                    continue; // a deliberate defect: only its text shows it
                }
                ScenarioVariants.spoil(r, spoil);
                r.originalText = "line " + i;
                // Whether each scenario that covers the importer rejects the record, asked alone.
                boolean rejected = false;
                boolean byOthers = false;
                for (int s = 0; s < scenarios.size(); s++) {
                    Scenario scenario = scenarios.get(s);
                    if (!scenario.covers(r.importer)) {
                        continue;
                    }
                    long day = r.epochDay();
                    ScenarioRejections.Rejection rejection = ScenarioRejections.of(r, scenario,
                            alone.get(s).inForce(r.importer, r.origin, r.hsCode, r.currency, day), day);
                    if (rejection != null) {
                        reasons.merge(rejection.reason(), 1, Integer::sum);
                        rejected = true;
                        byOthers |= s < 3;
                    }
                }
                keptByTheVariantAlone += rejected && !byOthers ? 1 : 0;
                kept += rejected ? 1 : 0;
                harness.processElement(r, r.registeredAt);
                List<CustomsRecord> out = harness.extractOutputValues();
                assertEquals(rejected, out.get(out.size() - 1).originalText != null,
                        "record " + i + " " + r.importer + " " + r.origin + " " + r.hsCode + " " + r.currency);
                records++;
            }
        }
        // The case is not empty: each reason, and texts only the variant's own tables or quotas keep.
        for (RejectionReason reason : List.of(RejectionReason.NO_FX_RATE, RejectionReason.NO_MFN_RATE,
                RejectionReason.NO_TAX_BASE, RejectionReason.NO_QUOTA_UNIT)) {
            assertTrue(reasons.getOrDefault(reason, 0) > 20, reason + ": " + reasons);
        }
        assertTrue(keptByTheVariantAlone > 100, "kept for the variant alone: " + keptByTheVariantAlone);
        assertTrue(kept < 15_000, "most records are taken somewhere: " + kept);
    }
}
