package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.Map;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.flags.OriginImport;
import org.ptaflow.flags.PartnerShift;

/**
 * Between the scenario join and rule {@code partner_shift}: adds up the values of one (scenario, importer, HS6,
 * origin, month) before they cross the shuffle, as {@link CombineContributions} does for the windows, and for the
 * same reasons in the same places: flushed on every watermark (so a value the join let through on time reaches its
 * month before the watermark that closes it), before every checkpoint barrier (nothing held in state), at the end
 * of input, past {@link #MAX_KEYS} keys, and every {@code flushEveryMillis} of processing time in a live run. The
 * rule sums values by month and origin, so how they are grouped before does not change a flag. It drops idle
 * statuses, as {@link CombineContributions} explains: the rule's watermark is the slowest join subtask's.
 */
public class CombineOriginImports extends AbstractStreamOperator<OriginImport>
        implements OneInputStreamOperator<OriginImport, OriginImport>, BoundedOneInput {
    static final int MAX_KEYS = 20_000;

    private final long flushEveryMillis;
    private transient Map<Key, OriginImport> held;

    private record Key(String scenario, String importer, String hs6, String origin, int month) {}

    public CombineOriginImports(long flushEveryMillis) {
        this.flushEveryMillis = flushEveryMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new HashMap<>();
        if (flushEveryMillis > 0) {
            getProcessingTimeService().scheduleWithFixedDelay(time -> flush(), flushEveryMillis, flushEveryMillis);
        }
    }

    @Override
    public void processElement(StreamRecord<OriginImport> element) {
        OriginImport i = element.getValue();
        Key key = new Key(i.scenario, i.importer, i.hs6, i.origin, PartnerShift.monthOf(i.registeredAt));
        OriginImport sum = held.get(key);
        if (sum == null) {
            if (held.size() >= MAX_KEYS) {
                flush();
            }
            // A new object: the input is never changed (safe under object reuse).
            held.put(key, new OriginImport(i.scenario, i.importer, i.hs6, i.origin, i.registeredAt, i.valueMicros));
        } else {
            sum.valueMicros = Math.addExact(sum.valueMicros, i.valueMicros);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // dropped: see the class comment
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (held.isEmpty()) {
            return;
        }
        for (OriginImport sum : held.values()) {
            output.collect(new StreamRecord<>(sum, sum.registeredAt));
        }
        held.clear();
    }
}
