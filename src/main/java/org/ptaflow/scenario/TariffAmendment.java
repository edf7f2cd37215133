package org.ptaflow.scenario;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A change to a running scenario's tables, as negotiators send it on the {@code concession-updates} topic. It
 * applies to records dated from {@code from} (inclusive) to {@code to} (exclusive, open when absent), and only to
 * records processed after it arrived: windows already closed keep their rows.
 *
 * <ul>
 *   <li>{@code mfn}: the importer's MFN rate for lines under {@code hs_prefix} becomes {@code rate};
 *   <li>{@code concession}: the beneficiary's preferential rate on lines under {@code hs_prefix} becomes
 *       {@code min(rate, MFN)}, fully in force from {@code from} (a new line, or a changed line rate);
 *   <li>{@code staging}: the pair's concessions are in force at fraction {@code fraction} from {@code from}
 *       (the rate in force is {@code t0 + fraction × (t1 − t0)}, t1 the concession's full cut);
 *   <li>{@code tax}: the importer's border tax {@code tax} has rate {@code rate} on lines under {@code hs_prefix}
 *       (percent; for a specific tax, {@code rate} {@code currency} per {@code unit}, both then required). A tax
 *       follows its own table: an {@code mfn} amendment never moves another tax's rate, and a {@code tax}
 *       amendment moves only its own tax;
 *   <li>{@code quota}: the scenario's quota {@code quota} has a new volume per period, {@code volume} in the
 *       quota's unit, from {@code from} (economics.md §7). It names no importer, beneficiary, line or rate (the
 *       quota has them), and no {@code to}: it holds until a later one replaces it. It changes no rate.
 * </ul>
 *
 * Among amendments of one kind in force for a line, the longest prefix wins, then the latest {@code from}. An
 * amendment overrides the scenario's tables for the lines it covers, whatever the length of their own prefixes.
 * Sending an amendment with the same kind, importer, beneficiary, prefix and {@code from} again replaces it (for a
 * {@code tax} amendment the same tax too, for a {@code quota} amendment the same quota).
 *
 * <p>JSON: {@code {"scenario":"pk-az-pta-requests","kind":"concession","importer":"AZE","beneficiary":"PAK",
 * "hs_prefix":"100630","rate":0,"from":"2024-03-01"}}, or {@code {"scenario":"pk-az-pta-requests","kind":"tax",
 * "importer":"PAK","tax":"sales_tax","hs_prefix":"10","rate":17,"from":"2025-01-01"}}, or {@code {"scenario":
 * "pk-az-pta-requests","kind":"quota","quota":"aze-rice-from-pak","volume":150000000,"from":"2025-01-01"}}. A Flink
 * POJO (it sits in broadcast state).
 */
public class TariffAmendment {
    public static final String MFN = "mfn";
    public static final String CONCESSION = "concession";
    public static final String STAGING = "staging";
    public static final String TAX = "tax";
    public static final String QUOTA = "quota";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS =
            Set.of("scenario", "kind", "importer", "beneficiary", "hs_prefix", "rate", "fraction", "from", "to",
                    "tax", "unit", "currency", "quota", "volume");

    public String scenario;
    public String kind;
    /** Empty for {@code quota}. */
    public String importer;
    /** Empty for {@code mfn}, {@code tax} and {@code quota}. */
    public String beneficiary;
    /** Empty for {@code staging} and {@code quota}. */
    public String hsPrefix;
    /** Percent; NaN for {@code staging} and {@code quota}. */
    public double rate;
    /** Staging fraction in (0, 1]; NaN for the other kinds. */
    public double fraction;
    /** Epoch days, from inclusive, to exclusive ({@code Long.MAX_VALUE} when open). */
    public long fromDay;
    public long toDay;
    /** The tax a {@code tax} amendment sets the rate of; empty for the other kinds. */
    public String tax;
    /** A specific tax's unit and currency ({@code tax} kind); empty for an ad-valorem rate and the other kinds. */
    public String unit;
    public String currency;
    /** The quota a {@code quota} amendment gives a new volume; empty for the other kinds. */
    public String quota;
    /** A {@code quota} amendment's volume per period from {@code from}, thousandths of the quota's unit; 0 otherwise. */
    public long volumeMilli;

    public TariffAmendment() {}

    /** The identity that a later amendment with the same values replaces. */
    public String key() {
        String key = scenario + '|' + kind + '|' + importer + '|' + beneficiary + '|' + hsPrefix + '|' + fromDay;
        // The tax (quota) only in a tax (quota) amendment's key, so that the keys of the other kinds stay as they
        // were in state.
        if (TAX.equals(kind)) {
            return key + '|' + tax;
        }
        return QUOTA.equals(kind) ? key + '|' + quota : key;
    }

    /** True for a {@code tax} amendment with a specific rate (an amount per unit). */
    public boolean specific() {
        return unit != null && !unit.isEmpty();
    }

    public boolean inForce(long epochDay) {
        return epochDay >= fromDay && epochDay < toDay;
    }

