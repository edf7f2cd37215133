package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.apache.flink.runtime.plugable.SerializationDelegate;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.CustomsRecord;

/**
 * The join's partitioner sends every record where Flink's {@code keyBy(CustomsRecordKey)} sends it: the same channel
 * as {@link KeyGroupStreamPartitioner} with the key's string, for any declaration, item, number of channels and
 * maximum parallelism (so a savepoint's key groups are where they were).
 */
class CustomsRecordPartitionerTest {

    @Test
    void everyRecordGoesWhereKeyByOnItsStringSendsIt() {
        Random random = new Random(7);
        int[] maxParallelisms = {128, 256, 1 << 15};
        int[] channels = {1, 2, 3, 5, 128};
        for (int maxParallelism : maxParallelisms) {
            for (int n : channels) {
                if (n > maxParallelism) {
                    continue;
                }
                CustomsRecordPartitioner ours = new CustomsRecordPartitioner();
                ours.configure(maxParallelism);
                ours.setup(n);
                KeyGroupStreamPartitioner<CustomsRecord, String> flinks =
                        new KeyGroupStreamPartitioner<>(CustomsRecordKey.INSTANCE, maxParallelism);
                flinks.setup(n);
                SerializationDelegate<StreamRecord<CustomsRecord>> delegate = new SerializationDelegate<>(null);
                for (int i = 0; i < 20_000; i++) {
                    CustomsRecord r = new CustomsRecord();
                    r.declarationId = declaration(random);
                    r.itemNo = random.nextInt(4) == 0 ? random.nextLong() & Long.MAX_VALUE : 1 + random.nextInt(40);
                    delegate.setInstance(new StreamRecord<>(r));
                    int expected = flinks.selectChannel(delegate);
                    CustomsRecord fresh = new CustomsRecord(); // without the key string the other one made
                    fresh.declarationId = r.declarationId;
                    fresh.itemNo = r.itemNo;
                    delegate.setInstance(new StreamRecord<>(fresh));
                    assertEquals(expected, ours.selectChannel(delegate), r.key() + " of " + n + " channels");
                }
            }
        }
    }

    private static String declaration(Random random) {
        StringBuilder d = new StringBuilder("PK-");
        for (int c = random.nextInt(16); c > 0; c--) {
            d.append((char) (random.nextInt(12) == 0 ? 128 + random.nextInt(0x3000) : 32 + random.nextInt(95)));
        }
        return d.toString();
    }
}
