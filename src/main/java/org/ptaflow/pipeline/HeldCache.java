package org.ptaflow.pipeline;

import java.util.Arrays;

/**
 * The groups a combiner before a shuffle ({@link PreShuffleSums}) used lately, by the hash of their key: a
 * direct-mapped table it looks at before its map of held groups. A hit costs the hash of the key's fields (their
 * strings' hashes are cached) and one comparison of the group's key, where the map costs a key object and a lookup;
 * records come in any order of lines, but a run holds some hundreds of groups at a time, most of which stay here.
 * The caller checks that the group it gets holds its key (two keys may share a slot), and clears the cache whenever
 * its held groups are sent on.
 */
final class HeldCache<G> {
    private static final int SLOT_BITS = 9;

    private final Object[] groups = new Object[1 << SLOT_BITS];
    private boolean empty = true;

    /** The group last put with a hash of this slot, or null: possibly another key's. */
    @SuppressWarnings("unchecked")
    G get(int keyHash) {
        return (G) groups[slot(keyHash)];
    }

    void put(int keyHash, G group) {
        groups[slot(keyHash)] = group;
        empty = false;
    }

    void clear() {
        if (!empty) {
            Arrays.fill(groups, null);
            empty = true;
        }
    }

    /** Fibonacci hashing: the top bits of the key's hash times the golden ratio. */
    private static int slot(int keyHash) {
        return (keyHash * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
    }
}
