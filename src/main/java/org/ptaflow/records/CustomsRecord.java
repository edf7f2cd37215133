package org.ptaflow.records;

import java.math.BigDecimal;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One line item of a customs declaration, validated against contract §1 but not yet converted to USD (the FX
 * table belongs to a scenario). It crosses the network in the compact layout of {@link CustomsRecordSerializer}
 * (named by {@code @TypeInfo}), never by Kryo or reflection.
 *
 * <p>Optional fields hold their contract defaults after parsing: {@code consignment} = origin,
 * {@code procedure} = home use, {@code currency} = USD, {@code preference} = "" (MFN). Absent optional decimals
 * are null.
 */
@TypeInfo(CustomsRecordTypeInfo.Factory.class)
public class CustomsRecord {
    public String declarationId;
    /** Line item, ≥ 1. */
    public long itemNo;
    /** Registration time, epoch milliseconds UTC: the event time. */
    public long registeredAt;
    public String importer;
    public String origin;
    public String consignment;
    /** Declared tariff line, 6 to 10 digits. */
    public String hsCode;
    public Procedure procedure;
    /** CIF value in {@link #currency}, ≥ 0. */
    public BigDecimal customsValue;
    public String currency;
    public BigDecimal quantity;
    public String unit;
    /** Agreement code claimed; empty for MFN. */
    public String preference;
    public BigDecimal dutyCollected;
    /**
     * The border taxes whose {@code <tax>_collected} the record carries (contract §1), and the amounts, in
     * {@link #currency}, at the same index; both null when it carries none. Only the taxes of the run's scenarios
     * are read. Two arrays rather than a map: a map field would be serialized by Kryo.
     */
    public String[] collectedTaxes;
    public BigDecimal[] collectedAmounts;

    /** Where the record was read (file name or topic); for the rejected output and the summary. */
    public String source;
    /** Line number (or offset) of the record in its source, for the rejected output. */
    public long line;
    /**
     * The record's original text (a CSV line, a JSON object), kept so that a later rejection can show it; null after
     * {@code pipeline.KeepTextWhereNeeded} when the scenario join cannot write the record out.
     */
    public String originalText;
    /**
     * Where the record's text starts in its file ({@link #source}), in bytes, when the text is the bytes from there to
     * the line's end: the scenario join can then read it again where it writes the record out, and the text need
     * not cross the shuffle ({@code pipeline.RecordTexts}). 0 when unknown (a record from Kafka, a quoted or non-ASCII
     * line, a compressed file).
     */
    public long textOffset;

    /**
     * {@link #contentHash()} once computed, 0 before; it crosses the shuffle with the record. Whoever changes a
     * field after computing it sets it back to 0.
     */
    public long contentHash;

    /**
     * {@link #key()} once built, null before; not serialised (each side of the shuffle builds it once). Whoever
     * changes the declaration or item after asking for the key sets it back to null.
     */
    transient String key;

    /**
     * {@link #hs6()} once built, null before; not serialised. The serializer gives the records of one line one shared
     * string, so the combiners' keys compare it by reference. Whoever changes the line sets it back to null.
     */
    transient String hs6;

    public CustomsRecord() {}

    /** What the record says was collected of the tax, in its currency; null when it does not say. */
    public BigDecimal collected(String tax) {
        if (collectedTaxes != null) {
            for (int i = 0; i < collectedTaxes.length; i++) {
                if (collectedTaxes[i].equals(tax)) {
                    return collectedAmounts[i];
                }
            }
        }
        return null;
    }

    /** The record's identity: a repeat of it is a duplicate. */
    public String key() {
        String k = key;
        if (k == null) {
            key = k = declarationId + '#' + itemNo;
        }
        return k;
    }

    /**
     * {@code key().hashCode()}, without making the key: the declaration's own hash (which its string keeps, and the
     * serializer gives a declaration's consecutive items one string) folded with {@code '#'} and the item's digits, as
     * {@link String#hashCode} folds a string's characters. Equal to the key's hash for every declaration and item.
     */
    public int keyHash() {
        String k = key;
        if (k != null) {
            return k.hashCode();
        }
        if (declarationId == null || itemNo < 0) {
            return key().hashCode();
        }
        // The digits from the last: each weighs one more power of 31 than the one after it (divisions by the
        // constant 10 only, which the compiler turns into multiplications).
        int digits = 0;
        int scale = 1;
        long v = itemNo;
        do {
            digits += (int) ('0' + v % 10) * scale;
            scale *= 31;
            v /= 10;
        } while (v != 0);
        return (31 * declarationId.hashCode() + '#') * scale + digits;
    }

