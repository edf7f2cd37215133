package org.ptaflow.transit;

import java.math.BigDecimal;
import java.util.List;
import org.ptaflow.records.RecordFields;
import org.ptaflow.records.RecordRejectedException;

/**
 * The field table of contract §1b and the one place where a transit event's raw values are checked and turned into
 * a {@link TransitEvent}; the CSV and JSON parsers only split text into raw values indexed by the constants below,
 * as {@link RecordFields} does for customs records. The value checks themselves (dates with offset, decimals,
 * HS codes, alpha-3 codes) are {@link RecordFields}'s, so a date or a decimal means the same in both inputs.
 *
 * <p>A raw value is the field's text exactly as written; null or empty means absent; nothing is trimmed. Order of
 * the checks, the first failure being the event's one reason: the fields every event needs are present
 * ({@code movement_id}, {@code event}, {@code at}, {@code office}); {@code event} is a known kind (so that the
 * departure-only requirements can be known); on a departure, its required fields are present; then every present
 * field is checked in table order (on an exit or a cancellation, optional values that are present are still
 * checked: a bad value is never passed on).
 */
public final class TransitEventFields {
    public static final int MOVEMENT_ID = 0;
    public static final int EVENT = 1;
    public static final int AT = 2;
    public static final int OFFICE = 3;
    public static final int TRANSPORT_MODE = 4;
    public static final int TERRITORY = 5;
    public static final int ORIGIN = 6;
    public static final int DESTINATION = 7;
    public static final int DECLARED_VALUE = 8;
    public static final int CURRENCY = 9;
    public static final int GROSS_MASS_KG = 10;
    public static final int HS_CODE = 11;
    public static final int GUARANTEE = 12;
    /** Number of fields: the length of a raw-value array. */
    public static final int COUNT = 13;

    /** The contract's field names, in table order; index = the constants above. */
    public static final List<String> NAMES = List.of("movement_id", "event", "at", "office", "transport_mode",
            "territory", "origin", "destination", "declared_value", "currency", "gross_mass_kg", "hs_code",
            "guarantee");

    private static final int[] REQUIRED = {MOVEMENT_ID, EVENT, AT, OFFICE};
    private static final int[] REQUIRED_ON_DEPARTURE = {TRANSPORT_MODE, TERRITORY, ORIGIN, DESTINATION,
            DECLARED_VALUE, CURRENCY};

    /** The one currency of transit values (contract §1b: {@code currency} = USD). */
    public static final String USD = "USD";

    private TransitEventFields() {}

    /** Index of the field with this exact name, or -1 for a name the contract does not know (ignored). */
    public static int indexOf(String name) {
        return NAMES.indexOf(name);
    }

    /** Fields that must be JSON strings: free text, where a number would be ambiguous. */
    static boolean isFreeText(int field) {
        return field == MOVEMENT_ID || field == OFFICE;
    }

