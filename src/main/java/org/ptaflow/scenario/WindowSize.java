package org.ptaflow.scenario;

/** Size of the event-time windows rows are computed over: UTC day, ISO week (Monday start), calendar month. */
public enum WindowSize {
    DAY,
    WEEK,
    MONTH
}