    /** UTC day of registration, as days since 1970-01-01: the date every rate is looked up on. */
    public long epochDay() {
        return Math.floorDiv(registeredAt, 86_400_000L);
    }

    /** First six digits of the declared line. */
    public String hs6() {
        String six = hs6;
        if (six == null) {
            hs6 = six = hsCode.substring(0, 6);
        }
        return six;
    }

    public boolean isHomeUse() {
        return procedure == Procedure.HOME_USE;
    }

    @Override
    public String toString() {
        return "CustomsRecord{" + key() + " " + importer + "<-" + origin + " " + hsCode + " " + customsValue + " "
                + currency + " " + procedure.code() + " at " + registeredAt + "}";
    }

    /**
     * A 64-bit hash of the record's parsed fields (not its text: the same record may come as CSV and as JSON),
     * used to tell an identical repeat from a conflicting one. Never 0, which marks "not seen". Computed once and kept
     * in {@link #contentHash}: the parser computes it, so that the join, the busier side of the shuffle, does not.
     */
    public long contentHash() {
        if (contentHash != 0) {
            return contentHash;
        }
        CustomsRecord r = this;
        long h = 0xcbf29ce484222325L;
        h = mix(h, r.declarationId);
        h = mix(h, r.itemNo);
        h = mix(h, r.registeredAt);
        h = mix(h, r.importer);
        h = mix(h, r.origin);
        h = mix(h, r.consignment);
        h = mix(h, r.hsCode);
        h = mix(h, r.procedure.ordinal());
        h = mix(h, decimal(r.customsValue));
        h = mix(h, r.currency);
        h = mix(h, decimal(r.quantity));
        h = mix(h, r.unit);
        h = mix(h, r.preference);
        h = mix(h, decimal(r.dutyCollected));
        if (r.collectedTaxes != null) {
            // Mixed in only when present, so that a record without them hashes as it did before taxes.
            for (int i = 0; i < r.collectedTaxes.length; i++) {
                h = mix(h, r.collectedTaxes[i]);
                h = mix(h, decimal(r.collectedAmounts[i]));
            }
        }
        contentHash = h == 0 ? 1 : h;
        return contentHash;
    }

    private static long mix(long h, String s) {
        return mix(h, s == null ? 0x9E3779B97F4A7C15L : s.hashCode());
    }

    /** One FNV-style step then a 64-bit finaliser spread, so that fields' 32-bit hashes fill all 64 bits. */
    private static long mix(long h, long v) {
        h = (h ^ v) * 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    /**
     * The same number written differently (1.5, 1.50) hashes the same; absent is distinct from zero. The hash is
     * {@code d.stripTrailingZeros().hashCode()} (the duplicate memory of a savepoint holds hashes made so); for a
     * decimal of up to 18 digits it is computed from the unscaled long, without the decimals that stripping makes.
     */
    static long decimal(BigDecimal d) {
        if (d == null) {
            return 0x632BE59BD9B4E019L;
        }
        if (d.signum() == 0) {
            return 0;
        }
        if (d.precision() > Decimals.MAX_LONG_DIGITS) {
            return d.stripTrailingZeros().hashCode();
        }
        long unscaled = Decimals.unscaledLong(d);
        long scale = d.scale();
        while (unscaled % 10 == 0) { // as stripTrailingZeros: every trailing zero, the scale going below 0 if need be
            unscaled /= 10;
            scale--;
        }
        return decimalHashCode(unscaled, (int) scale);
    }

    /**
     * {@link BigDecimal#hashCode()} of the decimal {@code unscaled × 10^-scale}: 31 × the unscaled value's
     * {@link java.math.BigInteger#hashCode()} (its magnitude's 32-bit words, most significant first, each as an
     * unsigned int into {@code 31 × h + word}, the sign applied at the end) + the scale.
     */
    private static int decimalHashCode(long unscaled, int scale) {
        long magnitude = Math.abs(unscaled); // |unscaled| < 10^18: no overflow
        int high = (int) (magnitude >>> 32);
        int low = (int) magnitude;
        int words = high != 0 ? 31 * high + low : low;
        return 31 * (unscaled < 0 ? -words : words) + scale;
    }


}
