package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.CustomsRecord;

/**
 * The duplicate memory against a plain {@code HashMap<String, long[]>} (the reference: Java's own string equality),
 * on keys chosen to break a memory that told keys apart by anything less than their characters.
 */
class DuplicateMemoryTest {
    private static final int MAX_PARALLELISM = 128;

    /**
     * Keys whose {@code String.hashCode} is the same ("Aa" and "BB" hash alike, so every string of n such blocks
     * shares one hash: 2^n keys per hash), keys that differ only in one non-ASCII character, and lone surrogates,
     * which UTF-8 encoding would turn into the same '?'.
     */
    private static List<String> trickyKeys() {
        List<String> keys = new ArrayList<>();
        for (int bits = 0; bits < 1 << 10; bits++) {
            StringBuilder b = new StringBuilder("D");
            for (int i = 0; i < 10; i++) {
                b.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(b.append("#1").toString());
        }
        keys.addAll(List.of("Ä#1", "Å#1", "A#1", "\uD800#1", "\uDC00#1", "?#1", "#1", "", "D1#1", "D1#10",
                "D11#0", "D1#01", "\u0000", "\u0000\u0000", "é".repeat(100) + "#2", "x".repeat(300) + "#1"));
        return keys;
    }

    @Test
    void keysWithTheSameHashOrTheSameUtf8AreNeverTakenForOne() {
        List<String> keys = trickyKeys();
        assertEquals(keys.get(0).hashCode(), keys.get(1).hashCode(), "the test's premise: colliding hashes");
        DuplicateMemory memory = new DuplicateMemory(MAX_PARALLELISM, 2, false, 1);
        for (int i = 0; i < keys.size(); i++) {
            assertNull(memory.get(keys.get(i)), "new key " + i);
            memory.put(keys.get(i), new long[] {i + 1, -(i + 1), 0});
        }
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(new long[] {i + 1, -(i + 1), 0}, memory.get(new String(keys.get(i))), "key " + i);
        }
        assertEquals(keys.size(), memory.entries());
    }

