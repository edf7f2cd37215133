package org.ptaflow.pipeline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The scenario join's memory of accepted (declaration, item) keys: per key, the content hash accepted in each
 * scenario (0: none) and, in a live run, the event time from which the key may be forgotten — what the join kept
 * before in Flink's keyed {@code ValueState<long[]>} at about 131 bytes per key, here in a few dozen.
 *
 * <p>Exact: a key is found only by its own bytes. The key's {@code String} hash only picks the slot to start probing
 * at; every candidate is compared byte for byte with the key, so two distinct keys are never taken for one (a record
 * wrongly dropped as a duplicate would be a record lost). The bytes are the key's characters, one byte each when all
 * are ASCII and two (UTF-16) otherwise, behind a header that says which and how many: an injective encoding of any
 * Java string (UTF-8 is not, for strings with lone surrogates).
 *
 * <p>Layout, one {@link Table} per key group (so that a checkpoint writes, and a restore at another parallelism
 * reads, each key group on its own, as Flink redistributes keyed state): an append-only byte arena of entries
 * {@code [header varint][key bytes][slot longs]}, and an open-addressing index of ints (the entry's arena offset
 * plus one, 0 for an empty slot) with linear probing, at most two thirds full, beside a byte per index slot from
 * the key's hash: a probe compares a key's bytes only when that byte matches, so a lookup seldom reads the arena
 * of another key (a cache miss each).
 *
 * <p>Forgetting (live runs): a key whose forget time the watermark has reached is gone for every lookup at once,
 * exactly when the per-key timer of the previous design fired; its bytes are reclaimed by rebuilding its key
 * group's table, at most once per {@link #sweepEveryMillis} of event time, so that the cost of a rebuild spreads
 * over many records and the memory stays bounded (live keys plus at most one sweep interval of expired ones).
 *
 * <p>Not thread-safe; lives in one operator instance (checkpointed by {@link ScenarioJoinOperator} in raw keyed
 * state, synchronously: the snapshot writes every live entry of the subtask's key groups).
 */
final class DuplicateMemory {
    /** The format of a key group's bytes in a checkpoint; a reader refuses another. */
    static final int FORMAT = 1;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int maxParallelism;
    /** How many scenarios the run has: one content-hash slot each. */
    final int scenarios;
    /** Live runs keep one more slot, the forget time; a backtest never forgets, and saves those 8 bytes. */
    final boolean forgets;
    /** Longs per entry. */
    private final int slots;
    /** Event time between two sweeps of a key group's expired keys. */
    private final long sweepEveryMillis;
    private final Table[] tables;
    /** The operator's watermark: keys with a forget time at or below it are gone. */
    private long watermark = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;

    /** The key last looked up, and where: {@link #put} of the same key does not probe again. */
    private String lastKey;
    private Table lastTable;
    private int lastIndexSlot;
    private int lastEntry;
    private byte[] scratch = new byte[64];
    private int scratchLength;

    /**
     * @param scenarios how many scenarios the run has
     * @param forgets true in a live run: each key keeps its forget time
     * @param sweepEveryMillis live runs: event time between two rebuilds of a key group's table
     */
    DuplicateMemory(int maxParallelism, int scenarios, boolean forgets, long sweepEveryMillis) {
        this.maxParallelism = maxParallelism;
        this.scenarios = scenarios;
        this.forgets = forgets;
        this.slots = scenarios + (forgets ? 1 : 0);
        this.sweepEveryMillis = Math.max(1, sweepEveryMillis);
        this.tables = new Table[maxParallelism];
    }

    /**
     * The key's slots, as the previous design's {@code long[]}: a content hash per scenario, then the forget time
     * (0 in a backtest); null if the key is not remembered (never accepted, or forgotten).
     */
    long[] get(String key) {
        encode(key);
        int group = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
        Table table = tables[group];
        if (table == null) {
            table = tables[group] = new Table(slots);
        }
        lastKey = key;
        lastTable = table;
        int entry = table.find(key.hashCode(), scratch, scratchLength);
        if (entry < 0) {
            lastIndexSlot = -entry - 1;
            lastEntry = -1;
            return null;
        }
        lastEntry = entry;
        int at = entry + scratchLength;
        if (forgets) {
            long forgetFrom = (long) LONGS.get(table.arena, at + 8 * scenarios);
            if (forgetFrom != 0 && forgetFrom <= watermark) {
                return null; // forgotten; the entry is reused by put, or reclaimed by the next sweep
            }
        }
        long[] values = new long[scenarios + 1];
        for (int i = 0; i < slots; i++) {
            values[i] = (long) LONGS.get(table.arena, at + 8 * i);
        }
        return values;
    }

    /** Stores the key's slots ({@code scenarios + 1} longs, the last the forget time); after {@link #get} of it. */
    void put(String key, long[] values) {
        if (key != lastKey) {
            get(key);
        }
        Table table = lastTable;
        if (lastEntry < 0) {
            lastEntry = table.append(lastIndexSlot, key.hashCode(), scratch, scratchLength);
        }
        int at = lastEntry + scratchLength;
        for (int i = 0; i < slots; i++) {
            LONGS.set(table.arena, at + 8 * i, values[i]);
        }
        if (forgets && values[scenarios] != 0) {
            table.earliestForget = Math.min(table.earliestForget, values[scenarios]);
        }
    }

    /**
     * The operator's watermark has advanced: keys with a forget time at or below it are gone; their key groups'
     * tables are rebuilt without them once per sweep interval.
     */
    void advanceWatermark(long mark) {
        watermark = Math.max(watermark, mark);
        if (!forgets || watermark < nextSweep) {
            return;
        }
        boolean swept = false;
        for (Table table : tables) {
            if (table != null && table.earliestForget <= watermark) {
                table.rebuild(this);
                swept = true;
            }
        }
        if (swept) {
            lastKey = null;
            nextSweep = watermark > Long.MAX_VALUE - sweepEveryMillis ? Long.MAX_VALUE : watermark + sweepEveryMillis;
        }
    }

    long watermark() {
        return watermark;
    }

    /** Entries held (the forgotten ones not yet reclaimed included): what the memory costs. */
    long entries() {
        long n = 0;
        for (Table t : tables) {
            n += t == null ? 0 : t.count;
        }
        return n;
    }

    /** Bytes held by the arenas and indexes (their full capacity). */
    long bytes() {
        long n = 0;
        for (Table t : tables) {
            n += t == null ? 0 : t.arena.length + 5L * t.index.length;
        }
        return n;
    }

    /** Whether an entry at {@code offset} of {@code table} is forgotten at the current watermark. */
    private boolean forgotten(Table table, int offset, int headerAndKey) {
        if (!forgets) {
            return false;
        }
        long forgetFrom = (long) LONGS.get(table.arena, offset + headerAndKey + 8 * scenarios);
        return forgetFrom != 0 && forgetFrom <= watermark;
    }

    /**
     * Writes the key group's remembered keys (forgotten ones left out: after a restore the watermark starts again
     * from nothing, and they must stay forgotten).
     */
    void writeKeyGroup(int group, DataOutput out) throws IOException {
        Table table = tables[group];
        out.writeInt(FORMAT);
        out.writeInt(scenarios);
        out.writeBoolean(forgets);
        if (table == null) {
            out.writeInt(0);
            return;
        }
        int live = 0;
        for (int offset = 0; offset < table.used; offset = table.next(offset)) {
            if (!forgotten(table, offset, table.keyEnd(offset) - offset)) {
                live++;
            }
        }
        out.writeInt(live);
        for (int offset = 0; offset < table.used; offset = table.next(offset)) {
            int keyEnd = table.keyEnd(offset);
            if (!forgotten(table, offset, keyEnd - offset)) {
                out.write(table.arena, offset, keyEnd - offset + 8 * slots);
            }
        }
    }

    /**
     * Reads a key group written by {@link #writeKeyGroup}, from a run with the same scenarios (a backtest's
     * memory, without forget times, restores into a live run as never to be forgotten, and the other way round
     * the forget times are dropped).
     */
    void readKeyGroup(int group, DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("duplicate memory of key group " + group + " has format " + format
                    + ", this version reads " + FORMAT);
        }
        int storedScenarios = in.readInt();
        boolean storedForgets = in.readBoolean();
        int count = in.readInt();
        if (storedScenarios != scenarios) {
            throw scenarioMismatch(storedScenarios);
        }
        long[] values = new long[scenarios + 1];
        byte[] stored = new byte[8 * (storedScenarios + (storedForgets ? 1 : 0))];
        for (int e = 0; e < count; e++) {
            int header = readVarint(in);
            int keyBytes = (header >>> 1) << (header & 1);
            ensureScratch(5 + keyBytes);
            scratchLength = writeVarint(scratch, 0, header);
            in.readFully(scratch, scratchLength, keyBytes);
            scratchLength += keyBytes;
            // The slots as the arena holds them (little-endian), written by writeKeyGroup as they were.
            in.readFully(stored);
            for (int i = 0; i < scenarios; i++) {
                values[i] = (long) LONGS.get(stored, 8 * i);
            }
            values[scenarios] = storedForgets ? (long) LONGS.get(stored, 8 * scenarios) : 0;
            insertScratch(group, decodeHash(), values);
        }
    }

    IllegalStateException scenarioMismatch(int stored) {
        // The memory's slots follow the run's scenarios in order: a savepoint taken with another list of
        // scenarios cannot be mapped (docs/operations.md).
        return new IllegalStateException("the duplicate memory restored holds " + stored
                + " scenarios, this run has " + scenarios + ": resume a savepoint with the same --scenario files in "
                + "the same order, or start without its state");
    }

    /** Puts the key in {@link #scratch} (with {@code keyHash} its String hash) into {@code group}'s table. */
    private void insertScratch(int group, int keyHash, long[] values) {
        Table table = tables[group];
        if (table == null) {
            table = tables[group] = new Table(slots);
        }
        int entry = table.find(keyHash, scratch, scratchLength);
        if (entry < 0) {
            entry = table.append(-entry - 1, keyHash, scratch, scratchLength);
        }
        for (int i = 0; i < slots; i++) {
            LONGS.set(table.arena, entry + scratchLength + 8 * i, values[i]);
        }
        if (forgets && values[scenarios] != 0) {
            table.earliestForget = Math.min(table.earliestForget, values[scenarios]);
        }
        lastKey = null;
    }

    /** Adds a key (a restore from the previous design's keyed state): as {@link #get} then {@link #put}. */
    void restore(String key, long[] values) {
        lastKey = null;
        get(key);
        long[] copy = Arrays.copyOf(values, scenarios + 1);
        if (!forgets) {
            copy[scenarios] = 0;
        }
        put(key, copy);
        lastKey = null;
    }

    /** The String hash of the key in {@link #scratch} (restore: the index needs it; equal to the key's hashCode). */
    private int decodeHash() {
        int[] pos = {0};
        int header = readVarint(scratch, pos);
        int chars = header >>> 1;
        int h = 0;
        int p = pos[0];
        for (int i = 0; i < chars; i++) {
            char c = (header & 1) == 0 ? (char) (scratch[p + i] & 0xff)
                    : (char) (((scratch[p + 2 * i] & 0xff) << 8) | (scratch[p + 2 * i + 1] & 0xff));
            h = 31 * h + c;
        }
        return h;
    }

    /** Encodes the key into {@link #scratch}: header (chars << 1 | two-byte flag) as varint, then the chars. */
    private void encode(String key) {
        int n = key.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = key.charAt(i) < 0x80;
        }
        ensureScratch(5 + 2 * n);
        int p = writeVarint(scratch, 0, (n << 1) | (ascii ? 0 : 1));
        if (ascii) {
            for (int i = 0; i < n; i++) {
                scratch[p++] = (byte) key.charAt(i);
            }
        } else {
            for (int i = 0; i < n; i++) {
                char c = key.charAt(i);
                scratch[p++] = (byte) (c >>> 8);
                scratch[p++] = (byte) c;
            }
        }
        scratchLength = p;
    }

    private void ensureScratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
        }
    }

    private static int writeVarint(byte[] to, int at, int v) {
        while ((v & ~0x7f) != 0) {
            to[at++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        to[at++] = (byte) v;
        return at;
    }

    private static int readVarint(byte[] from, int[] pos) {
        int v = 0;
        int shift = 0;
        int p = pos[0];
        byte b;
        do {
            b = from[p++];
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        pos[0] = p;
        return v;
    }

    private static int readVarint(DataInput in) throws IOException {
        int v = 0;
        int shift = 0;
        byte b;
        do {
            b = in.readByte();
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    /** One key group's keys: the arena of entries and the index into it. */
    private static final class Table {
        /** Longs after each entry's key. */
        final int slots;
        byte[] arena = new byte[0];
        int used;
        /** Slot: entry offset + 1; 0 empty. Length a power of two. */
        int[] index = new int[16];
        /** Per index slot, {@link #tag} of the key's hash there. */
        byte[] tags = new byte[16];
        int count;
        /** A lower bound of the forget times of the entries (live runs): nothing to sweep before it. */
        long earliestForget = Long.MAX_VALUE;

        Table(int slots) {
            this.slots = slots;
        }

        /** The slot to probe first for a key of this String hash (Fibonacci hashing: the top bits). */
        private int home(int keyHash) {
            int bits = Integer.numberOfTrailingZeros(index.length);
            return (int) ((keyHash * 0x9E3779B97F4A7C15L) >>> (64 - bits));
        }

        /** Eight bits of a key's hash other than those {@link #home} takes first. */
        private static byte tag(int keyHash) {
            return (byte) keyHash;
        }

        /** The key's entry offset, or -(the free index slot where it would go) - 1. */
        int find(int keyHash, byte[] key, int keyLength) {
            int mask = index.length - 1;
            byte tag = tag(keyHash);
            for (int slot = home(keyHash); ; slot = (slot + 1) & mask) {
                int v = index[slot];
                if (v == 0) {
                    return -slot - 1;
                }
                if (tags[slot] != tag) {
                    continue; // another key: its hash differs
                }
                int offset = v - 1;
                // An entry whose header (the key's length) differs may end before keyLength bytes: not this key.
                if (offset + keyLength <= used && Arrays.equals(arena, offset, offset + keyLength, key, 0, keyLength)) {
                    return offset;
                }
            }
        }

        /** Appends an entry (slots zero) for the key, indexed at {@code indexSlot}; returns its offset. */
        int append(int indexSlot, int keyHash, byte[] key, int keyLength) {
            int size = keyLength + 8 * slots;
            if (used + size > arena.length) {
                long grown = Math.max((long) used + size, arena.length + (arena.length >> 1) + 64);
                if (grown > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("a key group's duplicate memory is over 2 GB");
                }
                arena = Arrays.copyOf(arena, (int) grown);
            }
            int offset = used;
            System.arraycopy(key, 0, arena, offset, keyLength);
            Arrays.fill(arena, offset + keyLength, offset + size, (byte) 0);
            used += size;
            index[indexSlot] = offset + 1;
            tags[indexSlot] = tag(keyHash);
            count++;
            if (3 * count > 2 * index.length) {
                reindex(index.length * 2);
            }
            return offset;
        }

        /** Offset just past an entry's key (header and key bytes). */
        int keyEnd(int offset) {
            int[] pos = {offset};
            int header = readVarint(arena, pos);
            return pos[0] + ((header >>> 1) << (header & 1));
        }

        int next(int offset) {
            return keyEnd(offset) + 8 * slots;
        }

        /** The String hash of the entry's key, from its bytes. */
        int keyHash(int offset) {
            int[] pos = {offset};
            int header = readVarint(arena, pos);
            int chars = header >>> 1;
            int p = pos[0];
            int h = 0;
            for (int i = 0; i < chars; i++) {
                char c = (header & 1) == 0 ? (char) (arena[p + i] & 0xff)
                        : (char) (((arena[p + 2 * i] & 0xff) << 8) | (arena[p + 2 * i + 1] & 0xff));
                h = 31 * h + c;
            }
            return h;
        }

        private void reindex(int capacity) {
            index = new int[capacity];
            tags = new byte[capacity];
            int mask = capacity - 1;
            for (int offset = 0; offset < used; ) {
                int keyHash = keyHash(offset);
                int slot = home(keyHash);
                while (index[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                index[slot] = offset + 1;
                tags[slot] = tag(keyHash);
                offset = next(offset);
            }
        }

        /** Drops the entries forgotten at the memory's watermark: a new arena and index of the others. */
        void rebuild(DuplicateMemory memory) {
            byte[] kept = new byte[used];
            int keptUsed = 0;
            int keptCount = 0;
            long earliest = Long.MAX_VALUE;
            for (int offset = 0; offset < used; ) {
                int keyEnd = keyEnd(offset);
                int end = keyEnd + 8 * slots;
                long forgetFrom = (long) LONGS.get(arena, keyEnd + 8 * memory.scenarios);
                if (forgetFrom == 0 || forgetFrom > memory.watermark) {
                    System.arraycopy(arena, offset, kept, keptUsed, end - offset);
                    keptUsed += end - offset;
                    keptCount++;
                    if (forgetFrom != 0) {
                        earliest = Math.min(earliest, forgetFrom);
                    }
                }
                offset = end;
            }
            arena = Arrays.copyOf(kept, keptUsed + (keptUsed >> 2));
            used = keptUsed;
            count = keptCount;
            earliestForget = earliest;
            int capacity = 16;
            while (3 * count > 2 * capacity) {
                capacity *= 2;
            }
            reindex(capacity);
        }
    }
}
