package org.ptaflow.transit;

/** What a transit event says happened to its movement (contract §1b {@code event}). */
public enum MovementEventKind {
    /** Opened at the office of departure (a port, a border post): the transit time starts. */
    DEPARTURE("departure"),
    /** Discharged at the office of exit: the goods left the territory. */
    EXIT("exit"),
    /** Withdrawn before exit (the goods never left, or the document was replaced). */
    CANCELLED("cancelled");

    private final String code;

    MovementEventKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The kind written {@code code} (exactly, lower case), or null. */
    public static MovementEventKind fromCode(String code) {
        for (MovementEventKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        return null;
    }

    /** An exit or a cancellation: the event that ends a movement. */
    public boolean closes() {
        return this != DEPARTURE;
    }
}
