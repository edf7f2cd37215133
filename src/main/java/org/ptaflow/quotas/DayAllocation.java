package org.ptaflow.quotas;

import java.math.BigInteger;

/**
 * The allocation of one registration day's claims on a quota (economics.md §7), first come first served by day:
 * requests that fit in the balance are served in full (the quota is exhausted if they fill it exactly); otherwise
 * each claim gets {@code request × balance / Σ requests} rounded down to the thousandth, the rounding's remainder
 * stays in the balance, and the quota is exhausted that day. Once exhausted, a period grants nothing more.
 *
 * <p>Pure arithmetic on thousandths of the quota's unit: the same requests give the same grants whatever order they
 * are listed in, which is what makes the allocation independent of arrival order and parallelism.
 *
 * @param grantsMilli per request, in the order given, what it is granted
 * @param requestedMilli Σ requests (at most {@link Long#MAX_VALUE})
 * @param allocatedMilli Σ grants
 * @param dayNumerator   with {@link #dayDenominator}: the day's fraction for a record that did not claim (1 on a day
 *                       served in full, balance ÷ Σ requests on the day the quota ran out, 0 once exhausted)
 * @param dayDenominator > 0
 * @param exhaustsToday  whether the quota runs out on this day
 */
public record DayAllocation(long[] grantsMilli, long requestedMilli, long allocatedMilli, long dayNumerator,
        long dayDenominator, boolean exhaustsToday) {

    /**
     * @param balanceMilli what is left of the period's volume before the day, ≥ 0
     * @param exhausted whether the period ran out on an earlier day
     * @param requestsMilli the day's requests, each ≥ 0
     */
    public static DayAllocation of(long balanceMilli, boolean exhausted, long[] requestsMilli) {
        // Σ requests and request × balance can exceed a long (many claims of 10^15 thousandths), hence BigInteger;
        // every grant is at most the balance, so grants and their sum fit.
        BigInteger sum = BigInteger.ZERO;
        for (long r : requestsMilli) {
            if (r < 0) {
                throw new IllegalArgumentException("a request is never negative: " + r);
            }
            sum = sum.add(BigInteger.valueOf(r));
        }
        long requested = sum.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        long[] grants = new long[requestsMilli.length];
        if (exhausted) {
            return new DayAllocation(grants, requested, 0, 0, 1, false);
        }
        if (sum.signum() == 0) {
            return new DayAllocation(grants, 0, 0, 1, 1, false);
        }
        if (sum.compareTo(BigInteger.valueOf(balanceMilli)) <= 0) {
            System.arraycopy(requestsMilli, 0, grants, 0, grants.length);
            return new DayAllocation(grants, requested, requested, 1, 1, requested == balanceMilli);
        }
        // Pro rata, rounded down; the day's fraction balance / Σ requests, kept exact (both fit: Σ > balance here
        // only matters as a ratio, scaled down together when Σ is beyond a long).
        BigInteger balance = BigInteger.valueOf(balanceMilli);
        long allocated = 0;
        for (int i = 0; i < grants.length; i++) {
            grants[i] = BigInteger.valueOf(requestsMilli[i]).multiply(balance).divide(sum).longValueExact();
            allocated += grants[i];
        }
        long numerator = balanceMilli;
        long denominator = requested;
        if (sum.bitLength() > 62) {
            int shift = sum.bitLength() - 62;
            numerator = balance.shiftRight(shift).longValueExact();
            denominator = sum.shiftRight(shift).longValueExact();
        }
        return new DayAllocation(grants, requested, allocated, numerator, denominator, true);
    }
}