    @Test
    void agreesWithAHashMapOnRandomOperations() {
        Random random = new Random(20241205);
        List<String> pool = new ArrayList<>(trickyKeys());
        for (int i = 0; i < 20_000; i++) {
            pool.add("SIM-" + random.nextInt(50) + "-" + random.nextInt(5_000) + "#" + (1 + random.nextInt(9)));
        }
        DuplicateMemory memory = new DuplicateMemory(MAX_PARALLELISM, 3, false, 1);
        Map<String, long[]> reference = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            String key = new String(pool.get(random.nextInt(pool.size())));
            long[] expected = reference.get(key);
            long[] actual = memory.get(key);
            assertArrayEquals(expected, actual, key);
            if (random.nextInt(3) == 0) {
                long[] values = actual == null ? new long[4] : actual;
                values[random.nextInt(3)] = random.nextLong() | 1;
                memory.put(key, values);
                reference.put(key, values.clone());
            }
        }
        assertEquals(reference.size(), memory.entries());
    }

    /**
     * The same with forgetting, in one key group (one table, so that its rebuilds, and the growth of the index each
     * rebuild sizes, meet the tricky keys and each other): a key is found while its forget time is ahead of the
     * watermark, and a forgotten key put again is remembered anew, through many sweeps.
     */
    @Test
    void agreesWithAHashMapThroughSweepsAndGrowth() {
        Random random = new Random(20261206);
        List<String> pool = new ArrayList<>(trickyKeys());
        for (int i = 0; i < 5_000; i++) {
            pool.add("SIM-" + random.nextInt(50) + "-" + random.nextInt(5_000) + "#" + (1 + random.nextInt(9)));
        }
        DuplicateMemory memory = new DuplicateMemory(1, 2, true, 50);
        Map<String, long[]> reference = new HashMap<>();
        long watermark = 0;
        for (int op = 0; op < 300_000; op++) {
            String key = new String(pool.get(random.nextInt(pool.size())));
            long[] stored = reference.get(key);
            long[] expected = stored == null || stored[2] != 0 && stored[2] <= watermark ? null : stored;
            assertArrayEquals(expected, memory.get(key), key + " at watermark " + watermark);
            if (expected == null && random.nextInt(2) == 0) {
                long[] values = {random.nextLong() | 1, random.nextLong() | 1,
                        random.nextInt(20) == 0 ? 0 : watermark + 1 + random.nextInt(2_000)};
                memory.put(key, values);
                reference.put(key, values.clone());
            }
            if (op % 100 == 0) {
                watermark += random.nextInt(40);
                memory.advanceWatermark(watermark);
            }
        }
        assertTrue(memory.rebuildCopies() > 10_000, memory.rebuildCopies() + " entries copied by rebuilds");
        memory.close();
    }

    @Test
    void aKeyIsForgottenExactlyWhenTheWatermarkReachesItsForgetTimeAndItsBytesAreReclaimed() {
        // One key group: whether a table is rebuilt depends on what it holds, which is then the whole memory.
        DuplicateMemory memory = new DuplicateMemory(1, 1, true, 1_000);
        for (int i = 0; i < 1_000; i++) {
            memory.put("K" + i, new long[] {7, 10_000 + i});
        }
        long bytesFull = memory.bytes();
        memory.advanceWatermark(10_499); // the first sweep is due at once
        assertNull(memory.get("K499"), "forgotten at its forget time");
        assertArrayEquals(new long[] {7, 10_500}, memory.get("K500"), "remembered until its own");
        assertEquals(500, memory.entries(), "the sweep reclaimed the 500 forgotten keys");
        assertTrue(memory.bytes() < bytesFull, memory.bytes() + " < " + bytesFull);

        memory.advanceWatermark(10_500);
        assertNull(memory.get("K500"), "forgotten at once, though the next sweep is only due at 11,499");
        assertArrayEquals(new long[] {7, 10_501}, memory.get("K501"));
        assertEquals(500, memory.entries(), "its bytes wait for the next sweep");

        // A forgotten key taken again (a late copy is remembered anew) gets a fresh entry.
        memory.put("K3", new long[] {9, 20_000});
        assertArrayEquals(new long[] {9, 20_000}, memory.get("K3"));
        assertEquals(501, memory.entries());
        memory.advanceWatermark(11_499);
        for (int i = 0; i < 1_000; i++) {
            if (i != 3) {
                assertNull(memory.get("K" + i), "K" + i);
            }
        }
        assertEquals(1, memory.remembered());
        assertEquals(501, memory.entries(), "the table has not doubled since its rebuild kept 500: no rebuild yet");

        // 499 new keys: 1,000 entries, twice the 500 kept, and the next due sweep rebuilds.
        for (int i = 1_000; i < 1_499; i++) {
            memory.put("K" + i, new long[] {7, 50_000});
        }
        memory.advanceWatermark(12_499);
        assertEquals(500, memory.entries(), "K3 and the 499 new keys are left");
        assertArrayEquals(new long[] {9, 20_000}, memory.get("K3"));

        // Falling traffic: nothing new, so the table never doubles again. Every 32 sweep intervals a table holding a
        // forgotten key is counted, and rebuilt once half its entries or more are forgotten.
        memory.advanceWatermark(20_000);
        assertEquals(499, memory.remembered(), "K3 forgotten");
        memory.advanceWatermark(12_499 + DuplicateMemory.STALE_SWEEPS * 1_000L); // 32 intervals after the rebuild
        assertEquals(500, memory.entries(), "counted: 1 forgotten entry of 500, not rebuilt");
        memory.advanceWatermark(50_000);
        assertEquals(0, memory.remembered(), "the 499 new keys forgotten too");
        assertEquals(500, memory.entries(), "the next count is 32 intervals after the last");
        long sweepBeforeStale = 44_499 + DuplicateMemory.STALE_SWEEPS * 1_000L - 1;
        memory.advanceWatermark(sweepBeforeStale);
        assertEquals(500, memory.entries(), "a sweep, but the count is not yet 32 intervals old");
        memory.advanceWatermark(sweepBeforeStale + 999);
        assertEquals(500, memory.entries(), "no sweep due before one interval after the last");
        memory.advanceWatermark(sweepBeforeStale + 1_000);
        assertEquals(0, memory.entries(), "all 500 forgotten: every byte given back");
        assertNull(memory.get("K3"));
    }

    /**
     * A fast live stream whose keys are remembered for long (the join keeps a key until its month's window has
     * closed): each record costs at most about two entry copies in rebuilds, however many keys are remembered,
     * and the memory holds at most about twice the keys it remembers. Rebuilding every table holding a forgotten
     * key at every sweep, as before, copied the whole remembered set (here some 20,000 keys) every 100 records.
     */
    @Test
    void forgettingCostsAtMostTwoCopiesPerKeyAndHoldsAtMostTwiceTheRememberedKeys() {
        long sweep = 1_000;
        DuplicateMemory memory = new DuplicateMemory(MAX_PARALLELISM, 1, true, sweep);
        long keys = 400_000;
        long heldMost = 0;
        long rememberedMost = 0;
        for (long i = 0; i < keys; i++) {
            long at = i * 10; // one key every 10 ms of event time, remembered for 200 s
            memory.put("D" + i + "#1", new long[] {i + 1, at + 200_000});
            memory.advanceWatermark(at);
            if (i % 10_000 == 0) {
                heldMost = Math.max(heldMost, memory.entries());
                rememberedMost = Math.max(rememberedMost, memory.remembered());
            }
        }
        assertEquals(20_000, rememberedMost, "key j is remembered while 10 j + 200,000 > 10 i: the last 20,000");
        assertTrue(memory.rebuildCopies() <= 2 * keys,
                memory.rebuildCopies() + " entries copied for " + keys + " keys put");
        assertTrue(heldMost <= 2 * rememberedMost + sweep / 10, // twice what was kept, and one interval's keys
                heldMost + " entries held, " + rememberedMost + " remembered");
        assertTrue(memory.rebuildCopies() > 0, "forgotten keys were reclaimed");
        memory.close();
    }

    @Test
    void aCheckpointWrittenPerKeyGroupRestoresAtAnyParallelismWithoutForgottenKeys() throws IOException {
        DuplicateMemory before = new DuplicateMemory(MAX_PARALLELISM, 2, true, 1_000_000);
        Map<String, long[]> remembered = new HashMap<>();
        List<String> keys = trickyKeys();
        for (int i = 0; i < keys.size(); i++) {
            long[] values = {31L * i + 1, i % 3 == 0 ? 0 : 17L * i + 2, i % 5 == 0 ? 0 : 5_000 + i};
            before.put(keys.get(i), values);
            remembered.put(keys.get(i), values);
        }
        before.advanceWatermark(5_100); // forgets keys 1..100 with a forget time (the sweep is not due yet)
        remembered.entrySet().removeIf(e -> e.getValue()[2] != 0 && e.getValue()[2] <= 5_100);

        Map<Integer, byte[]> groups = new HashMap<>();
        for (int group = 0; group < MAX_PARALLELISM; group++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            before.writeKeyGroup(group, new DataOutputStream(bytes));
            groups.put(group, bytes.toByteArray());
        }
        // Rescaled to 3 subtasks: each reads the key groups Flink assigns it.
        for (int subtask = 0; subtask < 3; subtask++) {
            KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, 3,
                    subtask);
            DuplicateMemory after = new DuplicateMemory(MAX_PARALLELISM, 2, true, 1_000_000);
            for (int group : range) {
                after.readKeyGroup(group, new DataInputStream(new ByteArrayInputStream(groups.get(group))));
            }
            for (String key : keys) {
                boolean mine = range.contains(KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM));
                long[] expected = mine ? remembered.get(key) : null;
                assertArrayEquals(expected, after.get(key), key + " in subtask " + subtask);
            }
        }
        assertNotEquals(keys.size(), remembered.size(), "the test's premise: some keys were forgotten");
    }

    @Test
    void aBacktestsMemoryRestoresIntoALiveRunAndAnotherScenarioCountIsRefused() throws IOException {
        DuplicateMemory backtest = new DuplicateMemory(MAX_PARALLELISM, 1, false, 1);
        backtest.put("D1#1", new long[] {42, 0});
        int group = KeyGroupRangeAssignment.assignToKeyGroup("D1#1", MAX_PARALLELISM);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        backtest.writeKeyGroup(group, new DataOutputStream(bytes));

        DuplicateMemory live = new DuplicateMemory(MAX_PARALLELISM, 1, true, 1);
        live.readKeyGroup(group, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        live.advanceWatermark(Long.MAX_VALUE - 1);
        assertArrayEquals(new long[] {42, 0}, live.get("D1#1"), "never forgotten");

        DuplicateMemory twoScenarios = new DuplicateMemory(MAX_PARALLELISM, 2, false, 1);
        assertThrows(IllegalStateException.class, () -> twoScenarios.readKeyGroup(group,
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    /**
     * The memory's pages off the heap: entries fill small pages, then pages of the full size, never straddling two;
     * a key longer than a page gets a page of its own; a sweep packs the survivors into fresh pages; a key group
     * written and read back is the same; and {@code close} gives every page back.
     */
    @Test
    void entriesAcrossManyPagesAndKeysLongerThanAPageSurviveSweepsCheckpointsAndClose() throws IOException {
        DuplicateMemory memory = new DuplicateMemory(1, 1, true, 1);
        Map<String, long[]> reference = new HashMap<>();
        Random random = new Random(5);
        for (int i = 0; i < 40_000; i++) {
            // One key group (max parallelism 1): 40,000 entries of 20 to 60 bytes take some 30 pages.
            String key = "D" + i + "#" + "x".repeat(random.nextInt(40));
            long[] values = {i + 1, i % 2 == 0 ? 100 : 0};
            if (i % 10_000 == 7) {
                key = "LONG" + i + "y".repeat(70_000 + i); // longer than a page (64 KiB)
            }
            memory.put(key, values);
            reference.put(key, values);
        }
        assertTrue(memory.bytes() > 40_000 * 20, memory.bytes() + " bytes");
        memory.advanceWatermark(100); // forgets the even keys: the sweep rebuilds the table
        reference.values().removeIf(v -> v[1] == 100);
        assertEquals(reference.size(), memory.entries());
        for (Map.Entry<String, long[]> e : reference.entrySet()) {
            assertArrayEquals(new long[] {e.getValue()[0], 0}, memory.get(e.getKey()), e.getKey());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        memory.writeKeyGroup(0, new DataOutputStream(bytes));
        try (DuplicateMemory restored = new DuplicateMemory(1, 1, true, 1)) {
            restored.readKeyGroup(0, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(reference.size(), restored.entries());
            for (String key : reference.keySet()) {
                assertArrayEquals(memory.get(key), restored.get(key), key);
            }
            assertNull(restored.get("D0#"), "an unknown key");
        }
        memory.close();
        assertEquals(0, memory.entries());
        assertEquals(0, memory.bytes(), "every page given back");
        // Used after close it throws: a checkpoint written from it would hold no keys at all.
        assertThrows(IllegalStateException.class, () -> memory.writeKeyGroup(0, new DataOutputStream(bytes)));
        assertThrows(IllegalStateException.class, () -> memory.get("D1#"));
    }

    /** An entry's slots are a content hash per scenario: a run of many scenarios has wide entries (4.8 KB here). */
    @Test
    void sixHundredScenariosEachKeepTheirHash() {
        try (DuplicateMemory memory = new DuplicateMemory(MAX_PARALLELISM, 600, true, 1)) {
            for (int k = 0; k < 50; k++) {
                long[] values = new long[601];
                for (int i = 0; i < 600; i++) {
                    values[i] = (i + k) % 7 == 0 ? 0 : 1_000L * k + i;
                }
                values[600] = 5_000 + k;
                memory.put("D" + k + "#1", values);
            }
            for (int k = 0; k < 50; k++) {
                long[] values = memory.get("D" + k + "#1");
                assertEquals((599 + k) % 7 == 0 ? 0 : 1_000L * k + 599, values[599], "D" + k);
                assertEquals((1 + k) % 7 == 0 ? 0 : 1_000L * k + 1, values[1]);
                assertEquals(5_000 + k, values[600]);
            }
        }
    }

    /**
     * What a remembered key costs: a million keys shaped like the simulator's ({@code SIM-42-123456#3}), one
     * scenario, as a backtest keeps them. The previous design's keyed state cost about 131 bytes per key (heap
     * histogram, docs/performance.md); the bound here is the arena's own arithmetic: 1 header + 15 key bytes + 8 for
     * the hash, plus an int index slot at most two thirds full (6) and the arena's growth room (at most half).
     */
    @Test
    void aMillionSimulatorKeysCostAFewDozenBytesEach() {
        DuplicateMemory memory = new DuplicateMemory(MAX_PARALLELISM, 1, false, 1);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            String key = "SIM-42-" + (100_000 + i / 3) + "#" + (1 + i % 3);
            assertNull(memory.get(key));
            memory.put(key, new long[] {i + 1L, 0});
        }
        assertEquals(n, memory.entries());
        double perKey = memory.bytes() / (double) n;
        System.out.printf("duplicate memory: %,d keys, %,d bytes, %.1f bytes per key%n", n, memory.bytes(), perKey);
        assertTrue(perKey <= 24 * 1.5 + 12, perKey + " bytes per key");
        assertArrayEquals(new long[] {1, 0}, memory.get("SIM-42-100000#1"));
    }

    /** Counted by hand: a power of two, at least 16, that holds the keys at most two thirds full. */
    @Test
    void anIndexSizedForItsKeysIsWhereDoublingWouldStop() {
        assertEquals(16, DuplicateMemory.indexCapacityFor(0));
        assertEquals(16, DuplicateMemory.indexCapacityFor(10));       // 30 <= 32
        assertEquals(32, DuplicateMemory.indexCapacityFor(11));       // 33 > 32
        assertEquals(131_072, DuplicateMemory.indexCapacityFor(78_125)); // 10 M records over 128 key groups
        assertEquals(131_072, DuplicateMemory.indexCapacityFor(87_381)); // 262,143 <= 262,144
        assertEquals(262_144, DuplicateMemory.indexCapacityFor(87_382));
        assertEquals(1 << 24, DuplicateMemory.indexCapacityFor(Long.MAX_VALUE / 4));
    }

    /**
     * A backtest's memory sized from the start for the keys it expects holds the same keys as one that grew, in
     * as many bytes when the guess was right; a guess too low or too high changes nothing it answers.
     */
    @Test
    void aMemorySizedFromTheStartAnswersAsOneThatGrew() {
        int n = 300_000;
        DuplicateMemory grown = new DuplicateMemory(MAX_PARALLELISM, 1, false, 1);
        DuplicateMemory right = new DuplicateMemory(MAX_PARALLELISM, 1, false, 1, n);
        DuplicateMemory low = new DuplicateMemory(MAX_PARALLELISM, 1, false, 1, n / 10);
        DuplicateMemory high = new DuplicateMemory(MAX_PARALLELISM, 1, false, 1, 10L * n);
        List<DuplicateMemory> all = List.of(grown, right, low, high);
        for (int i = 0; i < n; i++) {
            String key = "SIM-42-" + (100_000 + i / 3) + "#" + (1 + i % 3);
            for (DuplicateMemory m : all) {
                assertNull(m.get(key), key);
                m.put(key, new long[] {i + 1L, 0});
            }
        }
        for (int i = 0; i < n; i += 7) {
            String key = "SIM-42-" + (100_000 + i / 3) + "#" + (1 + i % 3);
            for (DuplicateMemory m : all) {
                assertArrayEquals(new long[] {i + 1L, 0}, m.get(key), key);
            }
        }
        for (DuplicateMemory m : all) {
            assertEquals(n, m.entries());
            assertNull(m.get("SIM-42-100000#4"));
        }
        assertEquals(grown.bytes(), right.bytes(), "sized right: the index a grown one ends with");
        assertEquals(grown.bytes(), low.bytes(), "sized too small: grown from there to the same index");
        assertTrue(high.bytes() > grown.bytes(), "sized too large: more memory, the same answers");
    }

    /**
     * The join looks a record up by its declaration and item ({@link DuplicateMemory#get(CustomsRecord)}), without
     * the key's string: the same entry as the string, in the same key group. Two memories filled one way and the other
     * find each other's keys and write byte-identical checkpoints; declarations that are not plain ASCII take the
     * string's way.
     */
    @Test
    void aRecordIsTheSameEntryAsItsKeysString() throws IOException {
        Set<String> declarations = new LinkedHashSet<>();
        for (String key : trickyKeys()) {
            declarations.add(key.replace("#", "")); // colliding hashes, non-ASCII, surrogates, empty, long
        }
        long[] items = {0, 1, 9, 10, 11, 99, 100, 12_345, 1_000_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        DuplicateMemory byRecord = new DuplicateMemory(MAX_PARALLELISM, 2, false, 1);
        DuplicateMemory byString = new DuplicateMemory(MAX_PARALLELISM, 2, false, 1);
        List<CustomsRecord> records = new ArrayList<>();
        int n = 0;
        for (String declaration : declarations) {
            for (long item : items) {
                CustomsRecord r = new CustomsRecord();
                r.declarationId = declaration;
                r.itemNo = item;
                records.add(r);
                long[] values = {++n, -n, 0};
                assertNull(byRecord.get(r), "new: " + declaration + "#" + item);
                byRecord.put(r, values.clone());
                byString.put(new String(declaration + '#' + item), values.clone());
            }
        }
        n = 0;
        for (CustomsRecord r : records) {
            ++n;
            String key = r.declarationId + '#' + r.itemNo;
            assertArrayEquals(new long[] {n, -n, 0}, byRecord.get(key), key);
            CustomsRecord copy = new CustomsRecord();
            copy.declarationId = new String(r.declarationId);
            copy.itemNo = r.itemNo;
            assertArrayEquals(new long[] {n, -n, 0}, byString.get(copy), key);
        }
        assertEquals(records.size(), byRecord.entries());
        assertEquals(byString.entries(), byRecord.entries());
        for (int group = 0; group < MAX_PARALLELISM; group++) {
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byRecord.writeKeyGroup(group, new DataOutputStream(a));
            byString.writeKeyGroup(group, new DataOutputStream(b));
            assertArrayEquals(b.toByteArray(), a.toByteArray(), "key group " + group);
        }
    }
}
