package org.ptaflow.simulator;

/**
 * The deliberate mistakes the simulator puts into a share of its records, so that demos show the rejected output.
 * Each maps to one rejection reason of contract §1; they are the mistakes real customs extracts contain.
 */
public enum RecordDefect {
    /** A local date-time without offset: rejected as a bad date. */
    BAD_DATE,
    /** A negative customs value (a credit note keyed as a line item). */
    NEGATIVE_VALUE,
    /** The origin in lower case. */
    LOWER_CASE_COUNTRY,
    /** The tariff line cut to five digits. */
    FIVE_DIGIT_HS,
    /** Currency {@code XXX} (ISO 4217 "no currency"): well formed, but no FX table has it. */
    UNKNOWN_CURRENCY
}
