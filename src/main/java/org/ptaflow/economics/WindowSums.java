package org.ptaflow.economics;

import java.util.Objects;

/**
 * What a window keeps per (scenario, window, importer, beneficiary, HS6): sums over home-use records only, in
 * micro-USD (see {@link Money}), from which every column of contract.md §4 is derived.
 *
 * <p>Each record becomes one {@code WindowSums} ({@link #ofBeneficiaryRecord}, {@link #ofOthersRecord}) with every
 * duty term rounded once, per record, by {@link Money#dutyMicros}; windows then only {@link #add} longs, so the
 * totals are exact and do not depend on arrival order or on how partial aggregates are merged.
 *
 * <p>The record-level classification is economics.md §3: dutiable {@code mfn > 0}; eligible = dutiable and a
 * concession in force with {@code pref < mfn}; preferential = eligible and claiming the agreement's code.
 * The value-weighted rates of §4 are ratios of these sums ({@link #t0k}, {@link #t1k}, {@link #othersT0}), and so is
 * utilisation ({@link #utilisation}): each is computed here and nowhere else.
 *
 * <p>A Flink POJO (public no-argument constructor, public non-final primitive fields), so it sits in window
 * state without Kryo. {@link #add} mutates this accumulator in place, as an {@code AggregateFunction}'s
 * accumulator may; it never changes its argument.
 */
public class WindowSums {

    /** Number of beneficiary records. */
    public long records;
    /** Mk: value of beneficiary records, micro-USD. */
    public long valueBeneficiary;
    /** MK: value of records of every other origin, micro-USD. */
    public long valueOthers;
    /** D: value of dutiable beneficiary records ({@code mfn > 0}). */
    public long dutiableValue;
    /** E: value of eligible beneficiary records (dutiable, concession in force, {@code pref < mfn}). */
    public long eligibleValue;
    /** R: value of preferential beneficiary records (eligible and claiming the agreement). */
    public long preferentialValue;
    /** Σ value × mfn / 100 over beneficiary records. */
    public long dutyAtMfn;
    /** Σ value × (preferential ? pref : mfn) / 100 over beneficiary records. */
    public long dutyStatutory;
    /** Σ value × t1 / 100 over beneficiary records; t1 = staged scenario rate, before utilisation (mfn without concession). */
    public long dutyAtScenarioRate;
    /** Σ value × mfn / 100 over the others' records. */
    public long othersDutyAtMfn;
    /** Σ over eligible beneficiary records of value × (mfn − pref) / 100. */
    public long potentialSaving;

    // Border taxes beyond the duty (economics.md §6). Null when the importer has no taxes; otherwise one element per
    // tax of the importer, at its position in the scenario's list. Micro-USD.
    /** Beneficiary records: each tax in the at-MFN state. */
    public long[] taxAtMfn;
    /** Beneficiary records: each tax in the statutory state. */
    public long[] taxStatutory;
    /** Beneficiary records: each tax in the full-preference state (the estimate's). */
    public long[] taxFullPreference;
    /** Records of other origins: each tax in the at-MFN state. */
    public long[] othersTaxAtMfn;
    /** Σ {@code <tax>_collected} over beneficiary records, converted with each record's FX rate. */
    public long[] taxCollected;
    /** How many beneficiary records carried {@code <tax>_collected} (0: the collected field is empty). */
    public long[] taxCollectedRecords;
    /** Σ {@code duty_collected} over beneficiary records, and how many carried it. */
    public long dutyCollected;
    public long dutyCollectedRecords;

    public WindowSums() {}

