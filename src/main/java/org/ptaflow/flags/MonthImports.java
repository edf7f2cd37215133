package org.ptaflow.flags;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One month's home-use imports of a line by origin, in micro-USD, as {@link PartnerShiftFunction} keeps them in
 * state: two parallel arrays sorted by origin (a map field would be serialized by Kryo). Immutable in use:
 * {@link #plus} returns a new value.
 */
public class MonthImports {
    public String[] origins;
    public long[] valueMicros;

    public MonthImports() {}

    MonthImports(String[] origins, long[] valueMicros) {
        this.origins = origins;
        this.valueMicros = valueMicros;
    }

    static MonthImports of(String origin, long micros) {
        return new MonthImports(new String[] {origin}, new long[] {micros});
    }

    /** These imports with {@code micros} more from {@code origin}. */
    MonthImports plus(String origin, long micros) {
        int at = Arrays.binarySearch(origins, origin);
        if (at >= 0) {
            long[] values = valueMicros.clone();
            values[at] += micros;
            return new MonthImports(origins, values);
        }
        int insert = -at - 1;
        String[] o = new String[origins.length + 1];
        long[] v = new long[origins.length + 1];
        System.arraycopy(origins, 0, o, 0, insert);
        System.arraycopy(valueMicros, 0, v, 0, insert);
        o[insert] = origin;
        v[insert] = micros;
        System.arraycopy(origins, insert, o, insert + 1, origins.length - insert);
        System.arraycopy(valueMicros, insert, v, insert + 1, origins.length - insert);
        return new MonthImports(o, v);
    }

    /** origin → micro-USD, for {@link PartnerShift#check}. */
    Map<String, Long> byOrigin() {
        Map<String, Long> map = new TreeMap<>();
        for (int i = 0; i < origins.length; i++) {
            map.put(origins[i], valueMicros[i]);
        }
        return map;
    }
}
