package org.ptaflow.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How the hand-written serializers ({@link CustomsRecordSerializer}, {@code quotas.QuotaEventSerializer}) write the
 * short texts that repeat from element to element (countries, currencies, units, agreement and tax names, scenario
 * and quota ids, HS6 lines, source names): up to four ASCII characters as one {@code int}, seven bits a character;
 * longer or other text as its UTF-8 bytes. The reading side hands out one shared {@code String} per distinct code, so
 * the operators after the shuffle compare and hash the same instances (and their hash is computed once).
 *
 * <p>Layout of one code: 0 for null; a positive int of up to four 7-bit characters (none of them NUL, so the packing
 * is unambiguous); otherwise -1 − the number of UTF-8 bytes, then the bytes ("" is -1).
 *
 * <p>Keeps caches: not thread-safe, one per serializer instance (Flink gives each thread its own serializer).
 */
public final class Codes {
    /** Decoded codes by their packed {@code int}, direct-mapped: a miss only costs building the string again. */
    private int[] packedKeys;
    private String[] packedCodes;
    /** Longer texts by their bytes, direct-mapped. */
    private byte[][] textKeys;
    private String[] texts;
    /** The longer text read last, and its bytes. */
    private byte[] lastKey;
    private String lastText;
    /**
     * The writing side's codes written lately, by their hash, and how: packed (non-zero), or as their bytes. A code is
     * mostly one shared instance (the parser's, the simulator's), whose hash the string keeps: then writing it again
     * costs a comparison of references instead of packing its characters or encoding it.
     */
    private String[] written;
    private int[] writtenPacked;
    private byte[][] writtenBytes;
    private byte[] buffer;
    /**
     * Slots of the writing side's cache: room for a run's countries, currencies, units and tax names with few
     * collisions (a three-letter code's hash differs from another's mostly in its low bits, which the slot mixes
     * with the next eight). A collision costs packing or encoding the code again.
     */
    private static final int WRITTEN_SLOTS = 256;

    public void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(0);
            return;
        }
        if (written == null) {
            written = new String[WRITTEN_SLOTS];
            writtenPacked = new int[WRITTEN_SLOTS];
            writtenBytes = new byte[WRITTEN_SLOTS][];
        }
        int h = s.hashCode();
        int slot = (h ^ (h >>> 8)) & (WRITTEN_SLOTS - 1);
        if (written[slot] != s) {
            int packed = pack(s);
            written[slot] = s;
            writtenPacked[slot] = packed;
            writtenBytes[slot] = packed > 0 ? null : s.getBytes(StandardCharsets.UTF_8);
        }
        int packed = writtenPacked[slot];
        if (packed > 0) {
            out.writeInt(packed);
            return;
        }
        byte[] bytes = writtenBytes[slot];
        out.writeInt(-1 - bytes.length);
        out.write(bytes);
    }

    public String read(DataInputView in) throws IOException {
        int tag = in.readInt();
        if (tag == 0) {
            return null;
        }
        if (tag > 0) {
            return unpack(tag);
        }
        return readCachedText(in, -1 - tag);
    }

    /** Up to four characters in 1..127 as one positive int; 0 when the string does not fit. */
    static int pack(String s) {
        int n = s.length();
        if (n == 0 || n > 4) {
            return 0;
        }
        int packed = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 127) {
                return 0;
            }
            packed |= c << (7 * i);
        }
        return packed;
    }

    private String unpack(int packed) {
        if (packedKeys == null) {
            packedKeys = new int[1024];
            packedCodes = new String[1024];
        }
        int slot = (packed ^ (packed >>> 11) ^ (packed >>> 21)) & 1023;
        if (packedKeys[slot] == packed) {
            return packedCodes[slot];
        }
        char[] chars = new char[4];
        int n = 0;
        for (int v = packed; v != 0; v >>>= 7) {
            chars[n++] = (char) (v & 127);
        }
        String code = new String(chars, 0, n);
        packedKeys[slot] = packed;
        packedCodes[slot] = code;
        return code;
    }

    /** Reads n bytes of text and returns the shared string for them. */
    private String readCachedText(DataInputView in, int n) throws IOException {
        if (n == 0) {
            return ""; // an MFN record's preference: not the text read last, which stays for the next long one
        }
        if (textKeys == null) {
            textKeys = new byte[256][];
            texts = new String[256];
        }
        if (buffer == null || buffer.length < n) {
            buffer = new byte[Math.max(64, n)];
        }
        in.readFully(buffer, 0, n);
        // Most often the text read last, again (a file's name on each of its records): one vectorised comparison
        // then, before the byte-by-byte hash of the general case.
        if (lastKey != null && Arrays.equals(lastKey, 0, lastKey.length, buffer, 0, n)) {
            return lastText;
        }
        int hash = 1;
        for (int i = 0; i < n; i++) {
            hash = 31 * hash + buffer[i];
        }
        int slot = (hash ^ (hash >>> 16)) & 255;
        byte[] key = textKeys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, buffer, 0, n)) {
            lastKey = key;
            lastText = texts[slot];
            return lastText;
        }
        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
        textKeys[slot] = Arrays.copyOf(buffer, n);
        texts[slot] = text;
        lastKey = textKeys[slot];
        lastText = text;
        return text;
    }
}
