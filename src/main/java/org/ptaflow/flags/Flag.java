package org.ptaflow.flags;

/**
 * One row of {@code flags.csv} (contract §4): a preference claim, or a line's month of imports, that a risk unit
 * would look at, with the rule that raised it and what the rule saw in {@link #detail}. A Flink POJO: it crosses
 * the network to the sinks. The columns are {@link org.ptaflow.sinks.FlagColumns}.
 *
 * <p>A {@code partner_shift} flag is about a month of a line, not a record: it has no declaration, item or
 * consignment (null, written as empty fields), its {@link #registeredAt} is the month's first instant and its
 * {@link #hsCode} the HS6.
 */
public class Flag {
    /** Rule {@code consignment}: a claim shipped from a country that is neither its origin nor a party. */
    public static final String CONSIGNMENT = "consignment";
    /** Rule {@code partner_shift}: the beneficiary's share of a line's imports jumped while a non-party's fell. */
    public static final String PARTNER_SHIFT = "partner_shift";

    public String scenario;
    /** Null for a {@code partner_shift} flag. */
    public String declarationId;
    /** Line item, ≥ 1; 0 for a {@code partner_shift} flag (written empty). */
    public long itemNo;
    /** Epoch milliseconds UTC: the record's registration, or the first instant of the flagged month. */
    public long registeredAt;
    public String importer;
    /** The record's origin; the beneficiary for a {@code partner_shift} flag. */
    public String origin;
    /** Null for a {@code partner_shift} flag. */
    public String consignment;
    /** The declared line; the HS6 for a {@code partner_shift} flag. */
    public String hsCode;
    /** Micro-USD: the record's value, or the beneficiary's value of the line in the month. */
    public long valueMicros;
    /** {@link #CONSIGNMENT} or {@link #PARTNER_SHIFT}. */
    public String rule;
    /** What the rule saw, for a person; no commas, so that the CSV field needs no quotes. */
    public String detail;

    public Flag() {}

    @Override
    public String toString() {
        return "Flag{" + rule + " " + scenario + " " + importer + "<-" + origin + " " + hsCode + " "
                + (declarationId == null ? "" : declarationId + "#" + itemNo + " ") + detail + "}";
    }
}
