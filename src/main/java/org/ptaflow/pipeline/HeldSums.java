package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums held per key until they are let go ({@link #flush}), each sent stamped with its own event time: what
 * {@link PreShuffleSums} holds between the scenario join and a shuffle, and what the join itself holds in a job
 * ({@link ScenarioJoinOperator}), for {@link CombineContributions} and {@link CombineOriginImports}. Each kind says
 * what its key is, how a sum grows ({@link #add}) and what a held group sends ({@link #send}). A group holds the sums
 * of every scenario for one key without the scenario: a record's values in eight scenarios cost one map lookup, not
 * eight. Whoever holds them decides when they go; past {@link #MAX_KEYS} groups they go at once, which bounds memory
 * whatever the number of keys.
 *
 * @param <K> the key of a group
 * @param <G> a group: every scenario's sum of one key
 * @param <T> a value added, and a sum sent
 */
abstract class HeldSums<K, G, T> {
    /** Groups held at most before a flush; a few MB per scenario. */
    static final int MAX_KEYS = 20_000;

    private final Map<K, G> held = new HashMap<>();
    private final Consumer<StreamRecord<T>> out;

    /** @param out where sums go when let go */
    HeldSums(Consumer<StreamRecord<T>> out) {
        this.out = out;
    }

    /** Adds a value to the sum of its key and scenario; the value itself is never changed (object reuse). */
    abstract void add(T value);

    /** Sends every sum a held group has ({@link #emit}). */
    abstract void send(G group);

    /** Called after every flush: whatever a subclass remembers of the groups it held must be forgotten. */
    abstract void forgetHeld();

    /** The group held for {@code key}, or null. */
    final G held(K key) {
        return held.get(key);
    }

    /** Holds a new group for a key that has none (flushing first when {@link #MAX_KEYS} are held). */
    final void hold(K key, G group) {
        if (held.size() >= MAX_KEYS) {
            flush();
        }
        held.put(key, group);
    }

    /** One sum out, stamped with its event time. */
    final void emit(T sum, long eventTime) {
        out.accept(new StreamRecord<>(sum, eventTime));
    }

    /** Lets every held sum go, and holds nothing. */
    final void flush() {
        if (held.isEmpty()) {
            return;
        }
        for (G group : held.values()) {
            send(group);
        }
        held.clear();
        forgetHeld();
    }
}
