package org.ptaflow.tariffs;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One importer's MFN schedule: ad-valorem rates (percent) by HS prefix, each valid between dates (contract §2).
 *
 * <p>File: CSV with header {@code importer,hs_prefix,rate,valid_from,valid_to}; {@code valid_from} is inclusive,
 * {@code valid_to} exclusive and may be empty (open). One file may hold several importers: {@link #load} keeps
 * only the rows of the importer asked for. Two rows of that importer and one prefix whose periods overlap are
 * refused at load, so that a date never has two rates.
 *
 * <p>Lookup: among the rows in force on the date, the longest prefix matching the line wins. An expired 8-digit
 * row therefore falls back to a 6-digit row in force. Each prefix holds its periods as sorted arrays and is
 * searched by binary search.
 */
public final class MfnSchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Marks an open-ended {@code valid_to}. */
    private static final long OPEN = Long.MAX_VALUE;

    private final String importer;
    private final String file;
    private final int rowCount;
    private final HsPrefixIndex<Periods> index;

    /** The periods of one prefix, sorted by start and not overlapping. */
    private static final class Periods implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] from;
        final long[] to;
        final double[] rate;

        Periods(long[] from, long[] to, double[] rate) {
            this.from = from;
            this.to = to;
            this.rate = rate;
        }

        /** The rate in force on {@code day}, or null. */
        Double rateOn(long day) {
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
            return found >= 0 && day < to[found] ? rate[found] : null;
        }
    }

    private record Row(String prefix, double rate, long from, long to, long line) {}

    private MfnSchedule(String importer, Path file, int rowCount, HsPrefixIndex<Periods> index) {
        this.importer = importer;
        this.file = file.toString();
        this.rowCount = rowCount;
        this.index = index;
    }

    /**
     * Loads the rows of {@code importer} from {@code csv}; rows of other importers are checked for nothing but
     * skipped. A file without a row for the importer gives an empty schedule ({@link #rowCount()} 0).
     */
    public static MfnSchedule load(Path csv, String importer) throws TableException {
        Map<String, List<Row>> byPrefix = new LinkedHashMap<>();
        int count = 0;
        for (CsvTable.Row r : CsvTable.read(csv, "importer", "hs_prefix", "rate", "valid_from", "valid_to")) {
            if (!importer.equals(r.text("importer"))) {
                continue;
            }
            String prefix = r.hsPrefix("hs_prefix");
            double rate = r.nonNegativeRate("rate");
            LocalDate from = r.date("valid_from");
            long to = OPEN;
            if (!r.text("valid_to").isEmpty()) {
                LocalDate until = r.date("valid_to");
                if (!until.isAfter(from)) {
                    throw r.error("valid_to " + until + " is not after valid_from " + from);
                }
                to = until.toEpochDay();
            }
            byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>())
                    .add(new Row(prefix, rate, from.toEpochDay(), to, r.line()));
            count++;
        }
        HsPrefixIndex<Periods> index = new HsPrefixIndex<>();
        for (Map.Entry<String, List<Row>> e : byPrefix.entrySet()) {
            List<Row> rows = e.getValue();
            rows.sort(Comparator.comparingLong(Row::from));
            int n = rows.size();
            long[] from = new long[n];
            long[] to = new long[n];
            double[] rate = new double[n];
            for (int i = 0; i < n; i++) {
                Row row = rows.get(i);
                if (i > 0 && row.from() < to[i - 1]) {
                    Row previous = rows.get(i - 1);
                    Row later = previous.line() > row.line() ? previous : row;
                    Row earlier = later == row ? previous : row;
                    throw new TableException(csv, later.line(), "importer " + importer + " prefix " + e.getKey()
                            + ": validity overlaps the row on line " + earlier.line());
                }
                from[i] = row.from();
                to[i] = row.to();
                rate[i] = row.rate();
            }
            index.put(e.getKey(), new Periods(from, to, rate));
        }
        return new MfnSchedule(importer, csv, count, index);
    }

    /**
     * The MFN rate (percent) of {@code hsCode} on {@code epochDay}: the longest prefix with a row in force on that
     * day wins. NaN when no row applies.
     */
    public double rateOn(String hsCode, long epochDay) {
        Double rate = index.longestMatch(hsCode, periods -> periods.rateOn(epochDay));
        return rate == null ? Double.NaN : rate;
    }

    public String importer() {
        return importer;
    }

    public Path file() {
        return Path.of(file);
    }

    /** Rows of this importer in the file. */
    public int rowCount() {
        return rowCount;
    }

    /** Distinct prefixes of this importer. */
    public int prefixCount() {
        return index.size();
    }
}
