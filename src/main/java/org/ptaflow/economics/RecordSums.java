package org.ptaflow.economics;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.BorderTax;
import org.ptaflow.scenario.RatesInForce;
import org.ptaflow.tariffs.TaxRate;

/**
 * What one home-use customs record adds to the sums of its importer's output keys (economics.md §3, §6, §7), from
 * the record and the rates in force on its date: its value converted to micro-USD once, then the classification of
 * {@link WindowSums#ofBeneficiaryRecord} for the key of the beneficiary it comes from, and an "others" import
 * ({@link WindowSums#ofOthersRecord}) for the key of every other beneficiary of the importer.
 *
 * <p>Where the importer has border taxes, each is computed in the three states of economics.md §6 by
 * {@link TaxCascade}: at MFN (the duty at the MFN rate), statutory (the duty the record is entitled to) and full
 * preference (the duty at the staged scenario rate t1, as if claimed), from the duties of those states as
 * {@link WindowSums} rounded them. What the record says was collected ({@code duty_collected},
 * {@code <tax>_collected}) is converted at the record's FX rate and kept for the beneficiary's key.
 *
 * <p>A record on a quota line is split by its {@link QuotaShare} ({@link #asBeneficiary(QuotaShare)}): the part
 * inside the quota at the preferential rate, the rest at the out-of-quota rate, each part's duty and taxes rounded.
 */
public final class RecordSums {
    private final long valueMicros;
    private final double mfnPercent;
    private final double preferentialPercent;
    private final boolean claimsAgreement;
    private final List<BorderTax> taxes;
    /** Per tax, its ad-valorem rate in force, NaN where specific or none ({@link TaxCascade#adValoremPercents}). */
    private final double[] taxPercents;
    /** Per tax, the amount of a specific tax in force (the same in every state), -1 where none; null without taxes. */
    private final long[] specificMicros;
    /** duty_collected in micro-USD; -1 when the record does not carry it. */
    private final long dutyCollectedMicros;
    /** Per tax, {@code <tax>_collected} in micro-USD; -1 when the record does not carry it; null without taxes. */
    private final long[] taxCollectedMicros;
    /** The rates the record-level amounts above came from (null for a quota record): what another scenario compares. */
    private final RatesInForce rates;
    /** {@link #asOthers}, made once: it is the same for every scenario with this record's value, MFN rate and taxes. */
    private WindowSums others;
    /**
     * {@link #asBeneficiary()}, made once: the same for every scenario with this record's amounts, MFN and
     * preferential rates and claim (a line no scenario of the run concedes, or one they concede alike on the date).
     */
    private WindowSums beneficiary;

    private RecordSums(long valueMicros, double mfnPercent, double preferentialPercent, boolean claimsAgreement,
            List<BorderTax> taxes, double[] taxPercents, long[] specificMicros, long dutyCollectedMicros,
            long[] taxCollectedMicros, RatesInForce rates) {
        this.valueMicros = valueMicros;
        this.mfnPercent = mfnPercent;
        this.preferentialPercent = preferentialPercent;
        this.claimsAgreement = claimsAgreement;
        this.taxes = taxes;
        this.taxPercents = taxPercents;
        this.specificMicros = specificMicros;
        this.dutyCollectedMicros = dutyCollectedMicros;
        this.taxCollectedMicros = taxCollectedMicros;
        this.rates = rates;
    }

    /**
     * @param rates the rates in force for the record; must have an FX and an MFN rate, and every specific tax in
     *     force its FX rate and the record its quantity (records without them are rejected before they reach the sums)
     * @param agreement the agreement code that a claiming record carries in {@code preference}
     */
    public static RecordSums of(CustomsRecord record, RatesInForce rates, String agreement) {
        return of(record, rates, agreement, null);
    }

