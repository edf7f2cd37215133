package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.ptaflow.pipeline.HarnessFixtures.DEC_31_2023;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_01;
import static org.ptaflow.pipeline.HarnessFixtures.FEB_10;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_10;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.nio.file.Path;
import java.util.List;

import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.Scenario;

/**
 * The text stays with a record exactly where the scenario join may write it out (the harness scenario of
 * {@link HarnessFixtures}: PAK only, MFN for 100630 and 630260, PKR from 2024-01-01).
 */
class KeepTextWhereNeededTest {
    @TempDir
    Path dir;

    @Test
    void aBacktestKeepsTheTextOfRejectedRecordsOnly() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        List<CustomsRecord> out = run(new KeepTextWhereNeeded(List.of(scenario), false, false), null,
                record("1006309800", "AZE", "100", JAN_10),          // accepted: dropped
                record("5201000000", "AZE", "100", JAN_10),          // no MFN rate for raw cotton: kept
                pkr(record("1006309800", "AZE", "25000", DEC_31_2023)), // PKR before its first rate: kept
                pkr(record("1006309800", "AZE", "25000", JAN_10)),   // PKR in force: dropped
                toAze(record("5201000000", "AZE", "100", JAN_10)));  // importer not covered: out of scope, dropped
        assertNull(out.get(0).originalText);
        assertNotNull(out.get(1).originalText);
        assertNotNull(out.get(2).originalText);
        assertNull(out.get(3).originalText);
        assertNull(out.get(4).originalText);
    }

    @Test
    void aLiveRunKeepsTheTextOfRecordsTheWatermarkHasPassed() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        List<CustomsRecord> out = run(new KeepTextWhereNeeded(List.of(scenario), true, false), FEB_01,
                record("1006309800", "AZE", "100", JAN_10),   // behind the watermark: may be late, kept
                record("1006309800", "AZE", "100", FEB_01),   // at the watermark: kept
                record("1006309800", "AZE", "100", FEB_10));  // ahead of it: cannot be late, dropped
        assertNotNull(out.get(0).originalText);
        assertNotNull(out.get(1).originalText);
        assertNull(out.get(2).originalText);
    }

    @Test
    void aLiveRunKeepsEveryTextOnceItsInputWasIdle() throws Exception {
        // While this input was idle the join's watermark moved on without it: its next record may be late there
        // even though it is ahead of the watermark seen here.
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        try (OneInputStreamOperatorTestHarness<CustomsRecord, CustomsRecord> harness =
                new OneInputStreamOperatorTestHarness<>(new KeepTextWhereNeeded(List.of(scenario), true, false))) {
            harness.open();
            harness.processWatermark(JAN_10);
            harness.processElement(record("1006309800", "AZE", "100", FEB_01), FEB_01);
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
            harness.processElement(record("1006309800", "AZE", "100", FEB_10), FEB_10);
            List<CustomsRecord> out = harness.extractOutputValues();
            assertNull(out.get(0).originalText, "ahead of the watermark, before any idleness");
            assertNotNull(out.get(1).originalText, "ahead of the watermark, after the input was idle");
        }
    }

    @Test
    void aRunWithAmendmentsKeepsEveryText() throws Exception {
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        List<CustomsRecord> out = run(new KeepTextWhereNeeded(List.of(scenario), true, true), null,
                record("1006309800", "AZE", "100", FEB_10));
        assertEquals(1, out.size());
        assertNotNull(out.get(0).originalText);
    }

    @Test
    void aRecordWithAnOffsetNeverKeepsItsText() throws Exception {
        // The parser gives an offset only to a plain line the join reads again in its file (RecordTexts): such a
        // record crosses the shuffle without its text, even where the join rejects it; one without an offset keeps
        // the old rule.
        Scenario scenario = HarnessFixtures.harnessScenario(dir);
        CustomsRecord rejectedInFile = at(record("5201000000", "AZE", "100", JAN_10), 120); // no MFN rate: rejected
        CustomsRecord acceptedInFile = at(record("1006309800", "AZE", "100", JAN_10), 240);
        CustomsRecord noOffset = record("5201000000", "AZE", "100", JAN_10);
        List<CustomsRecord> out = run(new KeepTextWhereNeeded(List.of(scenario), false, false, null), null,
                rejectedInFile, acceptedInFile, noOffset);
        assertNull(out.get(0).originalText);
        assertEquals(120, out.get(0).textOffset);
        assertNull(out.get(1).originalText);
        assertEquals(240, out.get(1).textOffset);
        assertNotNull(out.get(2).originalText, "a record without an offset keeps its text where rejected");
    }

    private static CustomsRecord at(CustomsRecord r, long offset) {
        r.textOffset = offset;
        return r;
    }

    private static List<CustomsRecord> run(KeepTextWhereNeeded operator, Long watermark, CustomsRecord... records)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<CustomsRecord, CustomsRecord> harness =
                new OneInputStreamOperatorTestHarness<>(operator)) {
            harness.open();
            if (watermark != null) {
                harness.processWatermark(watermark);
            }
            for (CustomsRecord r : records) {
                harness.processElement(r, r.registeredAt);
            }
            return harness.extractOutputValues();
        }
    }

    private static CustomsRecord pkr(CustomsRecord r) {
        r.currency = "PKR";
        return r;
    }

    private static CustomsRecord toAze(CustomsRecord r) {
        r.importer = "AZE";
        return r;
    }
}
