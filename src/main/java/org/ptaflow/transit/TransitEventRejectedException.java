package org.ptaflow.transit;

/**
 * A transit event broke contract §1b: thrown by the parsers with one reason and a message, caught by whoever parses
 * (the job sends the original text to the rejected output). Bad events are expected input, so no stack trace is
 * filled in.
 */
public final class TransitEventRejectedException extends Exception {
    private final TransitRejectionReason reason;

    public TransitEventRejectedException(TransitRejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public TransitRejectionReason reason() {
        return reason;
    }
}
