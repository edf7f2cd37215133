package org.ptaflow.sinks;

import java.io.IOException;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.flags.Flag;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * How a {@link JobOutput} crosses to the command line: a tag for the output it holds, then that output as Flink's
 * POJO serializer writes it, written first into a buffer of this serializer's own and then as one block of bytes.
 *
 * <p>Why the block: Flink's collect sink serialises each result into a {@code DataOutputStream} over a
 * {@code ByteArrayOutputStream}, and its client reads them back from a {@code ByteArrayInputStream}, both one
 * synchronised call per byte; the POJO serializer writes a string a character at a time. With eight scenarios
 * (some 200,000 outputs, most of them rejected records with their text) that cost about 3 s of CPU; a block is one
 * call each way.
 *
 * <p>The block's content is the POJO serializer's, with Flink's default serializer settings. No state holds a
 * {@code JobOutput}: the collect sink keeps results not yet fetched as bytes, and a client cannot take over those
 * after a restore anyway (docs/operations.md, "Savepoints and rescaling").
 */
public final class JobOutputSerializer extends TypeSerializer<JobOutput> {
    private static final long serialVersionUID = 1L;

    private static final byte IMPACT = 0;
    private static final byte REJECTED = 1;
    private static final byte LATE = 2;
    private static final byte QUOTA = 3;
    private static final byte TRANSIT_ROW = 4;
    private static final byte TRANSIT_ALERT = 5;
    private static final byte FLAG = 6;

    private final TypeSerializer<ImpactRow> impact;
    private final TypeSerializer<RejectedRecord> rejected;
    private final TypeSerializer<LateRecord> late;
    private final TypeSerializer<QuotaStatus> quota;
    private final TypeSerializer<TransitRow> transitRow;
    private final TypeSerializer<TransitAlert> transitAlert;
    private final TypeSerializer<Flag> flag;
    /** The block being written (made on first use: a serializer is used by one thread, and duplicated for others). */
    private transient DataOutputSerializer block;
    private transient DataInputDeserializer blockIn;
    private transient byte[] blockBytes;

    public JobOutputSerializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        impact = TypeInformation.of(ImpactRow.class).createSerializer(config);
        rejected = TypeInformation.of(RejectedRecord.class).createSerializer(config);
        late = TypeInformation.of(LateRecord.class).createSerializer(config);
        quota = TypeInformation.of(QuotaStatus.class).createSerializer(config);
        transitRow = TypeInformation.of(TransitRow.class).createSerializer(config);
        transitAlert = TypeInformation.of(TransitAlert.class).createSerializer(config);
        flag = TypeInformation.of(Flag.class).createSerializer(config);
    }

    private JobOutputSerializer(JobOutputSerializer from) {
        impact = from.impact.duplicate();
        rejected = from.rejected.duplicate();
        late = from.late.duplicate();
        quota = from.quota.duplicate();
        transitRow = from.transitRow.duplicate();
        transitAlert = from.transitAlert.duplicate();
        flag = from.flag.duplicate();
    }

    @Override
    public void serialize(JobOutput o, DataOutputView out) throws IOException {
        DataOutputSerializer b = block;
        if (b == null) {
            block = b = new DataOutputSerializer(1024);
        }
        b.clear();
        byte tag;
        if (o.impact != null) {
            tag = IMPACT;
            impact.serialize(o.impact, b);
        } else if (o.rejected != null) {
            tag = REJECTED;
            rejected.serialize(o.rejected, b);
        } else if (o.late != null) {
            tag = LATE;
            late.serialize(o.late, b);
        } else if (o.quota != null) {
            tag = QUOTA;
            quota.serialize(o.quota, b);
        } else if (o.transitRow != null) {
            tag = TRANSIT_ROW;
            transitRow.serialize(o.transitRow, b);
        } else if (o.transitAlert != null) {
            tag = TRANSIT_ALERT;
            transitAlert.serialize(o.transitAlert, b);
        } else if (o.flag != null) {
            tag = FLAG;
            flag.serialize(o.flag, b);
        } else {
            throw new IllegalArgumentException("a JobOutput holds exactly one output, this one none");
        }
        out.writeByte(tag);
        out.writeInt(b.length());
        out.write(b.getSharedBuffer(), 0, b.length());
    }

    @Override
    public JobOutput deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        int length = in.readInt();
        if (blockBytes == null || blockBytes.length < length) {
            blockBytes = new byte[Math.max(length, 1024)];
        }
        in.readFully(blockBytes, 0, length);
        DataInputDeserializer b = blockIn;
        if (b == null) {
            blockIn = b = new DataInputDeserializer();
        }
        b.setBuffer(blockBytes, 0, length);
        JobOutput o = new JobOutput();
        switch (tag) {
            case IMPACT -> o.impact = impact.deserialize(b);
            case REJECTED -> o.rejected = rejected.deserialize(b);
            case LATE -> o.late = late.deserialize(b);
            case QUOTA -> o.quota = quota.deserialize(b);
            case TRANSIT_ROW -> o.transitRow = transitRow.deserialize(b);
            case TRANSIT_ALERT -> o.transitAlert = transitAlert.deserialize(b);
            case FLAG -> o.flag = flag.deserialize(b);
            default -> throw new IOException("unknown JobOutput tag " + tag);
        }
        return o;
    }

    @Override
    public JobOutput deserialize(JobOutput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public JobOutput copy(JobOutput from) {
        JobOutput o = new JobOutput();
        o.impact = from.impact == null ? null : impact.copy(from.impact);
        o.rejected = from.rejected == null ? null : rejected.copy(from.rejected);
        o.late = from.late == null ? null : late.copy(from.late);
        o.quota = from.quota == null ? null : quota.copy(from.quota);
        o.transitRow = from.transitRow == null ? null : transitRow.copy(from.transitRow);
        o.transitAlert = from.transitAlert == null ? null : transitAlert.copy(from.transitAlert);
        o.flag = from.flag == null ? null : flag.copy(from.flag);
        return o;
    }

    @Override
    public JobOutput copy(JobOutput from, JobOutput reuse) {
        return copy(from);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeByte(source.readByte());
        int length = source.readInt();
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        target.writeInt(length);
        target.write(bytes);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<JobOutput> duplicate() {
        return new JobOutputSerializer(this);
    }

    @Override
    public JobOutput createInstance() {
        return new JobOutput();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<JobOutput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The layout has no parameters of its own: a snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<JobOutput> {
        public Snapshot() {
            super(JobOutputSerializer::new);
        }
    }
}
