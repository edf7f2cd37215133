package org.ptaflow.transit;

/** The kinds of {@code transit-alerts.csv} (contract §4). */
public enum AlertKind {
    /** No exit by departure + the mode's time limit; {@code at} is that deadline. */
    OVERDUE("overdue"),
    /** An overdue movement discharged; {@code at} is its exit. */
    LATE_EXIT("late_exit"),
    /** An exit or cancellation whose departure did not come within {@code orphan_wait}; {@code at} is its own time. */
    ORPHAN("orphan");

    private final String code;

    AlertKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
