package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Between the join and the windows: records and watermarks pass in order, an idle status never does. */
class WindowsSeeJoinActiveTest {
    @Test
    void forwardsRecordsAndWatermarksButNeverIdleness() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h =
                new OneInputStreamOperatorTestHarness<>(new WindowsSeeJoinActive<String>())) {
            h.open();
            h.processElement(new StreamRecord<>("before", 10));
            h.processWatermark(new Watermark(100));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processElement(new StreamRecord<>("while the join is idle", 20));
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.processWatermark(new Watermark(200));

            List<Object> out = new ArrayList<>(h.getOutput());
            assertEquals(List.of(new StreamRecord<>("before", 10), new Watermark(100),
                    new StreamRecord<>("while the join is idle", 20), new Watermark(200)), out);
        }
    }
}
