package org.ptaflow.quotas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The daily allocation of economics.md §7, in thousandths of the quota's unit (1 kg = 1000). */
class DayAllocationTest {
    private static final long KG = 1000;

    @Test
    void workedCaseQ() {
        // Balance 500 kg; day 1 claims 200 and 100: both in full, balance 200.
        DayAllocation day1 = DayAllocation.of(500 * KG, false, new long[] {200 * KG, 100 * KG});
        assertArrayEquals(new long[] {200 * KG, 100 * KG}, day1.grantsMilli());
        assertEquals(300 * KG, day1.allocatedMilli());
        assertFalse(day1.exhaustsToday());
        assertEquals(1, day1.dayNumerator());
        assertEquals(1, day1.dayDenominator());

        // Day 2 claims 300, 150, 50 (500 > 200): 120, 60, 20; balance 0, exhausted on day 2.
        DayAllocation day2 = DayAllocation.of(200 * KG, false, new long[] {300 * KG, 150 * KG, 50 * KG});
        assertArrayEquals(new long[] {120 * KG, 60 * KG, 20 * KG}, day2.grantsMilli());
        assertEquals(500 * KG, day2.requestedMilli());
        assertEquals(200 * KG, day2.allocatedMilli());
        assertTrue(day2.exhaustsToday());
        // A record that did not claim gets the day's coefficient balance / Σ requests = 200 / 500.
        assertEquals(0.4, (double) day2.dayNumerator() / day2.dayDenominator(), 0);
    }

    @Test
    void requestsThatExactlyFillTheBalanceAreServedInFullAndExhaustIt() {
        DayAllocation day = DayAllocation.of(250 * KG, false, new long[] {100 * KG, 150 * KG});
        assertArrayEquals(new long[] {100 * KG, 150 * KG}, day.grantsMilli());
        assertTrue(day.exhaustsToday());
        assertEquals(1, day.dayNumerator() / day.dayDenominator(), "served in full: fraction 1");
    }

    @Test
    void proRataRoundsDownToTheThousandthAndTheRemainderStaysInTheBalance() {
        // 100 kg among three equal requests of 100 kg: 33.333 each, 0.001 kg left in the balance.
        DayAllocation day = DayAllocation.of(100 * KG, false, new long[] {100 * KG, 100 * KG, 100 * KG});
        assertArrayEquals(new long[] {33_333, 33_333, 33_333}, day.grantsMilli());
        assertEquals(99_999, day.allocatedMilli());
        assertTrue(day.exhaustsToday());
    }

    @Test
    void grantsDoNotDependOnTheOrderOfTheDaysClaims() {
        DayAllocation a = DayAllocation.of(7 * KG, false, new long[] {3 * KG, 5 * KG, 11 * KG});
        DayAllocation b = DayAllocation.of(7 * KG, false, new long[] {11 * KG, 3 * KG, 5 * KG});
        // 3 × 7 / 19 = 1.105263 → 1.105; 5 × 7 / 19 = 1.842105 → 1.842; 11 × 7 / 19 = 4.052631 → 4.052.
        assertArrayEquals(new long[] {1_105, 1_842, 4_052}, a.grantsMilli());
        assertArrayEquals(new long[] {4_052, 1_105, 1_842}, b.grantsMilli());
    }

    @Test
    void anExhaustedPeriodGrantsNothingEvenWithARoundingRemainder() {
        DayAllocation day = DayAllocation.of(1, true, new long[] {10 * KG});
        assertArrayEquals(new long[] {0}, day.grantsMilli());
        assertEquals(10 * KG, day.requestedMilli());
        assertEquals(0, day.dayNumerator(), "after the exhaustion day a record that did not claim gets 0");
        assertFalse(day.exhaustsToday(), "it ran out on an earlier day");
    }

    @Test
    void aDayWithoutClaimsLeavesTheFractionAtOne() {
        DayAllocation day = DayAllocation.of(10 * KG, false, new long[0]);
        assertEquals(0, day.allocatedMilli());
        assertEquals(day.dayNumerator(), day.dayDenominator());
        assertFalse(day.exhaustsToday());
    }

    @Test
    void hugeRequestsDoNotOverflow() {
        // 10^9 t in thousandths of a kg is 10^15; the product with the balance exceeds a long.
        long huge = 1_000_000_000_000_000L;
        DayAllocation day = DayAllocation.of(huge / 2, false, new long[] {huge, huge});
        assertArrayEquals(new long[] {huge / 4, huge / 4}, day.grantsMilli());
    }
}
