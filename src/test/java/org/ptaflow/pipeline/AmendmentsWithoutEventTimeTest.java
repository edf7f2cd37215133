package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The amendment stream's operator: idle from the moment it opens, forwards every amendment, never a watermark (not
 * even the end-of-time one of a finished stream), whatever its input's status.
 */
class AmendmentsWithoutEventTimeTest {

    static TariffAmendment amendment(String prefix) {
        return TariffAmendment.fromJson("{\"scenario\":\"a\",\"kind\":\"mfn\",\"importer\":\"AZE\",\"hs_prefix\":\""
                + prefix + "\",\"rate\":5,\"from\":\"2024-01-01\"}");
    }

    @Test
    void idleAtOnceForwardsAmendmentsAndDropsEveryWatermark() throws Exception {
        TariffAmendment first = amendment("10");
        TariffAmendment second = amendment("1006");
        try (OneInputStreamOperatorTestHarness<TariffAmendment, TariffAmendment> h =
                new OneInputStreamOperatorTestHarness<>(new AmendmentsWithoutEventTime())) {
            h.open();
            h.processWatermark(new Watermark(1000));
            h.processElement(new StreamRecord<>(first));
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.processElement(new StreamRecord<>(second));
            h.processWatermark(new Watermark(Long.MAX_VALUE));

            List<Object> out = new ArrayList<>(h.getOutput());
            assertEquals(3, out.size(), "idle status and two amendments, nothing else: " + out);
            assertEquals(WatermarkStatus.IDLE, out.get(0), "idle before anything else");
            assertEquals(first.key(), ((TariffAmendment) ((StreamRecord<?>) out.get(1)).getValue()).key());
            assertEquals(second.key(), ((TariffAmendment) ((StreamRecord<?>) out.get(2)).getValue()).key());
        }
    }
}
