package org.ptaflow.records;

/**
 * A record broke the contract. Thrown by the parsers and caught by the pipeline, which sends the record's original
 * text to the rejected output; it never reaches Flink's failover. No stack trace is filled in: bad records are
 * expected input, not programming errors, and a customs extract can hold millions of them.
 */
public final class RecordRejectedException extends Exception {
    private final RejectionReason reason;

    public RecordRejectedException(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
