package org.ptaflow.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.ptaflow.economics.ImpactKey;
import org.ptaflow.sinks.ImpactColumns;
import org.ptaflow.transit.TransitRow;

/**
 * The rows the dashboard shows: the latest row of each key. An early update replaces the running window's row in
 * place; a final row settles it, and an early row never replaces a final one. Every change bumps {@link #version},
 * which the page is told about (server-sent events) so that it fetches again. The lines per tax
 * ({@code taxes.csv}, the {@code tax-rows} topic) are held the same way, by impact row and tax, and the quotas' days
 * ({@code quotas.csv}, the {@code quota-status} topic) by quota and registration day. The transit rows
 * ({@code transit.csv}, {@code transit-rows}) are held by their key, the latest of each; the transit alerts and the
 * flags, each row unique, as the latest {@link #LATEST} of them (the flags per scenario; the alerts name none).
 */
final class ImpactRowsStore {
    private final Map<ImpactKey.InWindow, DashboardRow> rows = new LinkedHashMap<>();
    private final Map<DashboardRow.TaxKey, DashboardRow> taxLines = new LinkedHashMap<>();
    private final Map<DashboardRow.QuotaDayKey, DashboardRow> quotaDays = new LinkedHashMap<>();
    private final Map<TransitRow.Key, DashboardRow> transitRows = new LinkedHashMap<>();
    /**
     * How many alerts, and flags per scenario, the dashboard keeps: the page lists the latest hundred; the rest
     * count by kind and rule. Bounded so that a live run of months does not grow the dashboard without end.
     */
    static final int LATEST = 10_000;
    private final LatestRows transitAlerts = new LatestRows("at", LATEST);
    private final Map<String, LatestRows> flags = new LinkedHashMap<>();
    /** The name of the first band column: a row with it comes from a scenario with uncertainty on. */
    private static final String BAND = ImpactColumns.MEASURES.stream().flatMap(c -> c.bands().stream())
            .findFirst().orElseThrow().name();
    private boolean bands;
    private final AtomicLong version = new AtomicLong();

    synchronized void accept(DashboardRow row) {
        bands |= row.columns().containsKey(BAND);
        replace(rows, row.key(), row);
    }

    /** A line of one impact row and tax. */
    synchronized void acceptTax(DashboardRow line) {
        replace(taxLines, line.taxKey(), line);
    }

    /** A quota's registration day ({@code quotas.csv}, the {@code quota-status} topic). */
    synchronized void acceptQuota(DashboardRow day) {
        replace(quotaDays, day.quotaDayKey(), day);
    }

    /** A row of {@code transit.csv}: the latest row of its key is the key's state (rows of movements 0 included). */
    synchronized void acceptTransit(DashboardRow row) {
        replace(transitRows, row.transitKey(), row);
    }

    /** A row of {@code transit-alerts.csv}. */
    synchronized void acceptTransitAlert(DashboardRow alert) {
        if (transitAlerts.add(alert)) {
            version.incrementAndGet();
        }
    }

    /** A row of {@code flags.csv}. */
    synchronized void acceptFlag(DashboardRow flag) {
        if (flags.computeIfAbsent(flag.scenario(), s -> new LatestRows("registered_at", LATEST)).add(flag)) {
            version.incrementAndGet();
        }
    }

    private <K> void replace(Map<K, DashboardRow> held, K key, DashboardRow row) {
        DashboardRow before = held.get(key);
        if (before != null && before.finalRow() && !row.finalRow()) {
            return;
        }
        if (row.equals(before)) {
            return;
        }
        held.put(key, row);
        version.incrementAndGet();
    }

    synchronized List<DashboardRow> snapshot() {
        return new ArrayList<>(rows.values());
    }

    synchronized List<DashboardRow> taxSnapshot() {
        return new ArrayList<>(taxLines.values());
    }

    synchronized List<DashboardRow> quotaSnapshot() {
        return new ArrayList<>(quotaDays.values());
    }

    synchronized List<DashboardRow> transitSnapshot() {
        return new ArrayList<>(transitRows.values());
    }

    /** The alerts held, newest first. */
    synchronized List<DashboardRow> transitAlertSnapshot() {
        return transitAlerts.newestFirst();
    }

    /** A scenario's flags held, newest first. */
    synchronized List<DashboardRow> flagSnapshot(String scenario) {
        LatestRows held = flags.get(scenario);
        return held == null ? List.of() : held.newestFirst();
    }

    /** The scenarios of the transit rows and of the flags (a scenario may have them before its first impact row). */
    synchronized java.util.Set<String> transitAndFlagScenarios() {
        java.util.Set<String> ids = new java.util.TreeSet<>(flags.keySet());
        for (TransitRow.Key k : transitRows.keySet()) {
            ids.add(k.scenario());
        }
        return ids;
    }

    /** The contract's columns (with the band columns when a row held has them), in the contract's order. */
    synchronized List<String> columns() {
        return ImpactColumns.csv(bands).stream().map(ImpactColumns.Column::name).toList();
    }

    long version() {
        return version.get();
    }

    /** Something other than rows changed (the run's health): the page should fetch again. */
    void touch() {
        version.incrementAndGet();
    }
}
