package org.ptaflow.dashboard;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The latest rows of a file or topic whose rows are each unique and never replaced ({@code transit-alerts.csv},
 * {@code flags.csv}), newest first by a time column, at most {@code capacity} of them. A row seen twice (a finished
 * run rewrites the file sorted, and the dashboard reads it again from its start) is held once: the row's whole text
 * is its identity. When full, the oldest row goes; a row older than every row held is not taken, so reading a file
 * again never brings back what was dropped. Not thread-safe: the store guards it.
 */
final class LatestRows {
    /** A row's place: its time (epoch milliseconds), then its text, so that two rows of one instant both stay. */
    private record Place(long at, String text) {}

    private static final Comparator<Place> ORDER = Comparator.comparingLong(Place::at).thenComparing(Place::text);

    private final String timeColumn;
    private final int capacity;
    private final TreeMap<Place, DashboardRow> rows = new TreeMap<>(ORDER);

    LatestRows(String timeColumn, int capacity) {
        this.timeColumn = timeColumn;
        this.capacity = capacity;
    }

    /** Takes the row; returns whether the rows held changed. A row whose time is no instant sorts first. */
    boolean add(DashboardRow row) {
        long at;
        try {
            at = Instant.parse(row.get(timeColumn)).toEpochMilli();
        } catch (DateTimeParseException e) {
            at = Long.MIN_VALUE;
        }
        Place place = new Place(at, row.columns().toString());
        if (rows.containsKey(place)) {
            return false;
        }
        if (rows.size() >= capacity && ORDER.compare(place, rows.firstKey()) < 0) {
            return false;
        }
        rows.put(place, row);
        if (rows.size() > capacity) {
            rows.pollFirstEntry();
        }
        return true;
    }

    /** The rows held, newest first. */
    List<DashboardRow> newestFirst() {
        return new ArrayList<>(rows.descendingMap().values());
    }
}
