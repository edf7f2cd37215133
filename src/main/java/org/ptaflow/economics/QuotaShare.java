package org.ptaflow.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a tariff-rate quota splits one beneficiary record (economics.md §7): the fraction of its value inside the quota
 * in the statutory state ({@code granted / requested}: a claim's allocation over its request) and in the
 * full-preference state of the estimate (a claim's own fraction; for a record that did not claim, its day's
 * fraction), and the rate the rest pays. Fractions are kept as exact ratios of whole numbers, so a part's value is
 * rounded once.
 *
 * @param statutoryNumerator   the claim's allocation (thousandths of the quota's unit); ignored for a record that did
 *                             not claim
 * @param statutoryDenominator the claim's request; > 0
 * @param fullPreferenceNumerator   the fraction inside the quota in the full-preference state
 * @param fullPreferenceDenominator > 0
 * @param outOfQuotaPercent the rate of the part outside the quota (the MFN rate unless the quota names one)
 */
public record QuotaShare(long statutoryNumerator, long statutoryDenominator, long fullPreferenceNumerator,
        long fullPreferenceDenominator, double outOfQuotaPercent) {

    public QuotaShare {
        if (statutoryDenominator <= 0 || fullPreferenceDenominator <= 0
                || statutoryNumerator < 0 || statutoryNumerator > statutoryDenominator
                || fullPreferenceNumerator < 0 || fullPreferenceNumerator > fullPreferenceDenominator) {
            throw new IllegalArgumentException("quota fractions must lie in [0, 1]: " + statutoryNumerator + "/"
                    + statutoryDenominator + ", " + fullPreferenceNumerator + "/" + fullPreferenceDenominator);
        }
    }

    /** A record whose day is not allocated yet: nothing inside the quota (f = 0 in every state). */
    public static QuotaShare pending(double outOfQuotaPercent) {
        return new QuotaShare(0, 1, 0, 1, outOfQuotaPercent);
    }

    /** A claim granted {@code granted} of {@code requested} (> 0): the same fraction in both states. */
    public static QuotaShare claim(long granted, long requested, double outOfQuotaPercent) {
        return new QuotaShare(granted, requested, granted, requested, outOfQuotaPercent);
    }

    /**
     * A claim on a day whose fraction is {@code dayNumerator / dayDenominator}: granted of requested, or, for a claim
     * of nothing (quantity 0), the day's fraction — in full on an open day, none once the quota is exhausted.
     */
    public static QuotaShare claimOnDay(long granted, long requested, long dayNumerator, long dayDenominator,
            double outOfQuotaPercent) {
        return requested > 0 ? claim(granted, requested, outOfQuotaPercent)
                : new QuotaShare(dayNumerator, dayDenominator, dayNumerator, dayDenominator, outOfQuotaPercent);
    }

    /** A record that did not claim, on a day whose fraction is {@code numerator / denominator}. */
    public static QuotaShare notClaimed(long numerator, long denominator, double outOfQuotaPercent) {
        return new QuotaShare(0, 1, numerator, denominator, outOfQuotaPercent);
    }

    /** The part of {@code whole} inside the quota in the statutory state, rounded half-even. */
    long statutoryPart(long whole) {
        return part(whole, statutoryNumerator, statutoryDenominator);
    }

    /** The part of {@code whole} inside the quota in the full-preference state, rounded half-even. */
    long fullPreferencePart(long whole) {
        return part(whole, fullPreferenceNumerator, fullPreferenceDenominator);
    }

    private static long part(long whole, long numerator, long denominator) {
        if (numerator == denominator) {
            return whole;
        }
        if (numerator == 0) {
            return 0;
        }
        return BigDecimal.valueOf(whole).multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