    /**
     * One home-use record of the beneficiary, classified as in economics.md §3.
     *
     * @param valueMicros  the record's value in micro-USD
     * @param mfnPercent   MFN rate of the line on the record's date, percent, ≥ 0
     * @param prefPercent  rate of the concession in force for the line on that date (staged), percent;
     *                     {@code NaN} when no concession is in force
     * @param claimsAgreement whether the record declares the agreement's preference code
     */
    public static WindowSums ofBeneficiaryRecord(
            long valueMicros, double mfnPercent, double prefPercent, boolean claimsAgreement) {
        requireRate("MFN rate", mfnPercent);
        boolean concessionInForce = !Double.isNaN(prefPercent);
        if (concessionInForce) {
            requireRate("preferential rate", prefPercent);
        }
        boolean dutiable = mfnPercent > 0;
        boolean eligible = dutiable && concessionInForce && prefPercent < mfnPercent;
        boolean preferential = eligible && claimsAgreement;
        // A concession never raises a rate (economics.md §2): a line whose concession gives pref ≥ mfn keeps mfn.
        double t1 = concessionInForce ? Math.min(prefPercent, mfnPercent) : mfnPercent;

        long atMfn = Money.dutyMicros(valueMicros, mfnPercent);
        long atPref = eligible ? Money.dutyMicros(valueMicros, prefPercent) : atMfn;

        WindowSums s = new WindowSums();
        s.records = 1;
        s.valueBeneficiary = valueMicros;
        s.dutiableValue = dutiable ? valueMicros : 0;
        s.eligibleValue = eligible ? valueMicros : 0;
        s.preferentialValue = preferential ? valueMicros : 0;
        s.dutyAtMfn = atMfn;
        s.dutyStatutory = preferential ? atPref : atMfn;
        s.dutyAtScenarioRate = Money.dutyMicros(valueMicros, t1);
        s.othersDutyAtMfn = 0;
        // Difference of the two rounded duties rather than value × (mfn − pref) rounded: then a record that
        // claims has potential saving == revenue forgone to the micro, and full utilisation leaves exactly zero
        // unused saving.
        s.potentialSaving = eligible ? Math.subtractExact(atMfn, atPref) : 0;
        return s;
    }

    /** One home-use record of any origin other than the beneficiary: it only counts in MK and t0K. */
    public static WindowSums ofOthersRecord(long valueMicros, double mfnPercent) {
        requireRate("MFN rate", mfnPercent);
        WindowSums s = new WindowSums();
        s.valueOthers = valueMicros;
        s.othersDutyAtMfn = Money.dutyMicros(valueMicros, mfnPercent);
        return s;
    }

    /** Adds {@code other} field by field into this; throws ArithmeticException on overflow rather than wrapping. */
    public void add(WindowSums other) {
        records = Math.addExact(records, other.records);
        valueBeneficiary = Math.addExact(valueBeneficiary, other.valueBeneficiary);
        valueOthers = Math.addExact(valueOthers, other.valueOthers);
        dutiableValue = Math.addExact(dutiableValue, other.dutiableValue);
        eligibleValue = Math.addExact(eligibleValue, other.eligibleValue);
        preferentialValue = Math.addExact(preferentialValue, other.preferentialValue);
        dutyAtMfn = Math.addExact(dutyAtMfn, other.dutyAtMfn);
        dutyStatutory = Math.addExact(dutyStatutory, other.dutyStatutory);
        dutyAtScenarioRate = Math.addExact(dutyAtScenarioRate, other.dutyAtScenarioRate);
        othersDutyAtMfn = Math.addExact(othersDutyAtMfn, other.othersDutyAtMfn);
        potentialSaving = Math.addExact(potentialSaving, other.potentialSaving);
        taxAtMfn = addTaxes(taxAtMfn, other.taxAtMfn);
        taxStatutory = addTaxes(taxStatutory, other.taxStatutory);
        taxFullPreference = addTaxes(taxFullPreference, other.taxFullPreference);
        othersTaxAtMfn = addTaxes(othersTaxAtMfn, other.othersTaxAtMfn);
        taxCollected = addTaxes(taxCollected, other.taxCollected);
        taxCollectedRecords = addTaxes(taxCollectedRecords, other.taxCollectedRecords);
        dutyCollected = Math.addExact(dutyCollected, other.dutyCollected);
        dutyCollectedRecords = Math.addExact(dutyCollectedRecords, other.dutyCollectedRecords);
    }

    /** Element-wise sum of two per-tax arrays; null + x is a copy of x (never x itself: the argument stays unchanged). */
    private static long[] addTaxes(long[] mine, long[] theirs) {
        if (theirs == null) {
            return mine;
        }
        if (mine == null) {
            return theirs.clone();
        }
        if (mine.length != theirs.length) {
            throw new IllegalArgumentException("per-tax sums of different lengths: " + mine.length + " and "
                    + theirs.length);
        }
        for (int j = 0; j < mine.length; j++) {
            mine[j] = Math.addExact(mine[j], theirs[j]);
        }
        return mine;
    }

