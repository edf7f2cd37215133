package org.ptaflow.economics;

import java.util.Arrays;
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
 * <p>Border taxes (economics.md §6) are kept per tax in arrays indexed by the tax's position in the importer's list
 * of the scenario: null when the importer has no taxes, otherwise as long as that list. Each amount is rounded
 * once per record and state ({@link TaxCascade}) and only added here.
 *
 * <p>A Flink POJO (public no-argument constructor, public non-final primitive and primitive-array fields), so it
 * sits in window state without Kryo. {@link #add} mutates this accumulator in place, as an {@code AggregateFunction}'s
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

    /** Per tax: beneficiary records, the tax in the at-MFN state (economics.md §6). */
    public long[] taxAtMfn;
    /** Per tax: beneficiary records, the statutory state. */
    public long[] taxStatutory;
    /** Per tax: beneficiary records, the full-preference state (at the staged scenario rate t1, as if claimed). */
    public long[] taxFullPreference;
    /** Per tax: records of other origins, the at-MFN state. */
    public long[] othersTaxAtMfn;
    /** Per tax: Σ {@code <tax>_collected} of beneficiary records, in micro-USD at each record's FX rate. */
    public long[] taxCollected;
    /** Per tax: how many beneficiary records carried {@code <tax>_collected}. */
    public long[] taxCollectedRecords;
    /** Σ {@code duty_collected} of beneficiary records, micro-USD at each record's FX rate. */
    public long dutyCollected;
    /** How many beneficiary records carried {@code duty_collected}. */
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
        boolean eligible = eligible(mfnPercent, prefPercent);
        boolean preferential = eligible && claimsAgreement;
        double t1 = scenarioRate(mfnPercent, prefPercent);

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

    /**
     * Eligible (economics.md §3): dutiable ({@code mfn > 0}), a concession in force ({@code pref} not NaN) and
     * {@code pref < mfn}. The one home of the rule: the duty's sums and the waiver of taxes both read it.
     */
    public static boolean eligible(double mfnPercent, double prefPercent) {
        return mfnPercent > 0 && !Double.isNaN(prefPercent) && prefPercent < mfnPercent;
    }

    /**
     * t1 of a record, the staged scenario rate before utilisation: {@code min(pref, mfn)} with a concession in force,
     * else the MFN rate (a concession never raises a rate, economics.md §2).
     */
    static double scenarioRate(double mfnPercent, double prefPercent) {
        return Double.isNaN(prefPercent) ? mfnPercent : Math.min(prefPercent, mfnPercent);
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
        add(other, 1);
    }

    /**
     * Subtracts {@code other} field by field from this. What a quota's allocation adds to a record already counted
     * as pending is the difference of its two sums (economics.md §7): exact, since both are sums of rounded longs.
     */
    public void subtract(WindowSums other) {
        add(other, -1);
    }

    private void add(WindowSums other, long sign) {
        records = Math.addExact(records, sign * other.records);
        valueBeneficiary = Math.addExact(valueBeneficiary, sign * other.valueBeneficiary);
        valueOthers = Math.addExact(valueOthers, sign * other.valueOthers);
        dutiableValue = Math.addExact(dutiableValue, sign * other.dutiableValue);
        eligibleValue = Math.addExact(eligibleValue, sign * other.eligibleValue);
        preferentialValue = Math.addExact(preferentialValue, sign * other.preferentialValue);
        dutyAtMfn = Math.addExact(dutyAtMfn, sign * other.dutyAtMfn);
        dutyStatutory = Math.addExact(dutyStatutory, sign * other.dutyStatutory);
        dutyAtScenarioRate = Math.addExact(dutyAtScenarioRate, sign * other.dutyAtScenarioRate);
        othersDutyAtMfn = Math.addExact(othersDutyAtMfn, sign * other.othersDutyAtMfn);
        potentialSaving = Math.addExact(potentialSaving, sign * other.potentialSaving);
        taxAtMfn = add(taxAtMfn, other.taxAtMfn, sign);
        taxStatutory = add(taxStatutory, other.taxStatutory, sign);
        taxFullPreference = add(taxFullPreference, other.taxFullPreference, sign);
        othersTaxAtMfn = add(othersTaxAtMfn, other.othersTaxAtMfn, sign);
        taxCollected = add(taxCollected, other.taxCollected, sign);
        taxCollectedRecords = add(taxCollectedRecords, other.taxCollectedRecords, sign);
        dutyCollected = Math.addExact(dutyCollected, sign * other.dutyCollected);
        dutyCollectedRecords = Math.addExact(dutyCollectedRecords, sign * other.dutyCollectedRecords);
    }

    /** Element-wise {@code into + sign × other} (a new array when {@code into} is null); never aliases. */
    private static long[] add(long[] into, long[] other, long sign) {
        if (other == null) {
            return into;
        }
        if (into == null) {
            into = new long[other.length];
        }
        if (into.length != other.length) {
            throw new IllegalArgumentException("tax sums of " + into.length + " and " + other.length
                    + " taxes: one key has one importer, so one list of taxes");
        }
        for (int j = 0; j < into.length; j++) {
            into[j] = Math.addExact(into[j], sign * other[j]);
        }
        return into;
    }

    /**
     * A copy whose per-tax arrays have the importer's {@code taxCount} taxes: zeros where these sums have none (a
     * window that only held records summed before the scenario listed taxes, restored from a savepoint). Sums of
     * another number of taxes cannot be mapped to the list and are refused with the reason: an importer's tax list
     * must not change across a savepoint while its windows are open (docs/operations.md).
     */
    public WindowSums withTaxCount(int taxCount) {
        WindowSums c = copy();
        if (taxCount > 0 || c.taxAtMfn != null) {
            c.fillTaxes(taxCount);
        }
        return c;
    }

    /**
     * Gives every per-tax array the importer's {@code taxCount} taxes: zeros where an array is missing, so that the
     * sums of a key read the same whichever records reached it. Arrays of another length are refused (see
     * {@link #withTaxCount}).
     */
    void fillTaxes(int taxCount) {
        taxAtMfn = filled(taxAtMfn, taxCount);
        taxStatutory = filled(taxStatutory, taxCount);
        taxFullPreference = filled(taxFullPreference, taxCount);
        othersTaxAtMfn = filled(othersTaxAtMfn, taxCount);
        taxCollected = filled(taxCollected, taxCount);
        taxCollectedRecords = filled(taxCollectedRecords, taxCount);
    }

    private static long[] filled(long[] perTax, int taxCount) {
        if (perTax == null) {
            return new long[taxCount];
        }
        if (perTax.length != taxCount) {
            throw new IllegalStateException("window sums of " + perTax.length + " taxes for an importer that now "
                    + "lists " + taxCount + ": an importer's taxes changed across a savepoint while its windows were "
                    + "open (start the changed scenario without that state)");
        }
        return perTax;
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
                && potentialSaving == w.potentialSaving
                && Arrays.equals(taxAtMfn, w.taxAtMfn)
                && Arrays.equals(taxStatutory, w.taxStatutory)
                && Arrays.equals(taxFullPreference, w.taxFullPreference)
                && Arrays.equals(othersTaxAtMfn, w.othersTaxAtMfn)
                && Arrays.equals(taxCollected, w.taxCollected)
                && Arrays.equals(taxCollectedRecords, w.taxCollectedRecords)
                && dutyCollected == w.dutyCollected
                && dutyCollectedRecords == w.dutyCollectedRecords;
    }

    @Override
    public int hashCode() {
        return Objects.hash(records, valueBeneficiary, valueOthers, dutiableValue, eligibleValue,
                preferentialValue, dutyAtMfn, dutyStatutory, dutyAtScenarioRate, othersDutyAtMfn, potentialSaving,
                Arrays.hashCode(taxAtMfn), Arrays.hashCode(taxStatutory), Arrays.hashCode(taxFullPreference),
                Arrays.hashCode(othersTaxAtMfn), Arrays.hashCode(taxCollected), Arrays.hashCode(taxCollectedRecords),
                dutyCollected, dutyCollectedRecords);
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
                + ", potentialSaving=" + Money.format(potentialSaving)
                + (dutyCollectedRecords == 0 ? "" : ", dutyCollected=" + Money.format(dutyCollected)
                        + " (" + dutyCollectedRecords + " records)")
                + (taxAtMfn == null && othersTaxAtMfn == null ? "" : ", taxAtMfn=" + Arrays.toString(taxAtMfn)
                        + ", taxStatutory=" + Arrays.toString(taxStatutory)
                        + ", taxFullPreference=" + Arrays.toString(taxFullPreference)
                        + ", othersTaxAtMfn=" + Arrays.toString(othersTaxAtMfn)
                        + ", taxCollected=" + Arrays.toString(taxCollected)
                        + ", taxCollectedRecords=" + Arrays.toString(taxCollectedRecords))
                + '}';
    }
}
