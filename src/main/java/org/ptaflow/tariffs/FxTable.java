package org.ptaflow.tariffs;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exchange rates to USD (contract §2): CSV with header {@code currency,date,usd_per_unit}. The rate of a record's
 * date is the latest row on or before it, so a table with one row per business day serves weekends. Rates are
 * kept as BigDecimal (> 0) so that conversion of money stays exact; two rows for one currency and date are
 * refused.
 */
public final class FxTable implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One currency's rates, sorted by day. */
    private record Series(long[] days, BigDecimal[] rates) implements Serializable {}

    private final String file;
    private final int rowCount;
    private final HashMap<String, Series> byCurrency;

    private FxTable(Path file, int rowCount, HashMap<String, Series> byCurrency) {
        this.file = file.toString();
        this.rowCount = rowCount;
        this.byCurrency = byCurrency;
    }

    public static FxTable load(Path csv) throws TableException {
        Map<String, TreeMap<Long, BigDecimal>> rates = new HashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        int count = 0;
        for (CsvTable.Row r : CsvTable.read(csv, "currency", "date", "usd_per_unit")) {
            String currency = r.required("currency");
            if (!currency.matches("[A-Z]{3}")) {
                throw r.error("currency '" + currency + "' is not three upper-case letters");
            }
            long day = r.date("date").toEpochDay();
            BigDecimal rate = r.decimal("usd_per_unit");
            if (rate.signum() <= 0) {
                throw r.error("usd_per_unit " + rate.toPlainString() + " is not positive");
            }
            Long previous = lineOf.putIfAbsent(currency + '@' + day, r.line());
            if (previous != null) {
                throw r.error("a rate for " + currency + " on " + r.text("date") + " is already on line " + previous);
            }
            rates.computeIfAbsent(currency, c -> new TreeMap<>()).put(day, rate);
            count++;
        }
        HashMap<String, Series> byCurrency = new HashMap<>();
        rates.forEach((currency, series) -> byCurrency.put(currency, new Series(
                series.keySet().stream().mapToLong(Long::longValue).toArray(),
                series.values().toArray(new BigDecimal[0]))));
        return new FxTable(csv, count, byCurrency);
    }

    /** USD per unit of {@code currency} on {@code epochDay}: the latest row on or before the day; null when none. */
    public BigDecimal usdPerUnit(String currency, long epochDay) {
        Series series = byCurrency.get(currency);
        if (series == null) {
            return null;
        }
        int i = Arrays.binarySearch(series.days(), epochDay);
        if (i < 0) {
            i = -i - 2; // insertion point − 1: the last day before epochDay
        }
        return i >= 0 ? series.rates()[i] : null;
    }

    public int rowCount() {
        return rowCount;
    }

    public int currencyCount() {
        return byCurrency.size();
    }

    public Path file() {
        return Path.of(file);
    }
}
