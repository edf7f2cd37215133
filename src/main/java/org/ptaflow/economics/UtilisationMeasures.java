package org.ptaflow.economics;

import java.util.OptionalDouble;

/**
 * The ex-post monitoring measures of economics.md §3 for one window and key, from the dutiable (D), eligible (E)
 * and preferential (R) values of the beneficiary's home-use imports and the duty sums:
 * coverage {@code E/D}, utilisation {@code R/E}, utility {@code R/D}, revenue forgone, potential saving and
 * unused saving = potential − forgone.
 *
 * <p>A ratio whose denominator is zero is empty, not zero (§3): a window with no eligible imports has no
 * utilisation rate, which is not the same as a rate of 0 %. Amounts are micro-USD (see {@link Money}).
 */
public record UtilisationMeasures(
        long dutiableValue,
        long eligibleValue,
        long preferentialValue,
        long revenueForgone,
        long potentialSaving) {

    public static UtilisationMeasures of(WindowSums sums) {
        return new UtilisationMeasures(
                sums.dutiableValue,
                sums.eligibleValue,
                sums.preferentialValue,
                sums.revenueForgone(),
                sums.potentialSaving);
    }

    /** Coverage E/D: share of dutiable imports on lines where the agreement gives a margin; empty when D = 0. */
    public OptionalDouble coverage() {
        return ratio(eligibleValue, dutiableValue);
    }

    /** Utilisation R/E: share of eligible imports that claimed the preference; empty when E = 0. */
    public OptionalDouble utilisation() {
        return ratio(preferentialValue, eligibleValue);
    }

    /** Utility R/D: share of dutiable imports that entered under the preference; empty when D = 0. */
    public OptionalDouble utility() {
        return ratio(preferentialValue, dutiableValue);
    }

    /** Saving the beneficiary could have had on eligible imports but did not claim: potential − forgone. */
    public long unusedSaving() {
        return Math.subtractExact(potentialSaving, revenueForgone);
    }

    private static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }
}