    /** Whether every event needs the field (not only a departure); for a header's missing columns. */
    public static boolean isRequired(int field) {
        for (int r : REQUIRED) {
            if (r == field) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks raw values against contract §1b and builds the event.
     *
     * @param raw one value per field index ({@link #COUNT} long); null or empty = absent
     * @param originalText the text the values came from, kept on the event
     * @throws TransitEventRejectedException with the first broken rule
     */
    public static TransitEvent toEvent(String[] raw, String originalText) throws TransitEventRejectedException {
        for (int field : REQUIRED) {
            if (isAbsent(raw[field]) || ((field == MOVEMENT_ID || field == OFFICE) && raw[field].isBlank())) {
                throw missing(field, "required field is missing or empty");
            }
        }
        MovementEventKind kind = MovementEventKind.fromCode(raw[EVENT]);
        if (kind == null) {
            throw reject(TransitRejectionReason.BAD_EVENT, EVENT, raw[EVENT], "expected departure, exit or cancelled");
        }
        if (kind == MovementEventKind.DEPARTURE) {
            for (int field : REQUIRED_ON_DEPARTURE) {
                if (isAbsent(raw[field])) {
                    throw missing(field, "required on a departure, missing or empty");
                }
            }
        }
        TransitEvent e = new TransitEvent();
        e.originalText = originalText;
        e.movementId = raw[MOVEMENT_ID];
        e.event = kind;
        e.at = at(raw[AT]);
        e.office = raw[OFFICE];
        e.transportMode = isAbsent(raw[TRANSPORT_MODE]) ? null : mode(raw[TRANSPORT_MODE]);
        e.territory = country(TERRITORY, raw[TERRITORY]);
        e.origin = country(ORIGIN, raw[ORIGIN]);
        e.destination = country(DESTINATION, raw[DESTINATION]);
        e.declaredValue = decimal(DECLARED_VALUE, raw[DECLARED_VALUE]);
        e.currency = isAbsent(raw[CURRENCY]) ? null : currency(raw[CURRENCY]);
        e.grossMassKg = decimal(GROSS_MASS_KG, raw[GROSS_MASS_KG]);
        e.hsCode = isAbsent(raw[HS_CODE]) ? null : hsCode(raw[HS_CODE]);
        e.guarantee = decimal(GUARANTEE, raw[GUARANTEE]);
        return e;
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isEmpty();
    }

    /** The event time, with {@code registered_at}'s forms and range; the message names {@code at}. */
    private static long at(String s) throws TransitEventRejectedException {
        try {
            return RecordFields.registeredAt(s);
        } catch (RecordRejectedException e) {
            // RecordFields names the customs field in its message; the rule is the same, the field is ours.
            throw new TransitEventRejectedException(TransitRejectionReason.BAD_DATE,
                    NAMES.get(AT) + e.getMessage().substring(e.getMessage().indexOf(':')));
        }
    }

    private static TransportMode mode(String s) throws TransitEventRejectedException {
        TransportMode mode = TransportMode.fromCode(s);
        if (mode == null) {
            throw reject(TransitRejectionReason.BAD_MODE, TRANSPORT_MODE, s, "expected road, rail, sea or air");
        }
        return mode;
    }

    /** An alpha-3 code, or null when absent. */
    private static String country(int field, String s) throws TransitEventRejectedException {
        if (isAbsent(s)) {
            return null;
        }
        if (!RecordFields.isThreeUpperCaseLetters(s)) {
            throw reject(TransitRejectionReason.BAD_COUNTRY, field, s,
                    "expected three upper-case letters (ISO 3166-1 alpha-3)");
        }
        return s;
    }

    private static String currency(String s) throws TransitEventRejectedException {
        if (!USD.equals(s)) {
            throw reject(TransitRejectionReason.BAD_CURRENCY, CURRENCY, s, "transit values are in USD only");
        }
        return s;
    }

    private static String hsCode(String s) throws TransitEventRejectedException {
        try {
            return RecordFields.hsCode(s);
        } catch (RecordRejectedException e) {
            throw new TransitEventRejectedException(TransitRejectionReason.BAD_HS_CODE, e.getMessage());
        }
    }

    /** A plain decimal ≥ 0, or null when absent; {@link RecordFields}'s rule (a negative zero is zero). */
    private static BigDecimal decimal(int field, String s) throws TransitEventRejectedException {
        if (isAbsent(s)) {
            return null;
        }
        try {
            return RecordFields.nonNegativeDecimal(NAMES.get(field), s);
        } catch (RecordRejectedException e) {
            // Only bad_number and negative_value come out of the decimal check; the codes are the same.
            throw new TransitEventRejectedException(TransitRejectionReason.fromCode(e.reason().code()),
                    e.getMessage());
        }
    }

    private static TransitEventRejectedException missing(int field, String what) {
        return new TransitEventRejectedException(TransitRejectionReason.MISSING_FIELD, NAMES.get(field) + ": " + what);
    }

    static TransitEventRejectedException reject(TransitRejectionReason reason, int field, String value,
            String what) {
        return new TransitEventRejectedException(reason, NAMES.get(field) + ": " + what + ": "
                + RecordFields.quote(value));
    }

    static TransitEventRejectedException malformed(String message) {
        return new TransitEventRejectedException(TransitRejectionReason.MALFORMED, message);
    }

    /** Refuses text holding U+FFFD (bytes that were not UTF-8), as customs records do. */
    static void requireValidUtf8(String text) throws TransitEventRejectedException {
        try {
            RecordFields.requireValidUtf8(text);
        } catch (RecordRejectedException e) {
            throw malformed(e.getMessage());
        }
    }
}
