package org.ptaflow.pipeline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.ptaflow.records.CustomsRecord;

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
 * reads, each key group on its own, as Flink redistributes keyed state), all of it off the Java heap (Flink's
 * {@link MemorySegment}s, freed by {@link #close}): an append-only arena of entries
 * {@code [header varint][key bytes][slot longs, little-endian]} in pages that never move, and an open-addressing
 * index with linear probing, at most two thirds full, of five-byte slots: the entry's reference (page and offset)
 * plus one as an int, 0 for an empty slot, then a byte of the key's hash. A probe compares a key's bytes only when
 * that byte matches, so a lookup seldom reads the arena of another key (a cache miss each). Off the heap, the
 * memory costs the collector nothing: it is never copied, promoted or compacted, and the heap stays the size of
 * the records in flight. On a standalone cluster it counts as task off-heap memory (docs/operations.md).
 *
 * <p>Forgetting (live runs): a key whose forget time the watermark has reached is gone for every lookup at once,
 * exactly when the per-key timer of the previous design fired; its bytes are reclaimed by rebuilding its key
 * group's table, which copies the entries still remembered. A rebuild is considered at most once per
 * {@link #sweepEveryMillis} of event time, and done for a table holding a forgotten key only when the table holds
 * at least twice the entries its last rebuild kept, or, when its last rebuild is {@link #STALE_SWEEPS} sweep
 * intervals old, when half its entries are forgotten (counted by a scan, which copies nothing). So a rebuild copies
 * about as many entries as were added since the one before (a record costs about one copy, however long its keys
 * are remembered: with monthly windows the join remembers up to two months of keys, and rebuilding every table
 * at every sweep copied some twenty entries per record of a fast stream), and a table holds at most twice the
 * entries it kept at its last rebuild plus one sweep interval's new keys; when traffic falls, its forgotten bytes
 * are given back within {@link #STALE_SWEEPS} sweep intervals of being half the table.
 *
 * <p>Not thread-safe; lives in one operator instance (checkpointed by {@link ScenarioJoinOperator} in raw keyed
 * state, synchronously: the snapshot writes every live entry of the subtask's key groups).
 */
final class DuplicateMemory implements AutoCloseable {
    /** The format of a key group's bytes in a checkpoint; a reader refuses another. */
    static final int FORMAT = 1;

    /**
     * Sweep intervals after which a table holding forgotten keys is rebuilt even if it has not doubled since its last
     * rebuild (falling traffic): eight horizons at the join's interval of a quarter horizon.
     */
    static final int STALE_SWEEPS = 32;

    private static final Cleaner CLEANER = Cleaner.create();

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int maxParallelism;
    /** The index slots of a key group's table when the memory makes it (a power of two). */
    private final int initialCapacity;
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

    /**
     * The key last looked up (its string, or the record it was read from), and where: {@link #put} of the same key
     * does not probe again.
     */
    private Object lastKey;
    private int lastHash;
    private Table lastTable;
    private int lastIndexSlot;
    private int lastEntry;
    private byte[] scratch = new byte[64];
    /** {@link #scratch} as a segment, to compare with the pages. */
    private MemorySegment scratchSegment = MemorySegmentFactory.wrap(scratch);
    private int scratchLength;
    /** Entries copied by rebuilds so far: what forgetting has cost (tests check it stays amortised). */
    private long rebuildCopies;
    /** What {@link #touch} read (never used). */
    private int touched;
    /** Set by {@link #close}: every use after it throws rather than see an empty memory. */
    private boolean closed;
    /** Frees the tables' pages: at {@link #close}, or when the memory is found unreachable without it. */
    private final Cleaner.Cleanable cleanable;

    /**
     * @param scenarios how many scenarios the run has
     * @param forgets true in a live run: each key keeps its forget time
     * @param sweepEveryMillis live runs: event time between two rebuilds of a key group's table
     */
    DuplicateMemory(int maxParallelism, int scenarios, boolean forgets, long sweepEveryMillis) {
        this(maxParallelism, scenarios, forgets, sweepEveryMillis, 0);
    }

    /**
     * @param expectedKeys how many keys the whole job is expected to remember (over all its subtasks; 0: unknown):
     *     each key group's index starts large enough for its share, so that it is not rebuilt at every doubling on
     *     the way (a backtest of 10 M records rebuilt its indexes 13 times each, 5 % of the join's time). A
     *     wrong guess costs only memory or the doublings again.
     */
    DuplicateMemory(int maxParallelism, int scenarios, boolean forgets, long sweepEveryMillis, long expectedKeys) {
        this.initialCapacity = indexCapacityFor(expectedKeys / maxParallelism);
        this.maxParallelism = maxParallelism;
        this.scenarios = scenarios;
        this.forgets = forgets;
        this.slots = scenarios + (forgets ? 1 : 0);
        this.sweepEveryMillis = Math.max(1, sweepEveryMillis);
        this.tables = new Table[maxParallelism];
        Table[] owned = tables; // the action must not hold the memory itself, or it would never be unreachable
        this.cleanable = CLEANER.register(this, () -> {
            for (Table t : owned) {
                if (t != null) {
                    t.free();
                }
            }
        });
    }

    /**
     * The index slots of a table made for {@code keys} keys: the smallest power of two, at least 16, that holds them at
     * most two thirds full (where a table that grew by doubling would stop), at most 2^24.
     */
    static int indexCapacityFor(long keys) {
        long capacity = Table.MIN_CAPACITY;
        while (3 * keys > 2 * capacity && capacity < Table.MAX_INITIAL_CAPACITY) {
            capacity *= 2;
        }
        return (int) capacity;
    }

    /**
     * The key's slots, as the previous design's {@code long[]}: a content hash per scenario, then the forget time
     * (0 in a backtest); null if the key is not remembered (never accepted, or forgotten).
     */
    long[] get(String key) {
        requireOpen();
        encode(key);
        return lookup(key, key.hashCode());
    }

    /**
     * {@link #get(String)} of the record's key ({@link CustomsRecord#key()}), without making its string: its bytes
     * written from the declaration and the item, its hash folded from theirs ({@link CustomsRecord#keyHash()}). The
     * same bytes and the same hash as the string's, so the same entry and the same key group.
     */
    long[] get(CustomsRecord record) {
        requireOpen();
        if (!encode(record)) {
            return get(record.key()); // a key that is not plain ASCII: by its string
        }
        return lookup(record, record.keyHash());
    }

    /** The slots of the key in {@link #scratch}, whose String hash is {@code keyHash}; {@code key} identifies it. */
    private long[] lookup(Object key, int keyHash) {
        int group = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(keyHash, maxParallelism);
        Table table = tables[group];
        if (table == null) {
            table = tables[group] = new Table(slots, initialCapacity);
        }
        lastKey = key;
        lastHash = keyHash;
        lastTable = table;
        int entry = table.find(keyHash, scratchSegment, scratchLength);
        if (entry < 0) {
            lastIndexSlot = -entry - 1;
            lastEntry = -1;
            return null;
        }
        lastEntry = entry;
        if (forgets) {
            long forgetFrom = table.slot(entry, scratchLength, scenarios);
            if (forgetFrom != 0 && forgetFrom <= watermark) {
                return null; // forgotten; the entry is reused by put, or reclaimed by the next sweep
            }
        }
        long[] values = new long[scenarios + 1];
        for (int i = 0; i < slots; i++) {
            values[i] = table.slot(entry, scratchLength, i);
        }
        return values;
    }

    /**
     * Reads the index slot where a lookup of the key of this String hash ({@link CustomsRecord#keyHash()}) starts, so
     * that a lookup soon after finds it in the cache ({@link ScenarioJoinOperator} reads a batch's slots together,
     * their cache misses overlapping). What it read is kept, only so that the read is not optimised away.
     */
    void touch(int keyHash) {
        requireOpen();
        Table table = tables[KeyGroupRangeAssignment.computeKeyGroupForKeyHash(keyHash, maxParallelism)];
        if (table != null) {
            touched += table.firstSlot(keyHash);
        }
    }

    /** Stores the key's slots ({@code scenarios + 1} longs, the last the forget time); after {@link #get} of it. */
    void put(String key, long[] values) {
        requireOpen();
        if (key != lastKey) {
            get(key);
        }
        store(values);
    }

    /** {@link #put(String, long[])} of a record's key; after {@link #get(CustomsRecord)} of the same record. */
    void put(CustomsRecord record, long[] values) {
        requireOpen();
        if (record == lastKey) {
            store(values);
        } else if (encode(record)) {
            lookup(record, record.keyHash());
            store(values);
        } else {
            lastKey = null; // encode(record) wrote part of the key: looked up again by its string, encoded whole
            put(record.key(), values);
        }
    }

    /** Writes the slots of the key last looked up ({@link #scratch}), appending its entry if it has none. */
    private void store(long[] values) {
        Table table = lastTable;
        if (lastEntry < 0) {
            lastEntry = table.append(lastIndexSlot, lastHash, scratch, scratchLength);
        }
        for (int i = 0; i < slots; i++) {
            table.setSlot(lastEntry, scratchLength, i, values[i]);
        }
        if (forgets && values[scenarios] != 0) {
            table.earliestForget = Math.min(table.earliestForget, values[scenarios]);
        }
    }

    /**
     * The operator's watermark has advanced: keys with a forget time at or below it are gone; once per sweep
     * interval, the key groups' tables that hold some and have doubled since their last rebuild (or whose last
     * rebuild is stale) are rebuilt without them.
     */
    void advanceWatermark(long mark) {
        watermark = Math.max(watermark, mark);
        if (!forgets || watermark < nextSweep) {
            return;
        }
        long staleSpan = sweepEveryMillis > Long.MAX_VALUE / STALE_SWEEPS ? Long.MAX_VALUE
                : sweepEveryMillis * STALE_SWEEPS;
        long staleBefore = watermark < Long.MIN_VALUE + staleSpan ? Long.MIN_VALUE : watermark - staleSpan;
        boolean checked = false;
        boolean swept = false;
        for (Table table : tables) {
            if (table == null || table.earliestForget > watermark) {
                continue; // nothing forgotten in it
            }
            checked = true;
            boolean doubled = table.count >= 2L * table.keptAtRebuild;
            boolean stale = table.rebuiltAt <= staleBefore;
            if (doubled || stale && 2L * forgottenIn(table) >= table.count) {
                rebuildCopies += table.rebuild(this);
                table.rebuiltAt = watermark;
                swept = true;
            } else if (stale) {
                table.rebuiltAt = watermark; // counted: under half forgotten; counted again in as long
            }
        }
        if (swept) {
            lastKey = null;
        }
        if (checked) {
            nextSweep = watermark > Long.MAX_VALUE - sweepEveryMillis ? Long.MAX_VALUE : watermark + sweepEveryMillis;
        }
    }

    /** The table's entries forgotten at the watermark (a scan of its pages in order, nothing copied). */
    private long forgottenIn(Table table) {
        long n = 0;
        for (int ref = table.first(); ref >= 0; ) {
            int keyLength = table.keyLength(ref);
            if (forgotten(table, ref, keyLength)) {
                n++;
            }
            ref = table.next(ref, keyLength);
        }
        return n;
    }

    /** Entries copied by rebuilds since the memory was made. */
    long rebuildCopies() {
        return rebuildCopies;
    }

    /** Keys remembered at the current watermark (held entries not yet forgotten); scans every table. */
    long remembered() {
        long n = 0;
        for (Table table : tables) {
            n += table == null ? 0 : table.count - forgottenIn(table);
        }
        return n;
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

    /** Bytes held off the heap by the pages and indexes (their full capacity). */
    long bytes() {
        long n = 0;
        for (Table t : tables) {
            n += t == null ? 0 : t.bytes();
        }
        return n;
    }

    /**
     * Gives the memory's pages back to the operating system; the memory is empty afterwards. The operator calls it
     * when it closes (at the end of a run, and on failure or cancellation); a memory dropped without it is freed
     * when the collector finds it unreachable.
     */
    @Override
    public void close() {
        closed = true;
        cleanable.clean();
        lastKey = null;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the duplicate memory was closed: its pages were given back");
        }
    }

    /** Whether the entry at {@code ref} of {@code table} is forgotten at the current watermark. */
    private boolean forgotten(Table table, int ref, int keyLength) {
        if (!forgets) {
            return false;
        }
        long forgetFrom = table.slot(ref, keyLength, scenarios);
        return forgetFrom != 0 && forgetFrom <= watermark;
    }

    /**
     * Writes the key group's remembered keys (forgotten ones left out: after a restore the watermark starts again
     * from nothing, and they must stay forgotten).
     */
    void writeKeyGroup(int group, DataOutput out) throws IOException {
        requireOpen(); // a closed memory would write every key group empty: accepted keys lost from the checkpoint
        Table table = tables[group];
        out.writeInt(FORMAT);
        out.writeInt(scenarios);
        out.writeBoolean(forgets);
        if (table == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(Math.toIntExact(table.count - forgottenIn(table)));
        for (int ref = table.first(); ref >= 0; ) {
            int keyLength = table.keyLength(ref);
            if (!forgotten(table, ref, keyLength)) {
                table.write(ref, keyLength, out);
            }
            ref = table.next(ref, keyLength);
        }
    }

    /**
     * Reads a key group written by {@link #writeKeyGroup}, from a run with the same scenarios (a backtest's
     * memory, without forget times, restores into a live run as never to be forgotten, and the other way round
     * the forget times are dropped).
     */
    void readKeyGroup(int group, DataInput in) throws IOException {
        requireOpen();
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
            insertScratch(group, stringHash(scratch, scratchLength - keyBytes, header), values);
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
        int entry = table.find(keyHash, scratchSegment, scratchLength);
        if (entry < 0) {
            entry = table.append(-entry - 1, keyHash, scratch, scratchLength);
        }
        for (int i = 0; i < slots; i++) {
            table.setSlot(entry, scratchLength, i, values[i]);
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

    /**
     * The String hash of an encoded key's characters, {@code bytes[from..]} after its header: what
     * {@code String.hashCode} gives for the key, which the index needs when the key itself is not at hand (a restore,
     * a reindex, a rebuild). A loop over a Java array, not over the off-heap page byte by byte (a bounds check each).
     */
    private static int stringHash(byte[] bytes, int from, int header) {
        int chars = header >>> 1;
        int h = 0;
        if ((header & 1) == 0) {
            for (int i = from, end = from + chars; i < end; i++) {
                h = 31 * h + (bytes[i] & 0xff);
            }
        } else {
            for (int i = from, end = from + 2 * chars; i < end; i += 2) {
                h = 31 * h + (char) (((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff));
            }
        }
        return h;
    }

    /** The header (chars << 1 | two-byte flag) of the encoded key at {@code at}. */
    private static int header(MemorySegment bytes, int at) {
        int v = 0;
        int shift = 0;
        byte b;
        do {
            b = bytes.get(at++);
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    /** Bytes {@link #writeVarint} takes for {@code v} (the shortest form, the only one it writes). */
    private static int varintSize(int v) {
        return 1 + (31 - Integer.numberOfLeadingZeros(v | 1)) / 7;
    }

    /** Bytes of an encoded key: its header and its characters. */
    private static int encodedLength(int header) {
        return varintSize(header) + ((header >>> 1) << (header & 1));
    }

    /** Encodes the key into {@link #scratch}: header (chars << 1 | two-byte flag) as varint, then the chars. */
    private void encode(String key) {
        int n = key.length();
        ensureScratch(5 + 2 * n);
        // One pass for the common case: the characters written as bytes after an ASCII header (the header's size
        // does not depend on the flag bit), while their bits are gathered to tell whether they all were ASCII.
        int p = writeVarint(scratch, 0, n << 1);
        int bits = writeLowBytes(key, p);
        p += n;
        if (bits >= 0x80) {
            p = writeVarint(scratch, 0, (n << 1) | 1);
            for (int i = 0; i < n; i++) {
                char c = key.charAt(i);
                scratch[p++] = (byte) (c >>> 8);
                scratch[p++] = (byte) c;
            }
        }
        scratchLength = p;
    }

    /**
     * {@link #encode(String)} of a record's key, {@code declarationId + '#' + itemNo}, written from its parts; false
     * when the key is not all ASCII or has no declaration (then {@link #scratch} holds part of it, and the string's
     * encoding must be written over it).
     */
    private boolean encode(CustomsRecord record) {
        String declaration = record.declarationId;
        long item = record.itemNo;
        if (declaration == null || item < 0) {
            return false;
        }
        int d = declaration.length();
        int digits = 1;
        for (long v = item; v >= 10; v /= 10) {
            digits++;
        }
        int n = d + 1 + digits;
        ensureScratch(5 + n);
        int p = writeVarint(scratch, 0, n << 1);
        if (writeLowBytes(declaration, p) >= 0x80) {
            return false;
        }
        p += d;
        scratch[p++] = '#';
        long v = item;
        for (int i = p + digits - 1; i >= p; i--) {
            scratch[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        scratchLength = p + digits;
        return true;
    }

    /**
     * Writes each character of {@code s} as one byte (its low eight bits) into {@link #scratch} from {@code at}; returns
     * the characters or-ed together, at least 0x80 when one of them was not ASCII (then the bytes are not the key's).
     */
    private int writeLowBytes(String s, int at) {
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bits |= c;
            scratch[at + i] = (byte) c;
        }
        return bits;
    }

    private void ensureScratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
            scratchSegment = MemorySegmentFactory.wrap(scratch);
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

    /**
     * One key group's keys, off the Java heap: the arena of entries in pages, and the index into it. A page is
     * written once and never moved: the collector neither copies nor scans what the memory holds (at 10 M keys the
     * heap arenas' growth and promotion cost most of the collector's pauses), and a growing key group costs no copy of
     * its arena. Pages start small and double up to {@link #PAGE} bytes, so that a key group of a few keys (a test, a
     * live run's quiet hours) holds little.
     */
    private static final class Table {
        /** Offsets within a page take 16 bits of an entry's reference; the page's number the 15 above them. */
        static final int PAGE_BITS = 16;
        static final int PAGE = 1 << PAGE_BITS;
        static final int FIRST_PAGE = 256;
        static final int MAX_PAGES = 1 << 15;
        /** An index slot: the entry's reference plus one (0: empty) as an int, then the tag byte. */
        static final int SLOT_BYTES = 5;
        static final int MIN_CAPACITY = 16;
        /** A guess never sizes one key group's first index beyond this (80 MB). */
        static final int MAX_INITIAL_CAPACITY = 1 << 24;
        private static final byte[] ZEROS = new byte[4096];

        /** Longs after each entry's key. */
        final int slots;
        /** A key's characters copied out of its page, to hash them ({@link #keyHash}). */
        private byte[] hashBytes = new byte[64];
        MemorySegment[] pages = new MemorySegment[4];
        /** Bytes written in each page. */
        int[] pageUsed = new int[4];
        int pageCount;
        /** {@link #SLOT_BYTES} per slot; {@link #capacity} slots, a power of two. */
        MemorySegment index;
        int capacity;
        int count;
        /** A lower bound of the forget times of the entries (live runs): nothing to sweep before it. */
        long earliestForget = Long.MAX_VALUE;
        /** Entries the last rebuild kept (0 before the first): the table is rebuilt again once it holds twice as many. */
        int keptAtRebuild;
        /** The watermark of the last rebuild, or of the last count that found under half of the table forgotten. */
        long rebuiltAt = Long.MIN_VALUE;

        Table(int slots) {
            this(slots, MIN_CAPACITY);
        }

        Table(int slots, int capacity) {
            this.slots = slots;
            this.capacity = capacity;
            this.index = zeroed(capacity * SLOT_BYTES);
        }

        private static MemorySegment zeroed(int size) {
            MemorySegment segment = MemorySegmentFactory.allocateOffHeapUnsafeMemory(size);
            for (int at = 0; at < size; at += ZEROS.length) {
                segment.put(at, ZEROS, 0, Math.min(ZEROS.length, size - at));
            }
            return segment;
        }

        /** Gives the pages and the index back (idempotent). */
        void free() {
            for (int p = 0; p < pageCount; p++) {
                pages[p].free();
                pages[p] = null;
            }
            pageCount = 0;
            count = 0;
            if (index != null) {
                index.free();
                index = null;
                capacity = 0;
            }
        }

        /** Bytes held off the heap. */
        long bytes() {
            long n = (long) capacity * SLOT_BYTES;
            for (int p = 0; p < pageCount; p++) {
                n += pages[p].size();
            }
            return n;
        }

        /** The slot to probe first for a key of this String hash (Fibonacci hashing: the top bits). */
        private int home(int keyHash) {
            int bits = Integer.numberOfTrailingZeros(capacity);
            return (int) ((keyHash * 0x9E3779B97F4A7C15L) >>> (64 - bits));
        }

        /** The index slot a probe for this String hash starts at, as {@link #find} reads it. */
        int firstSlot(int keyHash) {
            return index.getInt(home(keyHash) * SLOT_BYTES);
        }

        /** Eight bits of a key's hash other than those {@link #home} takes first. */
        private static byte tag(int keyHash) {
            return (byte) keyHash;
        }

        /**
         * The key's entry reference, or -(the free index slot where it would go) - 1. The tag sits beside the
         * reference, in the same cache line: a probe past another key costs no second miss.
         */
        int find(int keyHash, MemorySegment key, int keyLength) {
            int mask = capacity - 1;
            byte tag = tag(keyHash);
            MemorySegment slotsOf = index;
            for (int slot = home(keyHash); ; slot = (slot + 1) & mask) {
                int at = slot * SLOT_BYTES;
                int v = slotsOf.getInt(at);
                if (v == 0) {
                    return -slot - 1;
                }
                if (slotsOf.get(at + 4) != tag) {
                    continue; // another key: its hash differs
                }
                int ref = v - 1;
                int page = ref >>> PAGE_BITS;
                int offset = ref & (PAGE - 1);
                // An entry whose header (the key's length) differs may end before keyLength bytes: not this key.
                if (offset + keyLength <= pageUsed[page] && pages[page].equalTo(key, offset, 0, keyLength)) {
                    return ref;
                }
            }
        }

        /** Slot {@code i} (a content hash, or the forget time) of the entry at {@code ref}, whose key takes keyLength. */
        long slot(int ref, int keyLength, int i) {
            return pages[ref >>> PAGE_BITS].getLongLittleEndian((ref & (PAGE - 1)) + keyLength + 8 * i);
        }

        void setSlot(int ref, int keyLength, int i, long value) {
            pages[ref >>> PAGE_BITS].putLongLittleEndian((ref & (PAGE - 1)) + keyLength + 8 * i, value);
        }

        /** Room for an entry of {@code size} bytes: its reference. An entry never straddles two pages. */
        private int allocate(int size) {
            int last = pageCount - 1;
            if (last < 0 || pageUsed[last] + size > pages[last].size()) {
                if (pageCount == MAX_PAGES) {
                    throw new IllegalStateException("a key group's duplicate memory is over 2 GB");
                }
                if (pageCount == pages.length) {
                    pages = Arrays.copyOf(pages, 2 * pageCount);
                    pageUsed = Arrays.copyOf(pageUsed, 2 * pageCount);
                }
                int size0 = last < 0 ? FIRST_PAGE : Math.min(PAGE, 2 * pages[last].size());
                // A key longer than a page (never seen in practice) gets a page of its own, at offset 0.
                pages[pageCount] = MemorySegmentFactory.allocateOffHeapUnsafeMemory(Math.max(size0, size));
                pageUsed[pageCount] = 0;
                last = pageCount++;
            }
            int offset = pageUsed[last];
            pageUsed[last] += size;
            return (last << PAGE_BITS) | offset;
        }

        /** Appends an entry (slots zero) for the key, indexed at {@code indexSlot}; returns its reference. */
        int append(int indexSlot, int keyHash, byte[] key, int keyLength) {
            int ref = appendBytes(key, keyLength);
            writeIndexSlot(indexSlot, ref, keyHash);
            count++;
            if (3 * count > 2 * capacity) {
                reindex(capacity * 2);
            }
            return ref;
        }

        /** Writes the key and zero slots into the arena, without indexing them. */
        private int appendBytes(byte[] key, int keyLength) {
            int ref = allocate(keyLength + 8 * slots);
            MemorySegment page = pages[ref >>> PAGE_BITS];
            int offset = ref & (PAGE - 1);
            page.put(offset, key, 0, keyLength);
            for (int i = 0; i < slots; i++) {
                page.putLong(offset + keyLength + 8 * i, 0L); // any number of scenarios
            }
            return ref;
        }

        /** Bytes of the entry's header and key. */
        int keyLength(int ref) {
            return encodedLength(header(pages[ref >>> PAGE_BITS], ref & (PAGE - 1)));
        }

        /** The next entry's reference after the one at {@code ref} (of keyLength), or -1 after the last. */
        int next(int ref, int keyLength) {
            int page = ref >>> PAGE_BITS;
            int offset = (ref & (PAGE - 1)) + keyLength + 8 * slots;
            while (offset >= pageUsed[page]) {
                if (++page == pageCount) {
                    return -1;
                }
                offset = 0;
            }
            return (page << PAGE_BITS) | offset;
        }

        /** The first entry's reference, or -1 if there is none. */
        int first() {
            for (int page = 0; page < pageCount; page++) {
                if (pageUsed[page] > 0) {
                    return page << PAGE_BITS;
                }
            }
            return -1;
        }

        /** Writes the entry's bytes (header, key, slots) as they are. */
        void write(int ref, int keyLength, DataOutput out) throws IOException {
            pages[ref >>> PAGE_BITS].get(out, ref & (PAGE - 1), keyLength + 8 * slots);
        }

        /** The String hash of the entry's key, from its bytes. */
        int keyHash(int ref) {
            MemorySegment page = pages[ref >>> PAGE_BITS];
            int at = ref & (PAGE - 1);
            int header = header(page, at);
            int keyBytes = (header >>> 1) << (header & 1);
            if (hashBytes.length < keyBytes) {
                hashBytes = new byte[Math.max(keyBytes, 2 * hashBytes.length)];
            }
            page.get(at + varintSize(header), hashBytes, 0, keyBytes); // one copy, one bounds check
            return stringHash(hashBytes, 0, header);
        }

        /** A new index of {@code newCapacity} slots for the entries in the pages, each key read back and hashed. */
        private void reindex(int newCapacity) {
            emptyIndex(newCapacity);
            for (int ref = first(); ref >= 0; ref = next(ref, keyLength(ref))) {
                insertNew(ref, keyHash(ref));
            }
        }

        /** A new index of {@code newCapacity} slots for the entries {@code refs} with their key hashes. */
        private void index(int newCapacity, int[] refs, int[] hashes, int n) {
            emptyIndex(newCapacity);
            for (int e = 0; e < n; e++) {
                insertNew(refs[e], hashes[e]);
            }
        }

        /** Replaces the index with an empty one of {@code newCapacity} slots. */
        private void emptyIndex(int newCapacity) {
            MemorySegment old = index;
            index = zeroed(newCapacity * SLOT_BYTES);
            capacity = newCapacity;
            if (old != null) {
                old.free();
            }
        }

        /** Indexes an entry no other slot holds (an index being built): the first free slot from its home. */
        private void insertNew(int ref, int keyHash) {
            int mask = capacity - 1;
            int slot = home(keyHash);
            while (index.getInt(slot * SLOT_BYTES) != 0) {
                slot = (slot + 1) & mask;
            }
            writeIndexSlot(slot, ref, keyHash);
        }

        private void writeIndexSlot(int slot, int ref, int keyHash) {
            index.putInt(slot * SLOT_BYTES, ref + 1);
            index.put(slot * SLOT_BYTES + 4, tag(keyHash));
        }

        /**
         * Drops the entries forgotten at the memory's watermark: new pages and an index of the others. Returns how
         * many entries it copied.
         */
        int rebuild(DuplicateMemory memory) {
            int before = count;
            Table kept = new Table(slots);
            // The kept entries' new references and key hashes, for the new index (filled by copyKept).
            int[] refs = new int[count];
            int[] hashes = new int[count];
            long earliest;
            try {
                earliest = copyKept(memory, kept, new byte[64], refs, hashes);
            } catch (RuntimeException | Error e) {
                kept.free(); // out of native memory midway: the new pages are nobody's yet
                throw e;
            }
            free();
            pages = kept.pages;
            pageUsed = kept.pageUsed;
            pageCount = kept.pageCount;
            count = kept.count;
            earliestForget = earliest;
            index = kept.index;
            capacity = kept.capacity;
            // Room for twice the entries kept (the table is rebuilt once it holds as many) and for as many as it held
            // before: a table that receives as many keys until its next rebuild as until this one reaches that size
            // without growing its index on the way.
            long room = Math.max(2L * count, before);
            int newCapacity = 16;
            while (3L * room > 2L * newCapacity) {
                newCapacity *= 2;
            }
            index(newCapacity, refs, hashes, count);
            keptAtRebuild = count;
            return count;
        }

        /**
         * Copies the entries not forgotten into {@code kept}'s pages, and their new references and key hashes into
         * {@code refs} and {@code hashes} (the hash from the bytes just copied, while they are at hand); returns the
         * earliest forget time among them.
         */
        private long copyKept(DuplicateMemory memory, Table kept, byte[] bytes, int[] refs, int[] hashes) {
            long earliest = Long.MAX_VALUE;
            for (int ref = first(); ref >= 0; ) {
                int header = header(pages[ref >>> PAGE_BITS], ref & (PAGE - 1));
                int keyLength = encodedLength(header);
                long forgetFrom = slot(ref, keyLength, memory.scenarios);
                if (forgetFrom == 0 || forgetFrom > memory.watermark) {
                    int size = keyLength + 8 * slots;
                    if (bytes.length < size) {
                        bytes = new byte[Math.max(size, 2 * bytes.length)];
                    }
                    pages[ref >>> PAGE_BITS].get(ref & (PAGE - 1), bytes, 0, size);
                    int to = kept.allocate(size);
                    kept.pages[to >>> PAGE_BITS].put(to & (PAGE - 1), bytes, 0, size);
                    refs[kept.count] = to;
                    hashes[kept.count] = stringHash(bytes, varintSize(header), header);
                    kept.count++;
                    if (forgetFrom != 0) {
                        earliest = Math.min(earliest, forgetFrom);
                    }
                }
                ref = next(ref, keyLength);
            }
            return earliest;
        }
    }
}
