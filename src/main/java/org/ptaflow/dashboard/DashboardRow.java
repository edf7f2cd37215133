package org.ptaflow.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ptaflow.economics.ImpactKey;
import org.ptaflow.sinks.ImpactColumns;
import org.ptaflow.sinks.QuotaColumns;
import org.ptaflow.transit.TransitRow;

/**
 * One impact row as the dashboard holds it: the contract's columns as the job printed them (exact decimals kept as
 * text, so sums are exact), and whether it is final or an early update of a window still open. A line of
 * {@code taxes.csv} (one tax of an impact row) is held the same way, with the {@code taxes.csv} columns, and a row
 * of {@code quotas.csv} (a quota's registration day, always final) with the {@code quotas.csv} columns; rows of
 * {@code transit.csv}, {@code transit-alerts.csv} and {@code flags.csv} with theirs.
 */
record DashboardRow(Map<String, String> columns, boolean finalRow) {

    /** The contract's key: a later row of the same key and window replaces the earlier one. */
    ImpactKey.InWindow key() {
        return new ImpactKey(get(ImpactColumns.SCENARIO.name()), get(ImpactColumns.IMPORTER.name()),
                get(ImpactColumns.BENEFICIARY.name()), get(ImpactColumns.HS6.name()))
                .inWindow(Instant.parse(get(ImpactColumns.WINDOW_START.name())).toEpochMilli());
    }

    /** A tax line's key: its impact row's key and the tax. */
    TaxKey taxKey() {
        return new TaxKey(key(), get("tax"));
    }

    /** The key of a line of {@code taxes.csv}: a later line of the same impact row and tax replaces the earlier. */
    record TaxKey(ImpactKey.InWindow row, String tax) {}

    /** A row of {@code quotas.csv}'s key: its quota and registration day ({@code YYYY-MM-DD}). */
    QuotaDayKey quotaDayKey() {
        return new QuotaDayKey(quotaKey(), get(QuotaColumns.DAY.name()));
    }

    QuotaColumns.Key quotaKey() {
        return new QuotaColumns.Key(get(QuotaColumns.SCENARIO.name()), get(QuotaColumns.QUOTA.name()));
    }

    /** The key of a row of {@code quotas.csv}: a later row of the same quota and day replaces the earlier. */
    record QuotaDayKey(QuotaColumns.Key quota, String day) {}

    /**
     * A row of {@code transit.csv}'s key ({@link TransitRow.Key}: the job's own): a later row of the same key
     * replaces the earlier. An empty office of exit (the open row of a departure key) is the key's null.
     */
    TransitRow.Key transitKey() {
        String exit = get("office_exit");
        return new TransitRow.Key(scenario(), Instant.parse(get("window_start")).toEpochMilli(),
                get("office_departure"), exit.isEmpty() ? null : exit, get("transport_mode"), get("direction"),
                get("origin"), get("destination"));
    }

    String get(String column) {
        String v = columns.get(column);
        return v == null ? "" : v;
    }

    String scenario() {
        return get("scenario");
    }

    String direction() {
        return get("importer") + "|" + get("beneficiary");
    }

    /** Builds a row from a header and the values of one CSV line (values beyond the header are ignored). */
    static DashboardRow of(List<String> header, String[] values, boolean finalRow) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < values.length; i++) {
            m.put(header.get(i), values[i]);
        }
        return new DashboardRow(m, finalRow);
    }
}
