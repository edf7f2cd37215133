package org.ptaflow.records;

/**
 * A record that broke the contract, with its original text and one reason (contract §1). Rejections found while
 * parsing concern every scenario and have an empty {@link #scenario}; rejections that depend on a scenario's
 * tables ({@code no_fx_rate}, {@code no_mfn_rate}) name it. A Flink POJO.
 */
public class RejectedRecord {
    public String source;
    /** Line number in the source file (the first line of a CSV record with embedded newlines), or an offset. */
    public long line;
    /** Scenario whose tables rejected the record; empty when the record itself is malformed. */
    public String scenario;
    /** Stable code of {@link RejectionReason}. */
    public String reason;
    public String message;
    public String originalText;

    public RejectedRecord() {}

    public RejectedRecord(String source, long line, String scenario, RejectionReason reason, String message,
            String originalText) {
        this.source = source;
        this.line = line;
        this.scenario = scenario;
        this.reason = reason.code();
        this.message = message;
        this.originalText = originalText;
    }

    /** A rejection whose reason is given by its code (a transit event's reasons have their own enum). */
    public static RejectedRecord withCode(String source, long line, String scenario, String reasonCode,
            String message, String originalText) {
        RejectedRecord r = new RejectedRecord();
        r.source = source;
        r.line = line;
        r.scenario = scenario;
        r.reason = reasonCode;
        r.message = message;
        r.originalText = originalText;
        return r;
    }

    @Override
    public String toString() {
        return "RejectedRecord{" + source + ":" + line + " " + scenario + " " + reason + " " + message + "}";
    }
}