    /**
     * As {@link #of(CustomsRecord, RatesInForce, String)}, taking from {@code same} — the sums of the same record in
     * another scenario of the run, or null — what does not depend on the scenario when both scenarios found the same
     * FX rate and the same taxes in force (the national tables scenarios share): the value, the collected amounts
     * and the specific taxes in micro-USD, and the "others" sums when the MFN rate is the same too. With eight
     * scenarios over the same tables, a record is converted once instead of eight times. When the MFN and
     * preferential rates and the claim are the same as well, {@code same} itself is the answer: nothing in it depends
     * on the scenario, and the combiners add what it routes once for all the scenarios that share it.
     */
    public static RecordSums of(CustomsRecord record, RatesInForce rates, String agreement, RecordSums same) {
        boolean claims = agreement.equals(record.preference);
        if (same != null && same.rates != null && sameRecordAmounts(same.rates, rates)) {
            if (Double.compare(same.mfnPercent, rates.mfnPercent()) == 0
                    && Double.compare(same.preferentialPercent, rates.preferentialPercent()) == 0
                    && same.claimsAgreement == claims) {
                return same; // priced alike in every way (a line no scenario of the run concedes, mostly)
            }
            RecordSums sums = new RecordSums(same.valueMicros, rates.mfnPercent(), rates.preferentialPercent(), claims,
                    rates.taxes(), same.taxPercents, same.specificMicros, same.dutyCollectedMicros,
                    same.taxCollectedMicros, rates);
            if (Double.compare(same.mfnPercent, rates.mfnPercent()) == 0) {
                sums.others = same.others;
                if (Double.compare(same.preferentialPercent, rates.preferentialPercent()) == 0
                        && same.claimsAgreement == claims) {
                    sums.beneficiary = same.beneficiary;
                }
            }
            return sums;
        }
        BigDecimal fx = rates.usdPerUnit();
        long value = Money.toMicros(record.customsValue, fx);
        long dutyCollected = record.dutyCollected == null ? -1 : Money.toMicros(record.dutyCollected, fx);
        List<BorderTax> taxes = rates.taxes();
        double[] percents = null;
        long[] specific = null;
        long[] collected = null;
        if (!taxes.isEmpty()) {
            int n = taxes.size();
            percents = TaxCascade.adValoremPercents(rates.taxRates());
            specific = new long[n];
            collected = new long[n];
            for (int j = 0; j < n; j++) {
                TaxRate rate = rates.taxRates()[j];
                specific[j] = rate != null && rate.specific()
                        ? TaxCascade.specificMicros(record.quantity, rate, rates.taxUsdPerUnit()[j]) : -1;
                BigDecimal amount = record.collected(taxes.get(j).name());
                collected[j] = amount == null ? -1 : Money.toMicros(amount, fx);
            }
        }
        return new RecordSums(value, rates.mfnPercent(), rates.preferentialPercent(), claims, taxes, percents,
                specific, dutyCollected, collected, rates);
    }

    /**
     * Whether two scenarios' rates give a record the same amounts in micro-USD: the same FX rate, and the same list
     * of taxes (scenarios loaded together that tax alike hold one list, {@code ScenarioLoader#loadAll}) with the
     * same rates in force.
     */
    private static boolean sameRecordAmounts(RatesInForce a, RatesInForce b) {
        return a == b || (a.taxes() == b.taxes() && java.util.Objects.equals(a.usdPerUnit(), b.usdPerUnit())
                && Arrays.equals(a.taxRates(), b.taxRates()) && Arrays.equals(a.taxUsdPerUnit(), b.taxUsdPerUnit()));
    }

    /**
     * The sums of a beneficiary record rebuilt from what a quota claim carries to the allocation (no collected
     * amounts: they do not depend on the quota, so they cancel out of what the allocation adds).
     */
    public static RecordSums ofQuotaRecord(long valueMicros, double mfnPercent, double preferentialPercent,
            boolean claimsAgreement, List<BorderTax> taxes, double[] taxPercents, long[] specificMicros) {
        long[] noneCollected = null;
        if (!taxes.isEmpty()) {
            noneCollected = new long[taxes.size()];
            Arrays.fill(noneCollected, -1);
        }
        return new RecordSums(valueMicros, mfnPercent, preferentialPercent, claimsAgreement, taxes, taxPercents,
                specificMicros, -1, noneCollected, null);
    }

