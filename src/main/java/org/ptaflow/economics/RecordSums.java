package org.ptaflow.economics;

import java.math.BigDecimal;
import java.util.List;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.BorderTax;
import org.ptaflow.scenario.RatesInForce;
import org.ptaflow.tariffs.TaxRate;

/**
 * What one home-use customs record adds to the sums of its importer's output keys (economics.md §3, §6), from the
 * record and the rates in force on its date: its value converted to micro-USD once, then the classification of
 * {@link WindowSums#ofBeneficiaryRecord} for the key of the beneficiary it comes from, and an "others" import
 * ({@link WindowSums#ofOthersRecord}) for the key of every other beneficiary of the importer.
 *
 * <p>Where the importer has border taxes, each is computed in the three states of economics.md §6 by
 * {@link TaxCascade}: at MFN (the duty at the MFN rate), statutory (the duty the record is entitled to) and full
 * preference (the duty at the staged scenario rate t1, as if claimed), from the duties of those states as
 * {@link WindowSums} rounded them. What the record says was collected ({@code duty_collected},
 * {@code <tax>_collected}) is converted at the record's FX rate and kept for the beneficiary's key.
 */
public final class RecordSums {
    private final long valueMicros;
    private final double mfnPercent;
    private final double preferentialPercent;
    private final boolean claimsAgreement;
    private final List<BorderTax> taxes;
    private final TaxRate[] taxRates;
    /** Per tax, the amount of a specific tax in force (the same in every state); null without taxes. */
    private final long[] specificMicros;
    /** duty_collected in micro-USD; -1 when the record does not carry it. */
    private final long dutyCollectedMicros;
    /** Per tax, {@code <tax>_collected} in micro-USD; -1 when the record does not carry it; null without taxes. */
    private final long[] taxCollectedMicros;

    private RecordSums(long valueMicros, double mfnPercent, double preferentialPercent, boolean claimsAgreement,
            List<BorderTax> taxes, TaxRate[] taxRates, long[] specificMicros, long dutyCollectedMicros,
            long[] taxCollectedMicros) {
        this.valueMicros = valueMicros;
        this.mfnPercent = mfnPercent;
        this.preferentialPercent = preferentialPercent;
        this.claimsAgreement = claimsAgreement;
        this.taxes = taxes;
        this.taxRates = taxRates;
        this.specificMicros = specificMicros;
        this.dutyCollectedMicros = dutyCollectedMicros;
        this.taxCollectedMicros = taxCollectedMicros;
    }

    /**
     * @param rates the rates in force for the record; must have an FX and an MFN rate, and every specific tax in
     *     force its FX rate and the record its quantity (records without them are rejected before they reach the sums)
     * @param agreement the agreement code that a claiming record carries in {@code preference}
     */
    public static RecordSums of(CustomsRecord record, RatesInForce rates, String agreement) {
        BigDecimal fx = rates.usdPerUnit();
        long value = Money.toMicros(record.customsValue.multiply(fx));
        long dutyCollected = record.dutyCollected == null ? -1 : Money.toMicros(record.dutyCollected.multiply(fx));
        List<BorderTax> taxes = rates.taxes();
        long[] specific = null;
        long[] collected = null;
        if (!taxes.isEmpty()) {
            int n = taxes.size();
            specific = new long[n];
            collected = new long[n];
            for (int j = 0; j < n; j++) {
                TaxRate rate = rates.taxRates()[j];
                if (rate != null && rate.specific()) {
                    specific[j] = TaxCascade.specificMicros(record.quantity, rate, rates.taxUsdPerUnit()[j]);
                }
                BigDecimal amount = record.collected(taxes.get(j).name());
                collected[j] = amount == null ? -1 : Money.toMicros(amount.multiply(fx));
            }
        }
        return new RecordSums(value, rates.mfnPercent(), rates.preferentialPercent(),
                agreement.equals(record.preference), taxes, rates.taxRates(), specific, dutyCollected, collected);
    }

    /** The record's customs value in micro-USD at the FX rate in force on its date. */
    public long valueMicros() {
        return valueMicros;
    }

    /** A new sums object for the key of the beneficiary the record comes from. */
    public WindowSums asBeneficiary() {
        WindowSums s = WindowSums.ofBeneficiaryRecord(valueMicros, mfnPercent, preferentialPercent, claimsAgreement);
        if (dutyCollectedMicros >= 0) {
            s.dutyCollected = dutyCollectedMicros;
            s.dutyCollectedRecords = 1;
        }
        if (taxes.isEmpty()) {
            return s;
        }
        boolean eligible = WindowSums.eligible(mfnPercent, preferentialPercent);
        boolean preferential = eligible && claimsAgreement;
        s.taxAtMfn = TaxCascade.state(taxes, taxRates, specificMicros, valueMicros, s.dutyAtMfn, false);
        s.taxStatutory = TaxCascade.state(taxes, taxRates, specificMicros, valueMicros, s.dutyStatutory,
                preferential);
        s.taxFullPreference = TaxCascade.state(taxes, taxRates, specificMicros, valueMicros, s.dutyAtScenarioRate,
                eligible);
        s.fillTaxes(taxes.size());
        for (int j = 0; j < taxes.size(); j++) {
            if (taxCollectedMicros[j] >= 0) {
                s.taxCollected[j] = taxCollectedMicros[j];
                s.taxCollectedRecords[j] = 1;
            }
        }
        return s;
    }

    /** A new sums object for the key of a beneficiary the record does not come from. */
    public WindowSums asOthers() {
        WindowSums s = WindowSums.ofOthersRecord(valueMicros, mfnPercent);
        if (taxes.isEmpty()) {
            return s;
        }
        s.othersTaxAtMfn = TaxCascade.state(taxes, taxRates, specificMicros, valueMicros, s.othersDutyAtMfn, false);
        s.fillTaxes(taxes.size());
        return s;
    }
}
