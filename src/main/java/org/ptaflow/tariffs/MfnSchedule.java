package org.ptaflow.tariffs;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * One importer's MFN schedule: ad-valorem rates (percent) by HS prefix, each valid between dates (contract §2).
 *
 * <p>File: CSV with header {@code importer,hs_prefix,rate,valid_from,valid_to}; {@code valid_from} is inclusive,
 * {@code valid_to} exclusive and may be empty (open). One file may hold several importers: {@link #load} keeps
 * only the rows of the importer asked for. Two rows of that importer and one prefix whose periods overlap are
 * refused at load, so that a date never has two rates.
 *
 * <p>Lookup: among the rows in force on the date, the longest prefix matching the line wins. An expired 8-digit
 * row therefore falls back to a 6-digit row in force ({@link DatedPrefixRows}, shared with the tax tables).
 */
public final class MfnSchedule implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String importer;
    private final String file;
    private final int rowCount;
    private final DatedPrefixRows<Double> rates;

    private MfnSchedule(String importer, Path file, int rowCount, DatedPrefixRows<Double> rates) {
        this.importer = importer;
        this.file = file.toString();
        this.rowCount = rowCount;
        this.rates = rates;
    }

    /**
     * Loads the rows of {@code importer} from {@code csv}; rows of other importers are checked for nothing but
     * skipped. A file without a row for the importer gives an empty schedule ({@link #rowCount()} 0).
     */
    public static MfnSchedule load(Path csv, String importer) throws TableException {
        DatedPrefixRows.Builder<Double> rows = new DatedPrefixRows.Builder<>();
        for (CsvTable.Row r : CsvTable.read(csv, "importer", "hs_prefix", "rate", "valid_from", "valid_to")) {
            if (!importer.equals(r.text("importer"))) {
                continue;
            }
            String prefix = r.hsPrefix("hs_prefix");
            double rate = r.nonNegativeRate("rate");
            rows.add(r, prefix, rate);
        }
        return new MfnSchedule(importer, csv, rows.rowCount(), rows.build(csv, "importer " + importer));
    }

    /**
     * The MFN rate (percent) of {@code hsCode} on {@code epochDay}: the longest prefix with a row in force on that
     * day wins. NaN when no row applies.
     */
    public double rateOn(String hsCode, long epochDay) {
        Double rate = rates.valueOn(hsCode, epochDay);
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
        return rates.prefixCount();
    }
}
