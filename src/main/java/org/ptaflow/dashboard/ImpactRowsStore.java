package org.ptaflow.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.ptaflow.economics.ImpactKey;

/**
 * The rows the dashboard shows: the latest row of each key. An early update replaces the running window's row in
 * place; a final row settles it, and an early row never replaces a final one. Every change bumps {@link #version},
 * which the page is told about (server-sent events) so that it fetches again.
 */
final class ImpactRowsStore {
    private final Map<ImpactKey.InWindow, DashboardRow> rows = new LinkedHashMap<>();
    private final List<String> columns = new ArrayList<>();
    private final AtomicLong version = new AtomicLong();

    synchronized void accept(DashboardRow row) {
        if (columns.isEmpty() || row.columns().size() > columns.size()) {
            columns.clear();
            columns.addAll(row.columns().keySet());
        }
        ImpactKey.InWindow key = row.key();
        DashboardRow before = rows.get(key);
        if (before != null && before.finalRow() && !row.finalRow()) {
            return;
        }
        if (row.equals(before)) {
            return;
        }
        rows.put(key, row);
        version.incrementAndGet();
    }

    synchronized List<DashboardRow> snapshot() {
        return new ArrayList<>(rows.values());
    }

    /** The contract's column names, in the order the job wrote them (with band columns when present). */
    synchronized List<String> columns() {
        return List.copyOf(columns);
    }

    long version() {
        return version.get();
    }

    /** Something other than rows changed (the run's health): the page should fetch again. */
    void touch() {
        version.incrementAndGet();
    }
}
