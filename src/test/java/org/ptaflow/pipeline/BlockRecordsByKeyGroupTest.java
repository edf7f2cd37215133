package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.CustomsRecordSerializer;
import org.ptaflow.records.RecordBlock;

/**
 * The blocks before the keyed shuffle: each record leaves once, in a block of its own key group, after the records
 * of its key that came before it, with its event time; and nothing waits past a watermark, a barrier, the end of
 * input or, in a live run, the flush timer. The blocks are read here by the layout {@link RecordBlock} gives, not by
 * the join's code.
 */
class BlockRecordsByKeyGroupTest {
    private static final int MAX_PARALLELISM = 128;

    private static OneInputStreamOperatorTestHarness<CustomsRecord, RecordBlock> blocker(boolean live)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new BlockRecordsByKeyGroup(live), MAX_PARALLELISM, 1, 0);
        h.open();
        return h;
    }

    /** A record read back from a block, with the event time it came with (null: none). */
    private record Read(CustomsRecord record, Long timestamp, String routingKey) {}

    /** The harness's output in order: blocks opened into their records, anything else as it is. */
    private static List<Object> opened(OneInputStreamOperatorTestHarness<CustomsRecord, RecordBlock> h) {
        List<Object> out = new ArrayList<>();
        for (Object element : h.getOutput()) {
            if (element instanceof StreamRecord<?> streamRecord) {
                RecordBlock block = (RecordBlock) streamRecord.getValue();
                out.addAll(read(block));
            } else {
                out.add(element);
            }
        }
        h.getOutput().clear();
        return out;
    }

    /** A block's records read by the layout {@link RecordBlock} gives (an event time, then the record's bytes). */
    private static List<Read> read(RecordBlock block) {
        try {
            CustomsRecordSerializer serializer = new CustomsRecordSerializer();
            DataInputDeserializer in = new DataInputDeserializer(block.bytes, 0, block.length);
            List<Read> records = new ArrayList<>();
            for (int i = 0; i < block.count; i++) {
                long timestamp = in.readLong();
                records.add(new Read(serializer.deserialize(in),
                        timestamp == RecordBlock.NO_TIMESTAMP ? null : timestamp, block.routingKey));
            }
            assertEquals(0, in.available(), "a block holds its records and nothing else");
            assertEquals(records.get(0).record().key(), block.routingKey, "routed by its first record's key");
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int keyGroup(String key) {
        return KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM);
    }

    /** 3,000 records over 400 keys, some keys repeated with other values, some records without event time. */
    private static List<StreamRecord<CustomsRecord>> records() {
        Random random = new Random(5);
        List<StreamRecord<CustomsRecord>> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            CustomsRecord r = record("D" + random.nextInt(400), "100630", random.nextBoolean() ? "AZE" : "CHN",
                    Integer.toString(100 + i), JAN_20 + 60_000L * i);
            r.itemNo = 1 + random.nextInt(2);
            records.add(i % 10 == 3 ? new StreamRecord<>(r) : new StreamRecord<>(r, r.registeredAt));
        }
        return records;
    }

    @Test
    void everyRecordLeavesOnceInABlockOfItsKeyGroupInTheOrderOfItsKey() throws Exception {
        var h = blocker(false);
        List<StreamRecord<CustomsRecord>> sent = records();
        for (StreamRecord<CustomsRecord> r : sent) {
            h.processElement(r);
        }
        h.endInput();
        List<Object> out = opened(h);
        assertEquals(sent.size(), out.size(), "every record once, nothing else");

        Map<String, List<String>> sentByKey = new LinkedHashMap<>();
        for (StreamRecord<CustomsRecord> r : sent) {
            CustomsRecord v = r.getValue();
            sentByKey.computeIfAbsent(v.key(), k -> new ArrayList<>())
                    .add(v.customsValue + " " + (r.hasTimestamp() ? r.getTimestamp() : "none") + " " + v.origin);
        }
        Map<String, List<String>> readByKey = new LinkedHashMap<>();
        Set<Integer> groups = new HashSet<>();
        for (Object o : out) {
            Read read = assertInstanceOf(Read.class, o);
            CustomsRecord v = read.record();
            assertEquals(keyGroup(read.routingKey()), keyGroup(v.key()), "routed with its own key group");
            groups.add(keyGroup(v.key()));
            readByKey.computeIfAbsent(v.key(), k -> new ArrayList<>())
                    .add(v.customsValue + " " + (read.timestamp() == null ? "none" : read.timestamp()) + " "
                            + v.origin);
        }
        assertEquals(sentByKey, readByKey, "each key's records, with their event times, in the order they came");
        assertTrue(groups.size() > 100, "the test's premise: records of most key groups");
        h.close();
    }

    @Test
    void aBlockGoesOutWhenItReachesItsSizeAndOnlyThen() throws Exception {
        var h = blocker(false);
        CustomsRecord other = record("OTHER", "100630", "AZE", "100", JAN_20);
        h.processElement(other, JAN_20);
        CustomsRecordSerializer serializer = new CustomsRecordSerializer();
        DataOutputSerializer bytes = new DataOutputSerializer(64);
        String key = null;
        int sent = 0;
        while (bytes.length() < BlockRecordsByKeyGroup.BLOCK_BYTES) {
            assertTrue(h.getOutput().isEmpty(), "nothing out before the block is full");
            CustomsRecord r = record("FULL", "100630", "AZE", Integer.toString(100 + sent), JAN_20); // one key
            key = r.key();
            bytes.writeLong(JAN_20);
            serializer.serialize(r, bytes); // what the block holds, counted apart
            h.processElement(r, JAN_20);
            sent++;
        }
        assertEquals(1, h.getOutput().size(), "the full block, alone, with the record that filled it");
        RecordBlock block = (RecordBlock) ((StreamRecord<?>) h.getOutput().peek()).getValue();
        assertEquals(bytes.length(), block.length);
        List<Object> out = opened(h);
        assertEquals(sent, out.size());
        for (Object o : out) {
            assertEquals(key, ((Read) o).record().key());
        }
        h.endInput();
        List<Object> rest = opened(h);
        assertEquals(1, rest.size(), "the other key's record at the end of input");
        assertEquals(other.key(), ((Read) rest.get(0)).record().key());
        h.close();
    }

    @Test
    void everyBlockGoesOutBeforeAWatermarkOrAStatusGoesOn() throws Exception {
        var h = blocker(true);
        List<StreamRecord<CustomsRecord>> sent = records().subList(0, 500);
        for (int i = 0; i < sent.size(); i++) {
            h.processElement(sent.get(i));
            if (i == 199) {
                h.processWatermark(new Watermark(JAN_20));
            }
        }
        h.processWatermarkStatus(WatermarkStatus.IDLE);
        List<Object> out = opened(h);
        assertEquals(502, out.size());
        assertInstanceOf(Watermark.class, out.get(200), "the first 200 records before the watermark");
        assertEquals(WatermarkStatus.IDLE, out.get(501), "the other 300 before the status");
        Set<String> before = new HashSet<>();
        for (Object o : out.subList(0, 200)) {
            Read read = (Read) o;
            before.add(read.record().declarationId + "#" + read.record().itemNo + " " + read.record().customsValue);
        }
        Set<String> expected = new HashSet<>();
        for (StreamRecord<CustomsRecord> s : sent.subList(0, 200)) {
            expected.add(s.getValue().declarationId + "#" + s.getValue().itemNo + " " + s.getValue().customsValue);
        }
        assertEquals(expected, before, "exactly the records that came before the watermark");
        h.close();
    }

    @Test
    void nothingWaitsPastABarrierSoTheOperatorHasNoState() throws Exception {
        var h = blocker(false);
        for (StreamRecord<CustomsRecord> r : records().subList(0, 50)) {
            h.processElement(r);
        }
        assertTrue(h.getOutput().isEmpty(), "the test's premise: the records wait in their blocks");
        h.prepareSnapshotPreBarrier(1);
        assertEquals(50, opened(h).size(), "all out before the barrier");
        var snapshot = h.snapshot(1, 1);
        assertTrue(snapshot.getManagedOperatorState().isEmpty() && snapshot.getManagedKeyedState().isEmpty()
                && snapshot.getRawOperatorState().isEmpty() && snapshot.getRawKeyedState().isEmpty(),
                "a snapshot holds nothing");
        h.close();
    }

    @Test
    void aLiveRunsTimerSendsTheBlocksThatDoNotFillAndABacktestHasNone() throws Exception {
        var live = blocker(true);
        var backtest = blocker(false);
        for (StreamRecord<CustomsRecord> r : records().subList(0, 3)) {
            live.processElement(r);
            backtest.processElement(r);
        }
        live.setProcessingTime(BlockRecordsByKeyGroup.LIVE_FLUSH_MILLIS - 1);
        backtest.setProcessingTime(10 * BlockRecordsByKeyGroup.LIVE_FLUSH_MILLIS);
        assertTrue(live.getOutput().isEmpty(), "not before the timer");
        assertFalse(live.getProcessingTimeService().getActiveTimerTimestamps().isEmpty());
        assertTrue(backtest.getOutput().isEmpty(), "a backtest waits for its blocks to fill or its input to end");
        live.setProcessingTime(BlockRecordsByKeyGroup.LIVE_FLUSH_MILLIS);
        assertEquals(3, opened(live).size(), "sent by the timer");
        live.close();
        backtest.close();
    }
}
