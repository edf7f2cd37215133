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
        return declarationId + '#' + itemNo;
    }

    /** UTC day of registration, as days since 1970-01-01: the date every rate is looked up on. */
    public long epochDay() {
        return Math.floorDiv(registeredAt, 86_400_000L);
    }

    /** First six digits of the declared line. */
    public String hs6() {
        return hsCode.substring(0, 6);
    }

    public boolean isHomeUse() {
        return procedure == Procedure.HOME_USE;
    }

    @Override
    public String toString() {
        return "CustomsRecord{" + key() + " " + importer + "<-" + origin + " " + hsCode + " " + customsValue + " "
                + currency + " " + procedure.code() + " at " + registeredAt + "}";
    }
}