    /** The record's customs value in micro-USD at the FX rate in force on its date. */
    public long valueMicros() {
        return valueMicros;
    }

    public double mfnPercent() {
        return mfnPercent;
    }

    public double preferentialPercent() {
        return preferentialPercent;
    }

    public boolean claimsAgreement() {
        return claimsAgreement;
    }

    /** Eligible (economics.md §3): dutiable, a concession in force, its rate below MFN. */
    public boolean eligible() {
        return WindowSums.eligible(mfnPercent, preferentialPercent);
    }

    /** Per tax, the ad-valorem rate in force (NaN where specific or none); null without taxes. */
    public double[] taxPercents() {
        return taxPercents;
    }

    /** Per tax, the specific amount in force (-1 where none); null without taxes. */
    public long[] specificMicros() {
        return specificMicros;
    }

    /**
     * The sums for the key of the beneficiary the record comes from. One object, made on the first call and shared
     * with the record's sums in other scenarios that take the same amounts and rates ({@link #of(CustomsRecord,
     * RatesInForce, String, RecordSums)}): whoever receives it adds it, never changes it.
     */
    public WindowSums asBeneficiary() {
        if (beneficiary == null) {
            beneficiary = newBeneficiarySums();
        }
        return beneficiary;
    }

    private WindowSums newBeneficiarySums() {
        WindowSums s = WindowSums.ofBeneficiaryRecord(valueMicros, mfnPercent, preferentialPercent, claimsAgreement);
        if (!taxes.isEmpty()) {
            boolean eligible = WindowSums.eligible(mfnPercent, preferentialPercent);
            boolean preferential = eligible && claimsAgreement;
            s.taxAtMfn = TaxCascade.state(taxes, taxPercents, specificMicros, valueMicros, s.dutyAtMfn, false);
            s.taxStatutory = TaxCascade.state(taxes, taxPercents, specificMicros, valueMicros, s.dutyStatutory,
                    preferential);
            s.taxFullPreference = TaxCascade.state(taxes, taxPercents, specificMicros, valueMicros,
                    s.dutyAtScenarioRate, eligible);
        }
        return withCollected(s);
    }

    /**
     * A new sums object for the key of the beneficiary, for an eligible record on a quota line split as
     * {@code share} says (economics.md §7): in the statutory state a claim pays the preferential rate on the part
     * inside the quota and the out-of-quota rate on the rest, and only that part counts as preferential; the
     * full-preference state splits the same way with its own fraction. The at-MFN state is whole. Each part's duty
     * and taxes (a specific tax split like the value) are rounded once.
     */
    public WindowSums asBeneficiary(QuotaShare share) {
        if (!eligible()) {
            throw new IllegalArgumentException("only an eligible record is split by a quota");
        }
        double out = share.outOfQuotaPercent();
        WindowSums s = WindowSums.ofBeneficiaryRecord(valueMicros, mfnPercent, preferentialPercent, claimsAgreement);
        // Statutory: only a claim draws on the quota; a record that did not claim pays MFN, as without a quota.
        Part statutory = claimsAgreement ? new Part(preferentialPercent, out, share::statutoryPart) : null;
        if (statutory != null) {
            s.preferentialValue = statutory.insideValue;
            s.dutyStatutory = Math.addExact(statutory.insideDuty, statutory.outsideDuty);
        }
        // Full preference: t1 (= the preferential rate of an eligible record) inside, the out-of-quota rate outside.
        Part full = new Part(preferentialPercent, out, share::fullPreferencePart);
        s.dutyAtScenarioRate = Math.addExact(full.insideDuty, full.outsideDuty);
        s.potentialSaving = Math.subtractExact(s.dutyAtMfn, s.dutyAtScenarioRate);
        if (!taxes.isEmpty()) {
            s.taxAtMfn = TaxCascade.state(taxes, taxPercents, specificMicros, valueMicros, s.dutyAtMfn, false);
            s.taxStatutory = statutory == null
                    ? TaxCascade.state(taxes, taxPercents, specificMicros, valueMicros, s.dutyStatutory, false)
                    : statutory.taxes();
            s.taxFullPreference = full.taxes();
        }
        return withCollected(s);
    }

