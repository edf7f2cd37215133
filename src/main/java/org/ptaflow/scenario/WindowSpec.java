package org.ptaflow.scenario;

import java.io.Serializable;
import java.util.Objects;

/**
 * The scenario's windowing: window size, how late a record may arrive and still update its window, and how
 * often early (partial) rows are emitted ({@code 0} = none: final rows only). Durations in milliseconds, parsed
 * from ISO-8601 ({@code P7D}, {@code PT5S}).
 */
public record WindowSpec(WindowSize size, long allowedLatenessMillis, long updateEveryMillis)
        implements Serializable {

    /** Contract defaults: monthly windows, no lateness, final rows only. */
    public static final WindowSpec DEFAULT = new WindowSpec(WindowSize.MONTH, 0, 0);

    public WindowSpec {
        Objects.requireNonNull(size, "size");
        if (allowedLatenessMillis < 0 || updateEveryMillis < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
