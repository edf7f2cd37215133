package org.ptaflow.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Values made once per string key (an importer, a source), for the operators' per-record lookups: consecutive records
 * mostly share the key, so the key asked last is answered by one comparison, before the map. Not thread-safe: one
 * per operator instance.
 */
final class OncePerKey<V> {
    private final Map<String, V> made = new HashMap<>();
    private final Function<String, V> make;
    private String lastKey;
    private V last;

    /** @param make the value of a key, called once per key */
    OncePerKey(Function<String, V> make) {
        this.make = make;
    }

    /** The key's value, made on the key's first call. */
    V get(String key) {
        if (last != null && Objects.equals(lastKey, key)) {
            return last;
        }
        V value = made.computeIfAbsent(key, make);
        lastKey = key;
        last = value;
        return value;
    }

    /** Every value made so far. */
    Collection<V> values() {
        return made.values();
    }
}