    /** One state of a split record: the value inside the quota and the rest, each with its duty. */
    private final class Part {
        final long insideValue;
        final long outsideValue;
        final long insideDuty;
        final long outsideDuty;
        final long[] insideSpecific;
        final long[] outsideSpecific;

        /** @param partOf the share of an amount inside the quota in this state (of the value, of a specific tax) */
        Part(double insidePercent, double outsidePercent, java.util.function.LongUnaryOperator partOf) {
            this.insideValue = partOf.applyAsLong(valueMicros);
            this.outsideValue = valueMicros - insideValue;
            this.insideDuty = Money.dutyMicros(insideValue, insidePercent);
            this.outsideDuty = Money.dutyMicros(outsideValue, outsidePercent);
            if (specificMicros == null) {
                insideSpecific = outsideSpecific = null;
            } else {
                insideSpecific = new long[specificMicros.length];
                outsideSpecific = new long[specificMicros.length];
                for (int j = 0; j < specificMicros.length; j++) {
                    if (specificMicros[j] < 0) {
                        insideSpecific[j] = outsideSpecific[j] = -1;
                    } else {
                        insideSpecific[j] = partOf.applyAsLong(specificMicros[j]);
                        outsideSpecific[j] = specificMicros[j] - insideSpecific[j];
                    }
                }
            }
        }

        /** Each tax of the state: the inside part with the preference applying, the rest without. */
        long[] taxes() {
            long[] inside = TaxCascade.state(taxes, taxPercents, insideSpecific, insideValue, insideDuty, true);
            long[] outside = TaxCascade.state(taxes, taxPercents, outsideSpecific, outsideValue, outsideDuty, false);
            for (int j = 0; j < inside.length; j++) {
                inside[j] = Math.addExact(inside[j], outside[j]);
            }
            return inside;
        }
    }

    private WindowSums withCollected(WindowSums s) {
        if (dutyCollectedMicros >= 0) {
            s.dutyCollected = dutyCollectedMicros;
            s.dutyCollectedRecords = 1;
        }
        if (taxes.isEmpty()) {
            return s;
        }
        s.fillTaxes(taxes.size());
        for (int j = 0; j < taxes.size(); j++) {
            if (taxCollectedMicros[j] >= 0) {
                s.taxCollected[j] = taxCollectedMicros[j];
                s.taxCollectedRecords[j] = 1;
            }
        }
        return s;
    }

    /**
     * The sums for the key of a beneficiary the record does not come from. One object, made on the first call and
     * shared with the record's sums in other scenarios that take the same amounts ({@link #of(CustomsRecord,
     * RatesInForce, String, RecordSums)}): whoever receives it adds it, never changes it.
     */
    public WindowSums asOthers() {
        if (others != null) {
            return others;
        }
        WindowSums s = WindowSums.ofOthersRecord(valueMicros, mfnPercent);
        if (!taxes.isEmpty()) {
            // Only its own array: the beneficiaries' would be zeros, made for every such record and only added.
            // A key's row gets every array of the importer's taxes all the same (WindowSums#withTaxCount).
            s.othersTaxAtMfn = TaxCascade.state(taxes, taxPercents, specificMicros, valueMicros, s.othersDutyAtMfn,
                    false);
        }
        others = s;
        return s;
    }
}
