package org.ptaflow.sinks;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
import org.ptaflow.records.CompactSerializer;
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
public final class JobOutputSerializer extends CompactSerializer<JobOutput> {
    private static final long serialVersionUID = 1L;

    /** One kind of output: its field of {@link JobOutput}, read and set. Its index in {@link #KINDS} is its tag. */
    private record Kind<T>(Class<T> type, Function<JobOutput, T> get, BiConsumer<JobOutput, T> set) {}

    private static final List<Kind<?>> KINDS = List.of(
            new Kind<>(ImpactRow.class, o -> o.impact, (o, v) -> o.impact = v),
            new Kind<>(RejectedRecord.class, o -> o.rejected, (o, v) -> o.rejected = v),
            new Kind<>(LateRecord.class, o -> o.late, (o, v) -> o.late = v),
            new Kind<>(QuotaStatus.class, o -> o.quota, (o, v) -> o.quota = v),
            new Kind<>(TransitRow.class, o -> o.transitRow, (o, v) -> o.transitRow = v),
            new Kind<>(TransitAlert.class, o -> o.transitAlert, (o, v) -> o.transitAlert = v),
            new Kind<>(Flag.class, o -> o.flag, (o, v) -> o.flag = v));

    /** Each kind's POJO serializer, at its tag. */
    private final TypeSerializer<?>[] serializers;
    /** The block being written (made on first use: a serializer is used by one thread, and duplicated for others). */
    private transient DataOutputSerializer block;
    private transient DataInputDeserializer blockIn;
    private transient byte[] blockBytes;

    public JobOutputSerializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        serializers = new TypeSerializer<?>[KINDS.size()];
        for (int tag = 0; tag < serializers.length; tag++) {
            serializers[tag] = TypeInformation.of(KINDS.get(tag).type()).createSerializer(config);
        }
    }

    private JobOutputSerializer(JobOutputSerializer from) {
        serializers = new TypeSerializer<?>[from.serializers.length];
        for (int tag = 0; tag < serializers.length; tag++) {
            serializers[tag] = from.serializers[tag].duplicate();
        }
    }

    @Override
    public void serialize(JobOutput o, DataOutputView out) throws IOException {
        int tag = tagOf(o);
        DataOutputSerializer b = block;
        if (b == null) {
            block = b = new DataOutputSerializer(1024);
        }
        b.clear();
        write(tag, o, b);
        out.writeByte(tag);
        out.writeInt(b.length());
        out.write(b.getSharedBuffer(), 0, b.length());
    }

    /** The tag of the one output {@code o} holds. */
    private static int tagOf(JobOutput o) {
        for (int tag = 0; tag < KINDS.size(); tag++) {
            if (KINDS.get(tag).get().apply(o) != null) {
                return tag;
            }
        }
        throw new IllegalArgumentException("a JobOutput holds exactly one output, this one none");
    }

    @SuppressWarnings("unchecked")
    private <T> void write(int tag, JobOutput o, DataOutputView out) throws IOException {
        Kind<T> kind = (Kind<T>) KINDS.get(tag);
        ((TypeSerializer<T>) serializers[tag]).serialize(kind.get().apply(o), out);
    }

    @Override
    public JobOutput deserialize(JobOutput o, DataInputView in) throws IOException {
        int tag = in.readByte();
        int length = in.readInt();
        if (tag < 0 || tag >= KINDS.size()) {
            throw new IOException("unknown JobOutput tag " + tag);
        }
        if (blockBytes == null || blockBytes.length < length) {
            blockBytes = new byte[Math.max(length, 1024)];
        }
        in.readFully(blockBytes, 0, length);
        DataInputDeserializer b = blockIn;
        if (b == null) {
            blockIn = b = new DataInputDeserializer();
        }
        b.setBuffer(blockBytes, 0, length);
        clear(o);
        read(tag, o, b);
        return o;
    }

    @SuppressWarnings("unchecked")
    private <T> void read(int tag, JobOutput o, DataInputView in) throws IOException {
        Kind<T> kind = (Kind<T>) KINDS.get(tag);
        kind.set().accept(o, ((TypeSerializer<T>) serializers[tag]).deserialize(in));
    }

    private static void clear(JobOutput o) {
        for (Kind<?> kind : KINDS) {
            kind.set().accept(o, null);
        }
    }

    @Override
    public JobOutput copy(JobOutput from, JobOutput to) {
        int tag = tagOf(from);
        clear(to);
        copy(tag, from, to);
        return to;
    }

    @SuppressWarnings("unchecked")
    private <T> void copy(int tag, JobOutput from, JobOutput to) {
        Kind<T> kind = (Kind<T>) KINDS.get(tag);
        kind.set().accept(to, ((TypeSerializer<T>) serializers[tag]).copy(kind.get().apply(from)));
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
