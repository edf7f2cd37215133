package org.ptaflow.transit;

/**
 * Why a transit event was rejected (contract §1b). Codes shared with customs records
 * ({@link org.ptaflow.records.RejectionReason}) mean the same thing; {@code bad_event} and {@code bad_mode} are the
 * transit fields' own. Transit events are counted apart from customs records (their own read = accepted + rejected +
 * duplicates + late + out of scope), so they have their own enum rather than two more customs reasons. The
 * {@link #code()} is stable: never rename one.
 */
public enum TransitRejectionReason {
    /** Not an event at all: unparsable JSON or CSV, a JSON value that is not an object, invalid UTF-8. */
    MALFORMED("malformed"),
    /** A required field (or one required on a departure) is absent or empty. */
    MISSING_FIELD("missing_field"),
    /** {@code at} is not a date or a date-time with offset, or is out of range. */
    BAD_DATE("bad_date"),
    /** {@code event} is not {@code departure}, {@code exit} or {@code cancelled}. */
    BAD_EVENT("bad_event"),
    /** {@code transport_mode} is not {@code road}, {@code rail}, {@code sea} or {@code air}. */
    BAD_MODE("bad_mode"),
    /** {@code territory}, {@code origin} or {@code destination} is not three upper-case ASCII letters. */
    BAD_COUNTRY("bad_country"),
    /** A decimal field is not a plain decimal (exponent, thousands separator, NaN, Infinity, text). */
    BAD_NUMBER("bad_number"),
    /** {@code declared_value}, {@code gross_mass_kg} or {@code guarantee} is negative. */
    NEGATIVE_VALUE("negative_value"),
    /** {@code currency} is not {@code USD}, the only currency of transit values (contract §1b). */
    BAD_CURRENCY("bad_currency"),
    /** {@code hs_code} is not 6 to 10 ASCII digits (or, in JSON, not a string). */
    BAD_HS_CODE("bad_hs_code");

    private final String code;

    TransitRejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason whose code is {@code code}. */
    public static TransitRejectionReason fromCode(String code) {
        for (TransitRejectionReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown transit rejection reason " + code);
    }
}
