package org.ptaflow.records;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * The field table of contract §1 and the one place where a record's raw field values are checked and turned into a
 * {@link CustomsRecord}. Both parsers (CSV and JSON) only split their text into raw values, indexed by the
 * constants below, and hand them here, so a value means the same thing whichever format carried it.
 *
 * <p>A raw value is the field's text exactly as written: {@code null} or {@code ""} means absent (so an empty CSV
 * cell and a JSON null both take the default, or fail as {@link RejectionReason#MISSING_FIELD} when required).
 * Nothing is trimmed: {@code " 12"} is not a number. Required fields are checked for presence first (in table
 * order), then every present field is checked in table order; the first failure is the record's one reason.
 *
 * <p>The checks are hand-written character loops rather than regular expressions or exception-driven parsing:
 * valid records, the common case, allocate little and never throw.
 */
public final class RecordFields {
    public static final int DECLARATION_ID = 0;
    public static final int ITEM_NO = 1;
    public static final int REGISTERED_AT = 2;
    public static final int IMPORTER = 3;
    public static final int ORIGIN = 4;
    public static final int CONSIGNMENT = 5;
    public static final int HS_CODE = 6;
    public static final int PROCEDURE = 7;
    public static final int CUSTOMS_VALUE = 8;
    public static final int CURRENCY = 9;
    public static final int QUANTITY = 10;
    public static final int UNIT = 11;
    public static final int PREFERENCE = 12;
    public static final int DUTY_COLLECTED = 13;
    /** Number of fields: the length of a raw-value array. */
    public static final int COUNT = 14;

    /** The contract's field names, in table order; index = the constants above. Also the CSV header order we write. */
    public static final List<String> NAMES = List.of(
            "declaration_id", "item_no", "registered_at", "importer", "origin", "consignment", "hs_code",
            "procedure", "customs_value", "currency", "quantity", "unit", "preference", "duty_collected");

    private static final int[] REQUIRED = {DECLARATION_ID, ITEM_NO, REGISTERED_AT, IMPORTER, ORIGIN, HS_CODE,
            CUSTOMS_VALUE};

    /** Longest decimal text accepted; longer is {@link RejectionReason#BAD_NUMBER} (keeps BigDecimal parsing cheap). */
    static final int MAX_DECIMAL_CHARS = 1000;
    /** Longest value quoted in a rejection message. */
    static final int MAX_MESSAGE_VALUE_CHARS = 40;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private RecordFields() {}

    /** Suffix of the field of a border tax's collected amount: {@code sales_tax_collected}. */
    public static final String COLLECTED = "_collected";

    /** The length of a raw-value array for records that may carry {@code <tax>_collected} for these taxes. */
    public static int count(List<String> collectedTaxes) {
        return COUNT + collectedTaxes.size();
    }

    /**
     * Index of the field with this exact name: a contract field, or {@code COUNT + j} for {@code <tax>_collected}
     * of the j-th of {@code collectedTaxes} (the taxes the run's scenarios name); -1 for a name neither knows.
     */
    public static int indexOf(String name, List<String> collectedTaxes) {
        int field = indexOf(name);
        if (field >= 0 || collectedTaxes.isEmpty() || !name.endsWith(COLLECTED)) {
            return field;
        }
        int j = collectedTaxes.indexOf(name.substring(0, name.length() - COLLECTED.length()));
        return j < 0 ? -1 : COUNT + j;
    }

    /** The name of field {@code field} as {@link #indexOf(String, List)} numbers them. */
    public static String name(int field, List<String> collectedTaxes) {
        return field < COUNT ? NAMES.get(field) : collectedTaxes.get(field - COUNT) + COLLECTED;
    }

    /** Index of the field with this exact name, or -1 for a name the contract does not know (ignored). */
    public static int indexOf(String name) {
        return switch (name) {
            case "declaration_id" -> DECLARATION_ID;
            case "item_no" -> ITEM_NO;
            case "registered_at" -> REGISTERED_AT;
            case "importer" -> IMPORTER;
            case "origin" -> ORIGIN;
            case "consignment" -> CONSIGNMENT;
            case "hs_code" -> HS_CODE;
            case "procedure" -> PROCEDURE;
            case "customs_value" -> CUSTOMS_VALUE;
            case "currency" -> CURRENCY;
            case "quantity" -> QUANTITY;
            case "unit" -> UNIT;
            case "preference" -> PREFERENCE;
            case "duty_collected" -> DUTY_COLLECTED;
            default -> -1;
        };
    }

    /** Whether the field is free text (a JSON string only), as opposed to a code, number or date. */
    public static boolean isFreeText(int field) {
        return field == DECLARATION_ID || field == UNIT || field == PREFERENCE;
    }

    public static boolean isRequired(int field) {
        for (int r : REQUIRED) {
            if (r == field) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks raw values against contract §1 and builds the record, with defaults filled in.
     *
     * @param raw one value per field index ({@link #COUNT} long); null or empty = absent
     * @param originalText the text the values came from, kept on the record
     * @throws RecordRejectedException with the first broken rule
     */
    public static CustomsRecord toRecord(String[] raw, String originalText) throws RecordRejectedException {
        return toRecord(raw, originalText, List.of());
    }

    /**
     * As {@link #toRecord(String[], String)}, for records that may carry {@code <tax>_collected} fields: {@code raw}
     * is {@link #count(List)} long, and each present collected amount is a decimal ≥ 0, checked after the contract's
     * fields (a bad one is rejected as any bad optional number is). The record keeps the amounts present, in the
     * order of {@code collectedTaxes}.
     */
    public static CustomsRecord toRecord(String[] raw, String originalText, List<String> collectedTaxes)
            throws RecordRejectedException {
        for (int field : REQUIRED) {
            if (isAbsent(raw[field]) || (field == DECLARATION_ID && raw[field].isBlank())) {
                throw new RecordRejectedException(RejectionReason.MISSING_FIELD,
                        NAMES.get(field) + ": required field is missing or empty");
            }
        }
        CustomsRecord r = new CustomsRecord();
        r.originalText = originalText;
        r.declarationId = raw[DECLARATION_ID];
        r.itemNo = itemNo(raw[ITEM_NO]);
        r.registeredAt = registeredAt(raw[REGISTERED_AT]);
        r.importer = country(IMPORTER, raw[IMPORTER]);
        r.origin = country(ORIGIN, raw[ORIGIN]);
        r.consignment = isAbsent(raw[CONSIGNMENT]) ? r.origin : country(CONSIGNMENT, raw[CONSIGNMENT]);
        r.hsCode = hsCode(raw[HS_CODE]);
        r.procedure = isAbsent(raw[PROCEDURE]) ? Procedure.HOME_USE : procedure(raw[PROCEDURE]);
        r.customsValue = nonNegativeDecimal(CUSTOMS_VALUE, raw[CUSTOMS_VALUE]);
        r.currency = isAbsent(raw[CURRENCY]) ? "USD" : currency(raw[CURRENCY]);
        r.quantity = isAbsent(raw[QUANTITY]) ? null : nonNegativeDecimal(QUANTITY, raw[QUANTITY]);
        r.unit = isAbsent(raw[UNIT]) ? null : raw[UNIT];
        r.preference = isAbsent(raw[PREFERENCE]) ? "" : raw[PREFERENCE];
        r.dutyCollected = isAbsent(raw[DUTY_COLLECTED]) ? null : nonNegativeDecimal(DUTY_COLLECTED, raw[DUTY_COLLECTED]);
        int present = 0;
        for (int j = 0; j < collectedTaxes.size(); j++) {
            if (!isAbsent(raw[COUNT + j])) {
                present++;
            }
        }
        if (present > 0) {
            r.collectedTaxes = new String[present];
            r.collectedAmounts = new BigDecimal[present];
            int k = 0;
            for (int j = 0; j < collectedTaxes.size(); j++) {
                String value = raw[COUNT + j];
                if (!isAbsent(value)) {
                    r.collectedTaxes[k] = collectedTaxes.get(j);
                    r.collectedAmounts[k] = nonNegativeDecimal(collectedTaxes.get(j) + COLLECTED, value);
                    k++;
                }
            }
        }
        return r;
    }

    /**
     * Rejects text that holds U+FFFD, the replacement character: the file source decodes bytes that are not UTF-8
     * to it (so that a bad byte cannot fail the source), and whatever those bytes were — a Latin-1 letter, a cut
     * multi-byte sequence — the record's value is lost. A record is refused whole, whichever field (even an
     * ignored column) held the bytes, so that a wrongly encoded extract shows up at once instead of passing with
     * mangled names. A U+FFFD written as a JSON escape ({@code \ufffd}) is valid UTF-8 text and is not refused.
     */
    public static void requireValidUtf8(String text) throws RecordRejectedException {
        int at = text.indexOf('\uFFFD');
        if (at >= 0) {
            throw new RecordRejectedException(RejectionReason.MALFORMED, "the text is not valid UTF-8: bytes that are "
                    + "not UTF-8 (shown as U+FFFD) at character " + (at + 1));
        }
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isEmpty();
    }

    /** A whole number ≥ 1 written as ASCII digits (leading zeros allowed), within the range of a long. */
    static long itemNo(String s) throws RecordRejectedException {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw reject(RejectionReason.BAD_ITEM_NO, ITEM_NO, s, "not a whole number");
            }
            if (n > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw reject(RejectionReason.BAD_ITEM_NO, ITEM_NO, s, "too large");
            }
            n = n * 10 + (c - '0');
        }
        if (n < 1) {
            throw reject(RejectionReason.BAD_ITEM_NO, ITEM_NO, s, "must be at least 1");
        }
        return n;
    }

    /**
     * {@code YYYY-MM-DD} (midnight UTC) or {@code YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)}, to epoch millis UTC.
     * The fraction has 1 to 9 digits and is truncated to milliseconds. Years 1900 to 2199 only: anything else in
     * customs data is a typo, and a typo in the event time would open a window decades away.
     */
    public static long registeredAt(String s) throws RecordRejectedException {
        long millis = registeredAt(s, 0, s.length());
        if (!isInstant(millis)) {
            throw badDate(s, DATE_PROBLEMS[(int) (millis - Long.MIN_VALUE)]);
        }
        return millis;
    }

    /**
     * Why {@link #registeredAt(String, int, int)} rejects a value: the problem at index k is returned as
     * {@code Long.MIN_VALUE + k}, far below any instant of the accepted years.
     */
    private static final String[] DATE_PROBLEMS = {
        "expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with Z or ±hh:mm",
        "expected YYYY-MM-DD",
        "year outside 1900..2199",
        "no such date",
        "expected YYYY-MM-DDThh:mm:ss with Z or ±hh:mm",
        "no such time of day",
        "fraction of a second must have 1 to 9 digits",
        "a date-time needs an offset (Z or ±hh:mm)",
        "offset out of range"};
    private static final int SHAPE = 0, DATE_DIGITS = 1, YEAR = 2, DATE = 3, TIME_SHAPE = 4, TIME = 5, FRACTION = 6,
            NO_OFFSET = 7, OFFSET = 8;

    private static final int FIRST_YEAR = 1900;
    private static final int LAST_YEAR = 2199;
    /** Days since 1970-01-01 of the first day of each month of the accepted years, from java.time. */
    private static final int[] EPOCH_DAY_OF_MONTH_START = new int[(LAST_YEAR - FIRST_YEAR + 1) * 12];
    /** Days in each month of the accepted years. */
    private static final byte[] DAYS_IN_MONTH = new byte[EPOCH_DAY_OF_MONTH_START.length];

    static {
        for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
            for (int month = 1; month <= 12; month++) {
                LocalDate first = LocalDate.of(year, month, 1);
                int i = (year - FIRST_YEAR) * 12 + month - 1;
                EPOCH_DAY_OF_MONTH_START[i] = (int) first.toEpochDay();
                DAYS_IN_MONTH[i] = (byte) first.lengthOfMonth();
            }
        }
    }

    /** True when a value of {@link #registeredAt(String, int, int)} is an instant, not a problem. */
    static boolean isInstant(long millis) {
        return millis >= Long.MIN_VALUE + DATE_PROBLEMS.length;
    }

    /** {@link #registeredAt(byte[], int, int)} on the characters {@code [start, end)} of {@code s}. */
    static long registeredAt(String s, int start, int end) {
        // Every character the rules accept is ASCII; any other, as '?' or a Latin-1 byte, is refused alike.
        return registeredAt(s.getBytes(StandardCharsets.ISO_8859_1), start, end);
    }

    /**
     * The rules of {@link #registeredAt(String)} on the ASCII bytes {@code [start, end)} of {@code s}, without an
     * exception (the plain-line parser's fast path reads bytes): the instant, or {@code Long.MIN_VALUE} plus the
     * index of its problem in {@link #DATE_PROBLEMS} ({@link #isInstant} tells them apart).
     */
    static long registeredAt(byte[] s, int start, int end) {
        int len = end - start;
        if (len < 10 || s[start + 4] != '-' || s[start + 7] != '-') {
            return Long.MIN_VALUE + SHAPE;
        }
        int year = digits(s, start, 4);
        int month = digits(s, start + 5, 2);
        int day = digits(s, start + 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return Long.MIN_VALUE + DATE_DIGITS;
        }
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return Long.MIN_VALUE + YEAR;
        }
        if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[(year - FIRST_YEAR) * 12 + month - 1]) {
            return Long.MIN_VALUE + DATE;
        }
        long epochDay = EPOCH_DAY_OF_MONTH_START[(year - FIRST_YEAR) * 12 + month - 1] + day - 1;
        if (len == 10) {
            return epochDay * MILLIS_PER_DAY;
        }
        if (len < 20 || s[start + 10] != 'T' || s[start + 13] != ':' || s[start + 16] != ':') {
            return Long.MIN_VALUE + TIME_SHAPE;
        }
        int hour = digits(s, start + 11, 2);
        int minute = digits(s, start + 14, 2);
        int second = digits(s, start + 17, 2);
        if (hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE + TIME;
        }
        int i = start + 19;
        long millis = 0;
        if (s[i] == '.') {
            int fractionStart = ++i;
            while (i < end && s[i] >= '0' && s[i] <= '9') {
                if (i - fractionStart < 3) {
                    millis = millis * 10 + (s[i] - '0');
                }
                i++;
            }
            int fractionDigits = i - fractionStart;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return Long.MIN_VALUE + FRACTION;
            }
            for (int k = fractionDigits; k < 3; k++) {
                millis *= 10;
            }
        }
        if (i >= end) {
            return Long.MIN_VALUE + NO_OFFSET;
        }
        int offsetMinutes;
        byte sign = s[i];
        if (sign == 'Z' && i == end - 1) {
            offsetMinutes = 0;
        } else if ((sign == '+' || sign == '-') && i == end - 6 && s[i + 3] == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
                return Long.MIN_VALUE + OFFSET;
            }
            offsetMinutes = (sign == '-' ? -1 : 1) * (oh * 60 + om);
        } else {
            return Long.MIN_VALUE + NO_OFFSET;
        }
        long localMillis = epochDay * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1000L + millis;
        return localMillis - offsetMinutes * 60_000L;
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1 when any is not a digit. */
    private static int digits(byte[] s, int from, int count) {
        if (from + count > s.length) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < from + count; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    static String country(int field, String s) throws RecordRejectedException {
        if (!isThreeUpperCaseLetters(s)) {
            throw reject(RejectionReason.BAD_COUNTRY, field, s, "expected three upper-case letters (ISO 3166-1 alpha-3)");
        }
        return s;
    }

    static String currency(String s) throws RecordRejectedException {
        if (!isThreeUpperCaseLetters(s)) {
            throw reject(RejectionReason.BAD_CURRENCY, CURRENCY, s, "expected three upper-case letters (ISO 4217)");
        }
        return s;
    }

    public static boolean isThreeUpperCaseLetters(String s) {
        if (s.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    public static String hsCode(String s) throws RecordRejectedException {
        boolean ok = s.length() >= 6 && s.length() <= 10;
        for (int i = 0; ok && i < s.length(); i++) {
            char c = s.charAt(i);
            ok = c >= '0' && c <= '9';
        }
        if (!ok) {
            throw reject(RejectionReason.BAD_HS_CODE, HS_CODE, s, "expected 6 to 10 digits");
        }
        return s;
    }

    static Procedure procedure(String s) throws RecordRejectedException {
        Procedure p = Procedure.fromCode(s);
        if (p == null) {
            throw reject(RejectionReason.BAD_PROCEDURE, PROCEDURE, s,
                    "expected home_use, transit, warehouse, re_export or temporary");
        }
        return p;
    }

    /**
     * A plain decimal: optional sign, digits, optional {@code .digits}. No exponent, grouping, spaces, NaN or
     * Infinity. Negative values are rejected, but a negative zero ({@code -0}, {@code -0.00}) is zero.
     */
    static BigDecimal nonNegativeDecimal(int field, String s) throws RecordRejectedException {
        return nonNegativeDecimal(NAMES.get(field), s);
    }

    /** {@link #nonNegativeDecimal(int, String)} of a field named {@code name} (a tax's collected amount). */
    public static BigDecimal nonNegativeDecimal(String name, String s) throws RecordRejectedException {
        int len = s.length();
        if (len > MAX_DECIMAL_CHARS) {
            throw reject(RejectionReason.BAD_NUMBER, name, s, "too long for a decimal (" + len + " characters)");
        }
        int i = 0;
        boolean negative = false;
        if (len > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        int intStart = i;
        boolean nonZero = false;
        // The digits as a long while there are at most 18 (no overflow): most values then skip BigDecimal's parser.
        long unscaled = 0;
        int digitCount = 0;
        int scale = 0;
        while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            nonZero |= s.charAt(i) != '0';
            unscaled = unscaled * 10 + (s.charAt(i) - '0');
            digitCount++;
            i++;
        }
        boolean ok = i > intStart;
        if (ok && i < len && s.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nonZero |= s.charAt(i) != '0';
                unscaled = unscaled * 10 + (s.charAt(i) - '0');
                digitCount++;
                i++;
            }
            ok = i > fracStart;
            scale = i - fracStart;
        }
        if (!ok || i != len) {
            throw reject(RejectionReason.BAD_NUMBER, name, s, "not a plain decimal");
        }
        if (negative && nonZero) {
            throw reject(RejectionReason.NEGATIVE_VALUE, name, s, "must not be negative");
        }
        if (digitCount <= Decimals.MAX_LONG_DIGITS) {
            // The same number and scale as new BigDecimal(s): "0010.500" is 10500 at scale 3, "-0.00" is 0 at scale 2.
            return BigDecimal.valueOf(unscaled, scale);
        }
        BigDecimal value = new BigDecimal(s);
        return negative ? value.abs() : value;
    }

    private static RecordRejectedException badDate(String value, String what) {
        return reject(RejectionReason.BAD_DATE, REGISTERED_AT, value, what);
    }

    private static RecordRejectedException reject(RejectionReason reason, int field, String value, String what) {
        return reject(reason, NAMES.get(field), value, what);
    }

    private static RecordRejectedException reject(RejectionReason reason, String name, String value, String what) {
        return new RecordRejectedException(reason, name + ": " + what + ": " + quote(value));
    }

    /** The value in quotes for a message, cut to {@value #MAX_MESSAGE_VALUE_CHARS} characters. */
    public static String quote(String value) {
        if (value.length() <= MAX_MESSAGE_VALUE_CHARS) {
            return '"' + value + '"';
        }
        return '"' + value.substring(0, MAX_MESSAGE_VALUE_CHARS) + "…\" (" + value.length() + " characters)";
    }
}