    public WindowSums copy() {
        WindowSums c = new WindowSums();
        c.add(this);
        return c;
    }

    /** Revenue forgone, economics.md §3: duty at MFN − statutory duty, micro-USD. */
    public long revenueForgone() {
        return Math.subtractExact(dutyAtMfn, dutyStatutory);
    }

    /**
     * t0k of economics.md §4: the value-weighted MFN rate of the beneficiary's records, a fraction
     * (Σ value × mfn / Σ value, the numerator being the duty at MFN); NaN when Mk = 0.
     */
    public double t0k() {
        return ratio(dutyAtMfn, valueBeneficiary);
    }

    /** t1k: the value-weighted staged scenario rate of the beneficiary's records, before utilisation; NaN when Mk = 0. */
    public double t1k() {
        return ratio(dutyAtScenarioRate, valueBeneficiary);
    }

    /** t0K: the value-weighted MFN rate of the others' records, a fraction; NaN when MK = 0. */
    public double othersT0() {
        return ratio(othersDutyAtMfn, valueOthers);
    }

    /** Contract column {@code t0}: {@link #t0k} in percent. */
    public double t0Percent() {
        return t0k() * 100.0;
    }

    /** Contract column {@code t1}: {@link #t1k} in percent. */
    public double t1Percent() {
        return t1k() * 100.0;
    }

    /** Contract column {@code utilization}: R / E (economics.md §3); NaN (an empty field) when E = 0. */
    public double utilisation() {
        return utilisation(preferentialValue, eligibleValue);
    }

    /**
     * Utilisation R / E of any preferential and eligible values in micro-USD (one row's, or a dashboard's sum of
     * rows'); NaN when E = 0: no eligible imports is no rate, not a rate of 0 %.
     */
    public static double utilisation(long preferentialValue, long eligibleValue) {
        return ratio(preferentialValue, eligibleValue);
    }

    /** A ratio of two exact sums; NaN (an empty field, economics.md §3) when the denominator is zero. */
    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / (double) denominator;
    }

    private static void requireRate(String what, double percent) {
        if (!Double.isFinite(percent) || percent < 0) {
            throw new IllegalArgumentException(what + " must be a finite percentage ≥ 0, got " + percent);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WindowSums)) {
            return false;
        }
        WindowSums w = (WindowSums) o;
        return records == w.records
                && valueBeneficiary == w.valueBeneficiary
                && valueOthers == w.valueOthers
                && dutiableValue == w.dutiableValue
                && eligibleValue == w.eligibleValue
                && preferentialValue == w.preferentialValue
                && dutyAtMfn == w.dutyAtMfn
                && dutyStatutory == w.dutyStatutory
                && dutyAtScenarioRate == w.dutyAtScenarioRate
                && othersDutyAtMfn == w.othersDutyAtMfn
                && potentialSaving == w.potentialSaving;
    }

    @Override
    public int hashCode() {
        return Objects.hash(records, valueBeneficiary, valueOthers, dutiableValue, eligibleValue,
                preferentialValue, dutyAtMfn, dutyStatutory, dutyAtScenarioRate, othersDutyAtMfn, potentialSaving);
    }

    @Override
    public String toString() {
        return "WindowSums{records=" + records
                + ", Mk=" + Money.format(valueBeneficiary)
                + ", MK=" + Money.format(valueOthers)
                + ", D=" + Money.format(dutiableValue)
                + ", E=" + Money.format(eligibleValue)
                + ", R=" + Money.format(preferentialValue)
                + ", dutyAtMfn=" + Money.format(dutyAtMfn)
                + ", dutyStatutory=" + Money.format(dutyStatutory)
                + ", dutyAtScenarioRate=" + Money.format(dutyAtScenarioRate)
                + ", othersDutyAtMfn=" + Money.format(othersDutyAtMfn)
                + ", potentialSaving=" + Money.format(potentialSaving) + '}';
    }
}
