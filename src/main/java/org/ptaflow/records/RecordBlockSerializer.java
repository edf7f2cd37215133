package org.ptaflow.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link RecordBlock} on the wire: its routing key (the number of its UTF-8 bytes, then the bytes), the number of
 * records, the number of bytes and the bytes, which already hold the records in their layout.
 */
public final class RecordBlockSerializer extends CompactSerializer<RecordBlock> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeSerializer<RecordBlock> duplicate() {
        return new RecordBlockSerializer();
    }

    @Override
    public RecordBlock createInstance() {
        return new RecordBlock();
    }

    /** A copy with bytes of its own, only those the block uses. */
    @Override
    public RecordBlock copy(RecordBlock from, RecordBlock to) {
        to.routingKey = from.routingKey;
        to.count = from.count;
        to.bytes = Arrays.copyOf(from.bytes, from.length);
        to.length = from.length;
        return to;
    }

    @Override
    public void serialize(RecordBlock block, DataOutputView out) throws IOException {
        byte[] key = block.routingKey.getBytes(StandardCharsets.UTF_8);
        out.writeInt(key.length);
        out.write(key);
        out.writeInt(block.count);
        out.writeInt(block.length);
        out.write(block.bytes, 0, block.length);
    }

    @Override
    public RecordBlock deserialize(RecordBlock block, DataInputView in) throws IOException {
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        block.routingKey = new String(key, StandardCharsets.UTF_8);
        block.count = in.readInt();
        int length = in.readInt();
        byte[] bytes = block.bytes;
        if (bytes == null || bytes.length < length) {
            bytes = new byte[length];
        }
        in.readFully(bytes, 0, length);
        block.bytes = bytes;
        block.length = length;
        return block;
    }

    @Override
    public TypeSerializerSnapshot<RecordBlock> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The layout has no parameters: a snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RecordBlock> {
        public Snapshot() {
            super(RecordBlockSerializer::new);
        }
    }
}
