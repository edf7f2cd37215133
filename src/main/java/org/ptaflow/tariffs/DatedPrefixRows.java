package org.ptaflow.tariffs;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values by HS prefix, each valid between dates ({@code valid_from} inclusive, {@code valid_to} exclusive or open),
 * looked up by the longest prefix with a row in force on a day (contract §2). The one home of that rule for every
 * dated table: the MFN schedule and the tax tables. Rows of one prefix must not overlap: a date never has two values.
 * Each prefix holds its periods as sorted arrays searched by binary search.
 */
final class DatedPrefixRows<V extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Marks an open-ended {@code valid_to}. */
    static final long OPEN = Long.MAX_VALUE;

    private final HsPrefixIndex<Periods<V>> index;

    /** The periods of one prefix, sorted by start and not overlapping. */
    private static final class Periods<V> implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] from;
        final long[] to;
        final Object[] values;

        Periods(long[] from, long[] to, Object[] values) {
            this.from = from;
            this.to = to;
            this.values = values;
        }

        /** The value in force on {@code day}, or null. */
        @SuppressWarnings("unchecked")
        V valueOn(long day) {
            // last period starting on or before the day
            int lo = 0;
            int hi = from.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (from[mid] <= day) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found >= 0 && day < to[found] ? (V) values[found] : null;
        }
    }

    private DatedPrefixRows(HsPrefixIndex<Periods<V>> index) {
        this.index = index;
    }

    /** The value of the longest prefix of {@code hsCode} with a row in force on {@code epochDay}, or null. */
    V valueOn(String hsCode, long epochDay) {
        return index.longestMatch(hsCode, periods -> periods.valueOn(epochDay));
    }

    int prefixCount() {
        return index.size();
    }

    /** Collects rows, then builds the table, refusing overlapping rows of one prefix. */
    static final class Builder<V extends Serializable> {
        private record Row<V>(V value, long from, long to, long line) {}

        private final Map<String, List<Row<V>>> byPrefix = new LinkedHashMap<>();
        private int count;

        /** Reads a row's {@code valid_from} and {@code valid_to} and adds it under {@code hs_prefix}. */
        void add(CsvTable.Row r, String prefix, V value) throws TableException {
            long from = r.date("valid_from").toEpochDay();
            long to = OPEN;
            if (!r.text("valid_to").isEmpty()) {
                long until = r.date("valid_to").toEpochDay();
                if (until <= from) {
                    throw r.error("valid_to " + r.text("valid_to") + " is not after valid_from "
                            + r.text("valid_from"));
                }
                to = until;
            }
            byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(new Row<>(value, from, to, r.line()));
            count++;
        }

        int rowCount() {
            return count;
        }

        /**
         * @param file the table, for the message of an overlap
         * @param what names the rows' owner in that message ("importer PAK", "tax sales_tax")
         */
        DatedPrefixRows<V> build(Path file, String what) throws TableException {
            HsPrefixIndex<Periods<V>> index = new HsPrefixIndex<>();
            for (Map.Entry<String, List<Row<V>>> e : byPrefix.entrySet()) {
                List<Row<V>> rows = e.getValue();
                rows.sort(Comparator.comparingLong(Row::from));
                int n = rows.size();
                long[] from = new long[n];
                long[] to = new long[n];
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) {
                    Row<V> row = rows.get(i);
                    if (i > 0 && row.from() < to[i - 1]) {
                        Row<V> previous = rows.get(i - 1);
                        Row<V> later = previous.line() > row.line() ? previous : row;
                        Row<V> earlier = later == row ? previous : row;
                        throw new TableException(file, later.line(), what + " prefix " + e.getKey()
                                + ": validity overlaps the row on line " + earlier.line());
                    }
                    from[i] = row.from();
                    to[i] = row.to();
                    values[i] = row.value();
                }
                index.put(e.getKey(), new Periods<>(from, to, values));
            }
            return new DatedPrefixRows<>(index);
        }
    }
}
