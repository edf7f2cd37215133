package org.ptaflow.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Sums held per key before a shuffle, and how they are let go: what {@link CombineContributions} (before the windows)
 * and {@link CombineOriginImports} (before rule {@code partner_shift}) share; each says what its key is, how a sum
 * grows and what a held group sends ({@link #send}). A group holds the sums of every scenario for one key without
 * the scenario: a record's contributions to eight scenarios then cost one lookup, not eight.
 *
 * <p>Not an operator: the operator that holds one decides when it is flushed ({@link ScenarioJoinOperator} for the
 * join's sums, {@link CombineAllocations} for the quotas' allocations), always on every watermark before it goes on
 * (a value let through on time reaches its window or month before the watermark that closes it), before every
 * checkpoint barrier (nothing is held in state here, and what the checkpointed state counted is downstream of the
 * barrier: exactly once holds), at the end of input and, in a live run, every
 * {@link ImpactPipeline#COMBINER_FLUSH_MILLIS} of processing time (a standing watermark does not hold sums back).
 * Past {@link #MAX_KEYS} keys it flushes itself, which bounds memory whatever the number of keys. Groups go out in
 * the order they were first held, so that what a run sends does not depend on hash order.
 *
 * @param <K> the key of a group
 * @param <G> a group: the sums of every scenario for one key
 * @param <T> what a group sends, each sum with its own event time
 */
abstract class PreShuffleSums<K, G, T> {
    /** Groups held at most before a flush; a few MB per scenario. */
    static final int MAX_KEYS = 20_000;

    /** Where the sums go: the holding operator's output, each stamped with its event time. */
    interface Out<T> {
        void emit(T sum, long eventTime);
    }

    private final Map<K, G> held = new LinkedHashMap<>();
    /** The groups used lately, looked at before the map; emptied with it. */
    private final HeldCache<G> recent = new HeldCache<>();
    private final Out<T> out;
    /** A new, empty group for a key. */
    private final Function<K, G> newGroup;

    PreShuffleSums(Out<T> out, Function<K, G> newGroup) {
        this.out = out;
        this.newGroup = newGroup;
    }

    /** Sends every sum a held group has ({@link #emit}), each with its own event time. */
    abstract void send(G group);

    /** One sum out, stamped with its event time. */
    final void emit(T sum, long eventTime) {
        out.emit(sum, eventTime);
    }

    /**
     * The group used last with a key of this hash, or null: possibly another key's, so the caller checks that it
     * holds its own key before using it, and otherwise asks {@link #held}.
     */
    final G recent(int keyHash) {
        return recent.get(keyHash);
    }

    /**
     * The group held for {@code key}, held anew (flushing first when {@link #MAX_KEYS} are held) if there is none;
     * the next {@link #recent} of {@code keyHash} finds it.
     */
    final G held(int keyHash, K key) {
        G group = held.get(key);
        if (group == null) {
            if (held.size() >= MAX_KEYS) {
                flush();
            }
            group = newGroup.apply(key);
            held.put(key, group);
        }
        recent.put(keyHash, group);
        return group;
    }

    /** Sends every held group on, in the order they were first held, and holds nothing. */
    final void flush() {
        if (held.isEmpty()) {
            return;
        }
        for (G group : held.values()) {
            send(group);
        }
        held.clear();
        recent.clear();
    }
}
