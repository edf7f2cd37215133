package org.ptaflow.quotas;

import java.io.IOException;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.ptaflow.records.Codes;
import org.ptaflow.records.CompactSerializer;

/**
 * How a {@link QuotaEvent} crosses the shuffle from the scenario join to the quotas' allocation: a fixed layout written
 * by hand, its codes (scenario, quota, countries, HS6) as {@link Codes} writes them, instead of Flink's reflective
 * POJO serializer, which wrote six strings character by character for every claim on a quota line and made six new
 * strings of them on the other side. Only the stream uses it ({@link QuotaEventTypeInfo}): the allocation's pending
 * claims stay in state with the POJO serializer they had, so savepoints are unchanged.
 *
 * <p>Every field round-trips exactly. Keeps caches of decoded codes, so {@link #duplicate()} returns a new one.
 */
public final class QuotaEventSerializer extends CompactSerializer<QuotaEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeSerializer<QuotaEvent> duplicate() {
        return new QuotaEventSerializer();
    }

    @Override
    public QuotaEvent createInstance() {
        return new QuotaEvent();
    }

    /** Strings are immutable and shared; the arrays are copied. */
    @Override
    public QuotaEvent copy(QuotaEvent from, QuotaEvent to) {
        to.quotaKey = from.quotaKey;
        to.scenario = from.scenario;
        to.quota = from.quota;
        to.volumeChange = from.volumeChange;
        to.fromDay = from.fromDay;
        to.volumeMilli = from.volumeMilli;
        to.scenarioIndex = from.scenarioIndex;
        to.importer = from.importer;
        to.beneficiary = from.beneficiary;
        to.hs6 = from.hs6;
        to.eventTime = from.eventTime;
        to.claims = from.claims;
        to.requestMilli = from.requestMilli;
        to.valueMicros = from.valueMicros;
        to.mfnPercent = from.mfnPercent;
        to.preferentialPercent = from.preferentialPercent;
        to.outOfQuotaPercent = from.outOfQuotaPercent;
        to.taxPercents = from.taxPercents == null ? null : from.taxPercents.clone();
        to.specificMicros = from.specificMicros == null ? null : from.specificMicros.clone();
        return to;
    }

    @Override
    public void serialize(QuotaEvent e, DataOutputView out) throws IOException {
        Codes c = codes();
        c.write(e.quotaKey, out);
        c.write(e.scenario, out);
        c.write(e.quota, out);
        out.writeBoolean(e.volumeChange);
        out.writeLong(e.fromDay);
        out.writeLong(e.volumeMilli);
        out.writeInt(e.scenarioIndex);
        c.write(e.importer, out);
        c.write(e.beneficiary, out);
        c.write(e.hs6, out);
        out.writeLong(e.eventTime);
        out.writeBoolean(e.claims);
        out.writeLong(e.requestMilli);
        out.writeLong(e.valueMicros);
        out.writeDouble(e.mfnPercent);
        out.writeDouble(e.preferentialPercent);
        out.writeDouble(e.outOfQuotaPercent);
        if (e.taxPercents == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(e.taxPercents.length);
            for (double percent : e.taxPercents) {
                out.writeDouble(percent);
            }
        }
        if (e.specificMicros == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(e.specificMicros.length);
            for (long micros : e.specificMicros) {
                out.writeLong(micros);
            }
        }
    }

    @Override
    public QuotaEvent deserialize(QuotaEvent e, DataInputView in) throws IOException {
        Codes c = codes();
        e.quotaKey = c.read(in);
        e.scenario = c.read(in);
        e.quota = c.read(in);
        e.volumeChange = in.readBoolean();
        e.fromDay = in.readLong();
        e.volumeMilli = in.readLong();
        e.scenarioIndex = in.readInt();
        e.importer = c.read(in);
        e.beneficiary = c.read(in);
        e.hs6 = c.read(in);
        e.eventTime = in.readLong();
        e.claims = in.readBoolean();
        e.requestMilli = in.readLong();
        e.valueMicros = in.readLong();
        e.mfnPercent = in.readDouble();
        e.preferentialPercent = in.readDouble();
        e.outOfQuotaPercent = in.readDouble();
        int taxes = in.readInt();
        if (taxes < 0) {
            e.taxPercents = null;
        } else {
            e.taxPercents = new double[taxes];
            for (int j = 0; j < taxes; j++) {
                e.taxPercents[j] = in.readDouble();
            }
        }
        int specific = in.readInt();
        if (specific < 0) {
            e.specificMicros = null;
        } else {
            e.specificMicros = new long[specific];
            for (int j = 0; j < specific; j++) {
                e.specificMicros[j] = in.readLong();
            }
        }
        return e;
    }

    @Override
    public TypeSerializerSnapshot<QuotaEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The layout has no parameters: a snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<QuotaEvent> {
        public Snapshot() {
            super(QuotaEventSerializer::new);
        }
    }
}
