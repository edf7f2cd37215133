package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** A block crosses the shuffle as its key, its counts and the used part of its bytes, and comes back the same. */
class RecordBlockSerializerTest {

    @Test
    void aBlockRoundTripsWithOnlyTheBytesItUses() throws IOException {
        Random random = new Random(7);
        TypeSerializer<RecordBlock> serializer = TypeInformation.of(RecordBlock.class)
                .createSerializer(new SerializerConfigImpl());
        assertEquals(RecordBlockSerializer.class, serializer.getClass(), "the type names its serializer");
        for (int length : new int[] {0, 1, 100, 20_000}) {
            byte[] bytes = new byte[length + 37]; // a buffer larger than what the block uses
            random.nextBytes(bytes);
            RecordBlock block = new RecordBlock("DÉCL-" + length + "#2", 3, bytes, length);
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(block, out);
            byte[] key = block.routingKey.getBytes(StandardCharsets.UTF_8);
            assertEquals(4 + key.length + 4 + 4 + length, out.length(), "key, count, length, the used bytes");

            RecordBlock back = serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            RecordBlock copy = serializer.copy(block);
            for (RecordBlock b : new RecordBlock[] {back, copy}) {
                assertEquals(block.routingKey, b.routingKey);
                assertEquals(3, b.count);
                assertEquals(length, b.length);
                assertArrayEquals(Arrays.copyOf(bytes, length), Arrays.copyOf(b.bytes, b.length));
            }
            assertNotSame(block.bytes, copy.bytes, "a copy has bytes of its own");
        }
    }
}
