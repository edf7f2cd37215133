package org.ptaflow.economics;

import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.RatesInForce;

/**
 * What one home-use customs record adds to the sums of its importer's output keys (economics.md §3), from the
 * record and the rates in force on its date: its value converted to micro-USD once, then the classification of
 * {@link WindowSums#ofBeneficiaryRecord} for the key of the beneficiary it comes from, and an "others" import
 * ({@link WindowSums#ofOthersRecord}) for the key of every other beneficiary of the importer.
 */
public final class RecordSums {
    private final long valueMicros;
    private final double mfnPercent;
    private final double preferentialPercent;
    private final boolean claimsAgreement;

    private RecordSums(long valueMicros, double mfnPercent, double preferentialPercent, boolean claimsAgreement) {
        this.valueMicros = valueMicros;
        this.mfnPercent = mfnPercent;
        this.preferentialPercent = preferentialPercent;
        this.claimsAgreement = claimsAgreement;
    }

    /**
     * @param rates the rates in force for the record; must have an FX and an MFN rate (records without them are
     *     rejected before they reach the sums)
     * @param agreement the agreement code that a claiming record carries in {@code preference}
     */
    public static RecordSums of(CustomsRecord record, RatesInForce rates, String agreement) {
        long value = Money.toMicros(record.customsValue.multiply(rates.usdPerUnit()));
        return new RecordSums(value, rates.mfnPercent(), rates.preferentialPercent(),
                agreement.equals(record.preference));
    }

    /** The record's customs value in micro-USD at the FX rate in force on its date. */
    public long valueMicros() {
        return valueMicros;
    }

    /** A new sums object for the key of the beneficiary the record comes from. */
    public WindowSums asBeneficiary() {
        return WindowSums.ofBeneficiaryRecord(valueMicros, mfnPercent, preferentialPercent, claimsAgreement);
    }

    /** A new sums object for the key of a beneficiary the record does not come from. */
    public WindowSums asOthers() {
        return WindowSums.ofOthersRecord(valueMicros, mfnPercent);
    }
}
