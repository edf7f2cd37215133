package org.ptaflow.tariffs;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Values keyed by HS prefixes of 2 to 10 digits, looked up by the longest prefix of a tariff line.
 *
 * <p>Lookups probe the prefixes of the code from the longest (10 digits, or the code's length) down to 2 digits
 * in a hash map: at most 9 probes and no scan, so a lookup per record stays cheap whatever the table's size.
 * Not thread-safe while being filled; read-only use after loading is safe. Serializable when its values are.
 */
public final class HsPrefixIndex<V> implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int MIN_DIGITS = 2;
    public static final int MAX_DIGITS = 10;

    private final HashMap<String, V> byPrefix = new HashMap<>();

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
        for (int len = Math.min(MAX_DIGITS, hsCode.length()); len >= MIN_DIGITS; len--) {
            V value = byPrefix.get(hsCode.substring(0, len));
            if (value != null) {
                R result = probe.apply(value);
                if (result != null) {
                    return result;
                }
            }
        }
        return null;
    }

    public int size() {
        return byPrefix.size();
    }

    /** Read-only view, for summaries and merging. */
    public Map<String, V> asMap() {
        return Collections.unmodifiableMap(byPrefix);
    }
}
