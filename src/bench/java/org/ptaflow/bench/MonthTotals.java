package org.ptaflow.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ptaflow.economics.Money;

/**
 * A few totals per calendar month, summed over every (importer, beneficiary, HS6) with beneficiary imports: what the
 * benchmark compares between the pipeline, the plain loop and DuckDB to make sure the three do the same work.
 *
 * <p>Only beneficiary-side sums are compared, because the pipeline's output has rows only where the beneficiary's
 * imports are worth more than zero (contract §4): records, value (micro-USD, after FX), duty at MFN and eligible
 * value (which needs the concession lists and their staging), plus the number of such rows.
 */
final class MonthTotals {
    /** Sums of one month. */
    static final class Month {
        long rows;
        long records;
        long valueBeneficiary;
        long dutyAtMfn;
        long eligibleValue;

        void add(long records, long valueBeneficiary, long dutyAtMfn, long eligibleValue) {
            this.rows++;
            this.records += records;
            this.valueBeneficiary += valueBeneficiary;
            this.dutyAtMfn += dutyAtMfn;
            this.eligibleValue += eligibleValue;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Month m && rows == m.rows && records == m.records
                    && valueBeneficiary == m.valueBeneficiary && dutyAtMfn == m.dutyAtMfn
                    && eligibleValue == m.eligibleValue;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(valueBeneficiary) * 31 + Long.hashCode(dutyAtMfn);
        }

        @Override
        public String toString() {
            return rows + " rows, " + records + " records, value " + Money.toUsd(valueBeneficiary) + ", duty at MFN "
                    + Money.toUsd(dutyAtMfn) + ", eligible " + Money.toUsd(eligibleValue);
        }
    }

    /** Window start (epoch ms) to the month's sums. */
    final TreeMap<Long, Month> months = new TreeMap<>();

    /** Adds one output row (one window, importer, beneficiary, HS6); rows without beneficiary value are skipped. */
    void addRow(long windowStart, long records, long valueBeneficiary, long dutyAtMfn, long eligibleValue) {
        if (valueBeneficiary <= 0) {
            return;
        }
        months.computeIfAbsent(windowStart, k -> new Month()).add(records, valueBeneficiary, dutyAtMfn, eligibleValue);
    }

    long totalRecords() {
        return months.values().stream().mapToLong(m -> m.records).sum();
    }

    /** The totals of a backtest's {@code impact.csv} for one scenario (money columns are exact decimals). */
    static MonthTotals ofImpactCsv(Path impactCsv, String scenario) throws java.io.IOException {
        MonthTotals t = new MonthTotals();
        List<String> lines = Files.readAllLines(impactCsv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int sc = header.indexOf("scenario");
        int ws = header.indexOf("window_start");
        int rec = header.indexOf("records");
        int vb = header.indexOf("value_beneficiary");
        int dm = header.indexOf("duty_at_mfn");
        int ev = header.indexOf("eligible_value");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (!f[sc].equals(scenario)) {
                continue;
            }
            t.addRow(Instant.parse(f[ws]).toEpochMilli(), Long.parseLong(f[rec]), micros(f[vb]), micros(f[dm]),
                    micros(f[ev]));
        }
        return t;
    }

    private static long micros(String usd) {
        return Money.toMicros(new BigDecimal(usd));
    }

    /** Null when both have the same months with the same totals, else the first difference found. */
    static String difference(String thisName, MonthTotals a, String otherName, MonthTotals b) {
        if (!a.months.keySet().equals(b.months.keySet())) {
            return thisName + " has months " + monthNames(a) + ", " + otherName + " has " + monthNames(b);
        }
        for (Map.Entry<Long, Month> e : a.months.entrySet()) {
            Month other = b.months.get(e.getKey());
            if (!e.getValue().equals(other)) {
                return "month " + Instant.ofEpochMilli(e.getKey()) + ": " + thisName + " " + e.getValue() + "; "
                        + otherName + " " + other;
            }
        }
        return null;
    }

    private static List<String> monthNames(MonthTotals t) {
        List<String> names = new ArrayList<>();
        t.months.keySet().forEach(k -> names.add(Instant.ofEpochMilli(k).toString().substring(0, 7)));
        return names.size() > 6 ? List.of(names.get(0) + " .. " + names.get(names.size() - 1) + " (" + names.size()
                + ")") : names;
    }
}
