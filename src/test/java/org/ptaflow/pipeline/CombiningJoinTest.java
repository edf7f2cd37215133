package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.flags.OriginImport;
import org.ptaflow.flags.PartnerShift;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.CustomsRecordSerializer;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.scenario.WindowSize;

/**
 * The job's join adds up what it emits before it leaves the operator ({@link ScenarioJoinOperator.CombiningOutput}):
 * its contributions and origin imports, let go before every watermark, before every checkpoint barrier and at the
 * end of input, must be the sums of what the same join emits record by record (the reference here, added up in the
 * test per key, window and scenario); its rejected records pass as they come.
 */
class CombiningJoinTest {
    @TempDir
    Path dir;

    private static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution>
            join(List<Scenario> scenarios, boolean combining) throws Exception {
        ApplyScenarios apply = new ApplyScenarios(scenarios, true, Duration.ofDays(1));
        ScenarioJoinOperator operator = combining
                ? new ScenarioJoinOperator(apply, scenarios.stream().map(s -> s.windows().size()).toList(), 0)
                : new ScenarioJoinOperator(apply, 1);
        var harness = new KeyedBroadcastOperatorTestHarness<>(operator, CustomsRecordKey.INSTANCE, Types.STRING, 1,
                1, 0);
        harness.open();
        return harness;
    }

    /** Contributions added up per (scenario, month, importer, beneficiary, HS6), as text, sorted. */
    private static Map<String, String> contributionSums(List<ScenarioContribution> contributions) {
        Map<String, WindowSums> sums = new TreeMap<>();
        for (ScenarioContribution c : contributions) {
            long month = CalendarWindows.windowOf(WindowSize.MONTH, c.eventTime).getStart();
            sums.computeIfAbsent(c.scenarioIndex + " " + month + " " + c.importer + " " + c.beneficiary + " " + c.hs6
                    + " " + c.awaitsQuota, k -> new WindowSums()).add(c.sums);
        }
        Map<String, String> text = new TreeMap<>();
        sums.forEach((k, v) -> text.put(k, v.toString()));
        return text;
    }

    /** Origin imports added up per (scenario, importer, HS6, origin, month). */
    private static Map<String, Long> importSums(List<OriginImport> imports) {
        Map<String, Long> sums = new TreeMap<>();
        for (OriginImport i : imports) {
            sums.merge(i.scenario + " " + i.importer + " " + i.hs6 + " " + i.origin + " "
                    + PartnerShift.monthOf(i.registeredAt), i.valueMicros, Long::sum);
        }
        return sums;
    }

    private static List<OriginImport> imports(
            KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h) {
        List<OriginImport> out = new ArrayList<>();
        var side = h.getSideOutput(OutputTags.ORIGIN_IMPORTS);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static List<String> rejected(
            KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> h) {
        List<String> out = new ArrayList<>();
        var side = h.getSideOutput(OutputTags.REJECTED);
        if (side != null) {
            for (StreamRecord<RejectedRecord> r : side) {
                out.add(r.getValue().line + " " + r.getValue().reason);
            }
        }
        return out;
    }

    @Test
    void whatTheJoinLetsGoIsTheSumOfWhatItMadeBeforeEachWatermarkBarrierAndTheEnd() throws Exception {
        List<Scenario> scenarios = List.of(HarnessFixtures.harnessScenario(dir),
                HarnessFixtures.scenario(dir, "deeper.yaml",
                        HarnessFixtures.scenarioYaml("0.9").replace("id: harness", "id: deeper")));
        var combining = join(scenarios, true);
        var reference = join(scenarios, false);
        Random random = new Random(3);
        String[] origins = {"AZE", "TUR", "CHN"};
        String[] lines = {"100630", "630260"};
        try {
            long at = JAN_10;
            for (int phase = 0; phase < 3; phase++) {
                for (int i = 0; i < 300; i++) {
                    at += 3_600_000L * random.nextInt(3);
                    CustomsRecord r = record(lines[random.nextInt(2)], origins[random.nextInt(3)],
                            String.valueOf(100 + random.nextInt(900)), at);
                    if (random.nextInt(25) == 0) {
                        r.currency = "XYZ"; // no FX rate: rejected, passing as it comes
                    }
                    for (var h : List.of(combining, reference)) {
                        CustomsRecord copy = new CustomsRecordSerializer().copy(r);
                        h.processElement(copy, copy.registeredAt);
                    }
                }
                assertTrue(combining.extractOutputValues().isEmpty() || phase > 0,
                        "nothing of the first phase leaves before its watermark");
                assertEquals(rejected(reference), rejected(combining), "rejections pass as they come");
                // Let go: by a watermark, a checkpoint barrier, the end of input.
                switch (phase) {
                    case 0 -> {
                        combining.processBroadcastWatermark(Long.MAX_VALUE);
                        combining.processWatermark(new Watermark(at - 86_400_000L));
                        reference.processBroadcastWatermark(Long.MAX_VALUE);
                        reference.processWatermark(new Watermark(at - 86_400_000L));
                        List<Object> out = new ArrayList<>(combining.getOutput());
                        assertTrue(out.get(out.size() - 1) instanceof Watermark, "the sums come before the watermark");
                    }
                    case 1 -> combining.getOperator().prepareSnapshotPreBarrier(1);
                    default -> ((ScenarioJoinOperator) combining.getOperator()).endInput(1);
                }
                List<ScenarioContribution> expected = reference.extractOutputValues();
                assertFalse(expected.isEmpty());
                assertEquals(contributionSums(expected), contributionSums(combining.extractOutputValues()),
                        "phase " + phase);
                assertEquals(importSums(imports(reference)), importSums(imports(combining)), "phase " + phase);
                assertTrue(combining.extractOutputValues().size() < expected.size() / 5,
                        "added up: " + combining.extractOutputValues().size() + " of " + expected.size());
            }
            assertTrue(at > FEB_10, "the records span months: " + at);
        } finally {
            combining.close();
            reference.close();
        }
    }
}
