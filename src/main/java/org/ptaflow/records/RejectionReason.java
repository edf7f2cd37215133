package org.ptaflow.records;

/**
 * Why a customs record was rejected. The {@link #code()} is short and stable: it is what the rejected output,
 * the run summary and the metrics name, so scripts can count by it. Never rename a code.
 */
public enum RejectionReason {
    /** The text is not a record at all: unparsable JSON, a JSON value that is not an object, broken CSV quoting, invalid UTF-8. */
    MALFORMED("malformed"),
    /** A required field is absent or empty. */
    MISSING_FIELD("missing_field"),
    /** {@code item_no} is not a whole number ≥ 1. */
    BAD_ITEM_NO("bad_item_no"),
    /** {@code registered_at} is not a date or a date-time with offset, or is out of range. */
    BAD_DATE("bad_date"),
    /** A country code is not three upper-case ASCII letters. */
    BAD_COUNTRY("bad_country"),
    /** {@code hs_code} is not 6 to 10 ASCII digits. */
    BAD_HS_CODE("bad_hs_code"),
    /** {@code procedure} is not one of the contract's five. */
    BAD_PROCEDURE("bad_procedure"),
    /** {@code currency} is not three upper-case ASCII letters. */
    BAD_CURRENCY("bad_currency"),
    /** A decimal field is not a plain decimal (exponent, thousands separator, NaN, Infinity, text). */
    BAD_NUMBER("bad_number"),
    /** A decimal field that must be ≥ 0 is negative. */
    NEGATIVE_VALUE("negative_value"),
    /** The scenario's FX table has no rate for the record's currency on or before its date. */
    NO_FX_RATE("no_fx_rate"),
    /** The scenario covers the importer but its MFN schedule has no rate for the line on the record's date. */
    NO_MFN_RATE("no_mfn_rate"),
    /**
     * A home-use record on a line with a specific border tax in force (contract §3) has no quantity, or a unit other
     * than the tax rate's (compared case-insensitively): the tax cannot be computed.
     */
    NO_TAX_BASE("no_tax_base"),
    /**
     * A claim on a tariff-rate quota counted in a unit of quantity (contract §3 {@code quotas:}) has no quantity, or
     * its quantity in another unit (compared case-insensitively): its request cannot be measured.
     */
    NO_QUOTA_UNIT("no_quota_unit");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RejectionReason fromCode(String code) {
        for (RejectionReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rejection reason " + code);
    }
}