    /** Parses and validates one message; the exception's message says what is wrong. */
    public static TariffAmendment fromJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name);
            }
        }
        TariffAmendment a = new TariffAmendment();
        a.scenario = text(node, "scenario", true);
        a.kind = text(node, "kind", true);
        a.quota = "";
        if (a.kind.equals(QUOTA)) {
            return quota(node, a);
        }
        for (String field : new String[] {"quota", "volume"}) {
            if (node.hasNonNull(field)) {
                throw new IllegalArgumentException(field + ": only a quota amendment has it");
            }
        }
        a.importer = text(node, "importer", true);
        a.beneficiary = text(node, "beneficiary", a.kind.equals(CONCESSION) || a.kind.equals(STAGING));
        if ((a.kind.equals(MFN) || a.kind.equals(TAX)) && !a.beneficiary.isEmpty()) {
            // An MFN rate or a tax holds for every origin; a beneficiary would be ignored yet be part of the key,
            // so that a corrected message without it would not replace the first.
            throw new IllegalArgumentException("beneficiary: not for an amendment of kind " + a.kind);
        }
        a.hsPrefix = text(node, "hs_prefix", !a.kind.equals(STAGING));
        a.tax = text(node, "tax", a.kind.equals(TAX));
        a.unit = text(node, "unit", false);
        a.currency = text(node, "currency", false);
        if (!a.kind.equals(TAX)) {
            for (String field : new String[] {"tax", "unit", "currency"}) {
                if (!text(node, field, false).isEmpty()) {
                    throw new IllegalArgumentException(field + ": only a tax amendment has it");
                }
            }
        }
        a.rate = Double.NaN;
        a.fraction = Double.NaN;
        switch (a.kind) {
            case MFN, CONCESSION, TAX -> {
                a.rate = number(node, "rate");
                if (a.rate < 0) {
                    throw new IllegalArgumentException("rate: " + a.rate + " is negative");
                }
                if (!a.hsPrefix.matches("[0-9]{2,10}")) {
                    throw new IllegalArgumentException("hs_prefix: '" + a.hsPrefix + "' is not 2 to 10 digits");
                }
            }
            case STAGING -> {
                a.fraction = number(node, "fraction");
                if (!(a.fraction > 0 && a.fraction <= 1)) {
                    throw new IllegalArgumentException("fraction: " + a.fraction + " is outside (0, 1]");
                }
            }
            default -> throw new IllegalArgumentException(
                    "kind: '" + a.kind + "' is not mfn, concession, staging, tax or quota");
        }
        if (a.kind.equals(TAX)) {
            if (!a.tax.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("tax: '" + a.tax + "' is not a tax name [a-z][a-z0-9_]*");
            }
            if (a.unit.isEmpty() != a.currency.isEmpty()) {
                throw new IllegalArgumentException((a.unit.isEmpty() ? "unit" : "currency")
                        + ": missing; a specific rate gives both unit and currency");
            }
            if (!a.currency.isEmpty() && !a.currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("currency: '" + a.currency + "' is not three upper-case letters");
            }
        }
        a.fromDay = date(node, "from", true);
        a.toDay = node.hasNonNull("to") ? date(node, "to", true) : Long.MAX_VALUE;
        if (a.toDay <= a.fromDay) {
            throw new IllegalArgumentException("to: must be after from");
        }
        return a;
    }

    /**
     * The rest of a {@code quota} amendment: the quota's id, a volume > 0 and {@code from}. The fields of the other
     * kinds are refused rather than ignored: a reader of the message would take them to narrow the change.
     */
    private static TariffAmendment quota(JsonNode node, TariffAmendment a) {
        for (String field : new String[] {"importer", "beneficiary", "hs_prefix", "rate", "fraction", "tax", "unit",
                "currency"}) {
            if (node.hasNonNull(field)) {
                throw new IllegalArgumentException(field + ": not for an amendment of kind quota (the quota names its"
                        + " importer, beneficiary and lines)");
            }
        }
        if (node.hasNonNull("to")) {
            throw new IllegalArgumentException("to: a quota amendment holds from its date until a later one replaces"
                    + " it");
        }
        a.quota = text(node, "quota", true);
        if (!a.quota.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("quota: '" + a.quota + "' is not a quota id [a-z0-9-]+");
        }
        JsonNode volume = node.get("volume");
        if (volume == null || !volume.isNumber()) {
            throw new IllegalArgumentException("volume: missing or not a number");
        }
        BigDecimal amount = volume.decimalValue();
        String shown = amount.stripTrailingZeros().toPlainString();
        if (amount.signum() <= 0 || amount.compareTo(ScenarioLoader.MAX_VOLUME) > 0) {
            throw new IllegalArgumentException("volume: " + shown + (amount.signum() <= 0
                    ? " is not positive" : " is above " + ScenarioLoader.MAX_VOLUME.toPlainString()));
        }
        a.volumeMilli = Quota.toMilli(amount);
        if (a.volumeMilli == 0) {
            throw new IllegalArgumentException("volume: " + shown + " is below a thousandth of the unit");
        }
        a.importer = "";
        a.beneficiary = "";
        a.hsPrefix = "";
        a.tax = "";
        a.unit = "";
        a.currency = "";
        a.rate = Double.NaN;
        a.fraction = Double.NaN;
        a.fromDay = date(node, "from", true);
        a.toDay = Long.MAX_VALUE;
        return a;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            if (required) {
                throw new IllegalArgumentException(field + ": missing");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        return v.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + ": missing or not a number");
        }
        return v.asDouble();
    }

    private static long date(JsonNode node, String field, boolean required) {
        String s = text(node, field, required);
        try {
            return LocalDate.parse(s).toEpochDay();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + s + "' is not a date (YYYY-MM-DD)");
        }
    }

    @Override
    public String toString() {
        if (QUOTA.equals(kind)) {
            return "TariffAmendment{" + key() + " volume=" + Quota.fromMilli(volumeMilli) + "}";
        }
        return "TariffAmendment{" + key() + " rate=" + rate + " fraction=" + fraction + " to=" + toDay + "}";
    }
}
