package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The tables stream's operator: forwards every message, never a watermark, and goes idle once the base tables of
 * the run have passed — also after a restore, when its source has long finished.
 */
class TablesWithoutEventTimeTest {

    static ScenarioTables base(String id) {
        ScenarioTables t = new ScenarioTables();
        t.scenarioId = id;
        t.version = 1;
        t.payload = new byte[] {1};
        return t;
    }

    static ScenarioTables amendment() {
        return ScenarioTables.amendment(TariffAmendment.fromJson("{\"scenario\":\"a\",\"kind\":\"mfn\","
                + "\"importer\":\"AZE\",\"hs_prefix\":\"10\",\"rate\":5,\"from\":\"2024-01-01\"}"));
    }

    static List<Object> output(OneInputStreamOperatorTestHarness<ScenarioTables, ScenarioTables> h) {
        return h.getOutput().stream().collect(Collectors.toList());
    }

    @Test
    void forwardsTablesDropsWatermarksAndGoesIdleAfterTheBaseTables() throws Exception {
        try (OneInputStreamOperatorTestHarness<ScenarioTables, ScenarioTables> h =
                new OneInputStreamOperatorTestHarness<>(new TablesWithoutEventTime(2))) {
            h.open();
            h.processWatermark(new Watermark(1000));
            h.processElement(new StreamRecord<>(base("a")));
            h.processElement(new StreamRecord<>(amendment()));
            assertTrue(output(h).stream().noneMatch(o -> o instanceof WatermarkStatus),
                    "not idle before every base table passed (an amendment does not count)");
            h.processElement(new StreamRecord<>(base("b")));
            h.processWatermark(new Watermark(Long.MAX_VALUE));

            List<Object> out = output(h);
            assertTrue(out.stream().noneMatch(o -> o instanceof Watermark), "no watermark ever: " + out);
            assertEquals(3, out.stream().filter(o -> o instanceof StreamRecord).count());
            assertEquals(WatermarkStatus.IDLE, out.get(out.size() - 1), "idle right after the last base table");
        }
    }

    @Test
    void aRestoredOperatorIsIdleAtOnce() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<ScenarioTables, ScenarioTables> h =
                new OneInputStreamOperatorTestHarness<>(new TablesWithoutEventTime(1))) {
            h.open();
            h.processElement(new StreamRecord<>(base("a")));
            snapshot = h.snapshot(1, 1);
        }
        try (OneInputStreamOperatorTestHarness<ScenarioTables, ScenarioTables> restored =
                new OneInputStreamOperatorTestHarness<>(new TablesWithoutEventTime(1))) {
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(List.of(WatermarkStatus.IDLE), output(restored));
        }
        try (OneInputStreamOperatorTestHarness<ScenarioTables, ScenarioTables> fresh =
                new OneInputStreamOperatorTestHarness<>(new TablesWithoutEventTime(1))) {
            fresh.open();
            assertEquals(List.of(), output(fresh), "a fresh operator waits for its tables");
        }
    }
}
