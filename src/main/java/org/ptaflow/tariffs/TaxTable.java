package org.ptaflow.tariffs;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * The rates of one border tax of one importer by HS prefix and date (contract §2): CSV with header
 * {@code hs_prefix,rate,valid_from,valid_to} for an ad-valorem tax (rate in percent), or
 * {@code hs_prefix,rate,unit,currency,valid_from,valid_to} for a specific tax (amount per unit of quantity, in
 * {@code currency}). Matched like the MFN schedule ({@link DatedPrefixRows}: longest prefix in force on the day;
 * overlapping rows of one prefix refused); a line with no row in force has no rate, which the tax reads as 0.
 *
 * <p>An ad-valorem table with a unit on a row is refused rather than read as percent: a per-litre rate taken for
 * a percentage would be silently wrong by orders of magnitude.
 */
public final class TaxTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final boolean specific;
    private final int rowCount;
    private final DatedPrefixRows<TaxRate> rates;

    private TaxTable(Path file, boolean specific, int rowCount, DatedPrefixRows<TaxRate> rates) {
        this.file = file.toString();
        this.specific = specific;
        this.rowCount = rowCount;
        this.rates = rates;
    }

    /**
     * @param specific true for a specific tax (its base is {@code [quantity]}): the table must give unit and currency
     * @param what names the tax in messages ("tax excise of AZE")
     */
    public static TaxTable load(Path csv, boolean specific, String what) throws TableException {
        DatedPrefixRows.Builder<TaxRate> rows = new DatedPrefixRows.Builder<>();
        String[] columns = specific
                ? new String[] {"hs_prefix", "rate", "unit", "currency", "valid_from", "valid_to"}
                : new String[] {"hs_prefix", "rate", "valid_from", "valid_to"};
        for (CsvTable.Row r : CsvTable.read(csv, columns)) {
            String prefix = r.hsPrefix("hs_prefix");
            double rate = r.nonNegativeRate("rate");
            TaxRate value;
            if (specific) {
                String unit = r.required("unit");
                String currency = r.required("currency");
                if (!currency.matches("[A-Z]{3}")) {
                    throw r.error("currency '" + currency + "' is not three upper-case letters");
                }
                value = new TaxRate(rate, unit, currency);
            } else {
                if (!r.text("unit").isEmpty()) {
                    throw r.error("unit '" + r.text("unit") + "' on a row of an ad-valorem tax (rate in percent);"
                            + " a tax per unit has base [quantity]");
                }
                value = TaxRate.adValorem(rate);
            }
            rows.add(r, prefix, value);
        }
        return new TaxTable(csv, specific, rows.rowCount(), rows.build(csv, what));
    }

    /** The rate in force for the line on the day (longest prefix), or null when no row is in force (rate 0). */
    public TaxRate rateOn(String hsCode, long epochDay) {
        return rates.valueOn(hsCode, epochDay);
    }

    public boolean specific() {
        return specific;
    }

    public Path file() {
        return Path.of(file);
    }

    public int rowCount() {
        return rowCount;
    }
}
