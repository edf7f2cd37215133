package org.ptaflow.tariffs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values keyed by HS prefixes of 2 to 10 digits, looked up by the longest prefix of a tariff line.
 *
 * <p>Lookups probe the prefixes of the code from the longest (10 digits, or the code's length) down to 2 digits
 * in a hash map: at most 9 probes and no scan, so a lookup per record stays cheap whatever the table's size. The
 * values matching a full line, longest prefix first, are remembered per line (a run sees a few thousand distinct
 * lines, each millions of times), so a line's later lookups cost one hash probe and no substring.
 * Not thread-safe while being filled; read-only use after loading is safe. Serializable when its values are.
 */
public final class HsPrefixIndex<V> implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int MIN_DIGITS = 2;
    public static final int MAX_DIGITS = 10;

    /** Distinct lines whose matches are remembered at most; beyond, the memory starts again. */
    private static final int REMEMBERED_LINES = 1 << 16;

    private final HashMap<String, V> byPrefix = new HashMap<>();
    /** Per line looked up: the stored values of its prefixes, longest first; emptied by {@link #put}. */
    private transient volatile ConcurrentHashMap<String, List<V>> matchesByLine;

    /** True when {@code prefix} is 2 to 10 ASCII digits. */
    public static boolean isValidPrefix(String prefix) {
        if (prefix == null || prefix.length() < MIN_DIGITS || prefix.length() > MAX_DIGITS) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a prefix; returns the value it replaced, or null.
     *
     * @throws IllegalArgumentException when the prefix is not 2 to 10 digits
     */
    public V put(String prefix, V value) {
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("HS prefix must be 2 to 10 digits: '" + prefix + "'");
        }
        matchesByLine = null;
        return byPrefix.put(prefix, Objects.requireNonNull(value, "value"));
    }

    /** The value stored for exactly this prefix, or null. */
    public V get(String prefix) {
        return byPrefix.get(prefix);
    }

    /** The value of the longest stored prefix of {@code hsCode}, or null when none matches. */
    public V longestMatch(String hsCode) {
        return longestMatch(hsCode, Function.identity());
    }

    /**
     * Probes the prefixes of {@code hsCode} from the longest down and returns the first non-null result of
     * {@code probe} applied to a stored value, or null. Lets a caller skip a matching prefix whose value does not
     * apply (an MFN row not in force on the date) and fall back to a shorter one.
     */
    public <R> R longestMatch(String hsCode, Function<? super V, ? extends R> probe) {
        if (hsCode == null) {
            return null;
        }
        List<V> matches = matchesOf(hsCode);
        for (int i = 0; i < matches.size(); i++) {
            R result = probe.apply(matches.get(i));
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    /** The stored values of the line's prefixes, longest first. */
    private List<V> matchesOf(String hsCode) {
        ConcurrentHashMap<String, List<V>> remembered = matchesByLine;
        if (remembered == null) {
            remembered = new ConcurrentHashMap<>();
            matchesByLine = remembered;
        }
        List<V> matches = remembered.get(hsCode);
        if (matches == null) {
            matches = new ArrayList<>(2);
            for (int len = Math.min(MAX_DIGITS, hsCode.length()); len >= MIN_DIGITS; len--) {
                V value = byPrefix.get(hsCode.substring(0, len));
                if (value != null) {
                    matches.add(value);
                }
            }
            if (remembered.size() >= REMEMBERED_LINES) {
                remembered.clear();
            }
            remembered.put(hsCode, matches);
        }
        return matches;
    }

    public int size() {
        return byPrefix.size();
    }

    /** Read-only view, for summaries and merging. */
    public Map<String, V> asMap() {
        return Collections.unmodifiableMap(byPrefix);
    }
}
