package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void usdAmountsBecomeWholeMicrosRoundedHalfEven() {
        assertEquals(1_000_000L, Money.toMicros(new BigDecimal("1")));
        assertEquals(100_000L, Money.toMicros(new BigDecimal("0.1")));
        assertEquals(0L, Money.toMicros(new BigDecimal("0.0000005")));   // tie to even 0
        assertEquals(2L, Money.toMicros(new BigDecimal("0.0000015")));   // tie to even 2
        assertEquals(2L, Money.toMicros(new BigDecimal("0.0000025")));   // tie to even 2
        assertEquals(333_333L, Money.toMicros(new BigDecimal("0.3333333333")));
        assertEquals(-3_250_000L, Money.toMicros(new BigDecimal("-3.25")));
    }

    @Test
    void amountTooLargeForALongIsRefused() {
        assertThrows(ArithmeticException.class, () -> Money.toMicros(new BigDecimal("1e20")));
    }

    @Test
    void dutyIsValueTimesRateOverHundredRoundedHalfEven() {
        assertEquals(200_000L, Money.dutyMicros(1_000_000L, 20));          // 20% of 1 USD
        assertEquals(25_263L, Money.dutyMicros(1_000_000L, 2.526316));     // 25263.16 → 25263
        assertEquals(0L, Money.dutyMicros(5L, 10));                        // 0.5 → 0 (even)
        assertEquals(2L, Money.dutyMicros(15L, 10));                       // 1.5 → 2 (even)
        assertEquals(2L, Money.dutyMicros(25L, 10));                       // 2.5 → 2 (even)
        assertEquals(0L, Money.dutyMicros(123_456_789L, 0));
    }

    @Test
    void dutyUsesTheRateAsPrintedNotItsBinaryExpansion() {
        // 0.1 + 0.2 prints as 0.30000000000000004; 10 USD at that rate is 30000.000000000004 micros → 30000.
        assertEquals(30_000L, Money.dutyMicros(10_000_000L, 0.1 + 0.2));
        // 35 micros at 10% is exactly 3.5 → 4 (even); doubles would give 3.5000000000000004 or 3.4999999999999996.
        assertEquals(4L, Money.dutyMicros(35L, 10));
    }

    @Test
    void dutyInLongsEqualsTheExactDecimalQuotient() {
        // The long arithmetic of dutyMicros against value × BigDecimal.valueOf(rate) / 100 rounded half-even, over
        // values near ties, large values whose product overflows a long, and rates with many decimals.
        java.util.Random random = new java.util.Random(5);
        double[] rates = {0.5, 2.5, 5, 7.5, 10, 12.5, 20, 2.526316, 48.0 / 19, 0.1 + 0.2, 1e-9, 123456.789, 1e17,
                3.0000000000000004, 99.99999999999999};
        for (int i = 0; i < 200_000; i++) {
            double rate = i % 3 == 0 ? rates[random.nextInt(rates.length)]
                    : Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(9));
            long value = switch (i % 4) {
                case 0 -> random.nextInt(1000);
                case 1 -> random.nextLong() >>> random.nextInt(64);
                case 2 -> -(random.nextLong() >>> (1 + random.nextInt(63)));
                default -> 5L * random.nextInt(1_000_000);
            };
            BigDecimal exact = BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(rate))
                    .divide(BigDecimal.valueOf(100)).setScale(0, java.math.RoundingMode.HALF_EVEN);
            if (rate == 0 || value == 0) {
                assertEquals(0L, Money.dutyMicros(value, rate));
            } else if (exact.toBigInteger().bitLength() < 64) {
                assertEquals(exact.longValueExact(), Money.dutyMicros(value, rate), value + " at " + rate);
            } else {
                assertThrows(ArithmeticException.class, () -> Money.dutyMicros(value, rate));
            }
        }
    }

    @Test
    void dutyFromTheWideProductEqualsTheExactQuotient() {
        // The 128-bit path (a product beyond a long: a staged rate's many decimals times a large value) against
        // BigInteger arithmetic, rounded half-even: random factors and divisors 10^0 … 10^18, and exact ties.
        java.util.Random random = new java.util.Random(21);
        int wide = 0;
        for (int i = 0; i < 300_000; i++) {
            // One case in five at the largest divisor, 10^18 (a rate with 16 decimals).
            long divisor = i % 5 == 0 ? 1_000_000_000_000_000_000L : (long) Math.pow(10, random.nextInt(19));
            long value = random.nextLong() >>> (1 + random.nextInt(63));
            long unscaled = random.nextLong() >>> (1 + random.nextInt(63));
            if (i % 7 == 0) {
                // A tie: value × d/2 with an odd value is (value − 1)/2 × d + d/2.
                divisor = (long) Math.pow(10, 1 + random.nextInt(18));
                unscaled = divisor / 2;
                value = (random.nextLong() >>> (1 + random.nextInt(40))) | 1;
            }
            BigInteger[] qr = BigInteger.valueOf(value).multiply(BigInteger.valueOf(unscaled))
                    .divideAndRemainder(BigInteger.valueOf(divisor));
            int half = qr[1].shiftLeft(1).compareTo(BigInteger.valueOf(divisor));
            BigInteger exact = half > 0 || (half == 0 && qr[0].testBit(0)) ? qr[0].add(BigInteger.ONE) : qr[0];
            boolean productFits = Math.multiplyHigh(value, unscaled) == ((value * unscaled) >> 63);
            long got = Money.wideDutyMicros(value, unscaled, divisor);
            if (exact.bitLength() < 64) {
                assertEquals(exact.longValueExact(), got, value + " × " + unscaled + " / " + divisor);
                wide += productFits ? 0 : 1;
            } else {
                assertEquals(Long.MIN_VALUE, got, "no long result: " + value + " × " + unscaled + " / " + divisor);
            }
        }
        assertTrue(wide > 50_000, "products beyond a long were exercised: " + wide);
        assertEquals(Long.MIN_VALUE, Money.wideDutyMicros(-5, 3, 10), "negative values are left to BigDecimal");
    }

    @Test
    void dutyAtAStagedRateWithManyDecimalsRoundsAsTheDecimal() {
        // 1,000,000 USD at 11.666666666666666 % (a staged cut of 17.5 % by a third): the product of the value in
        // micros and the rate's unscaled digits is about 1.2e28, beyond a long. 10^12 × 11666666666666666 / 10^17
        // = 116,666,666,666.66666 → 116,666,666,667 micros.
        assertEquals(116_666_666_667L, Money.dutyMicros(1_000_000_000_000L, 11.666666666666666));
    }

    @Test
    void convertedAmountInLongsEqualsTheRoundedBigDecimalProduct() {
        // Money.toMicros(amount, usdPerUnit) against the general form toMicros(amount.multiply(usdPerUnit)): customs
        // values and FX rates of every precision, ties at half a micro, negative scales, products that overflow a
        // long (the general form then decides, and refuses a result beyond a long the same way).
        java.util.Random random = new java.util.Random(14);
        int overflows = 0;
        for (int i = 0; i < 300_000; i++) {
            BigDecimal amount = randomDecimal(random, i);
            BigDecimal usdPerUnit = randomDecimal(random, i / 7);
            BigDecimal exact = amount.multiply(usdPerUnit);
            String what = amount + " × " + usdPerUnit;
            if (fitsMicros(exact)) {
                assertEquals(Money.toMicros(exact), Money.toMicros(amount, usdPerUnit), what);
            } else {
                overflows++;
                assertThrows(ArithmeticException.class, () -> Money.toMicros(amount, usdPerUnit), what);
            }
        }
        assertTrue(overflows > 1_000, "the overflow case was exercised: " + overflows);
    }

    @Test
    void convertedAmountRoundsHalfMicrosToEven() {
        // 0.0000025 USD → 2 micros (even), 0.0000035 → 4; in the currency: 25 × 0.0000001 and 7 × 0.0000005.
        assertEquals(2L, Money.toMicros(new BigDecimal("25"), new BigDecimal("0.0000001")));
        assertEquals(4L, Money.toMicros(new BigDecimal("7"), new BigDecimal("0.0000005")));
        assertEquals(-4L, Money.toMicros(new BigDecimal("-7"), new BigDecimal("0.0000005")));
        // 24887.09 AZN at 0.588235 USD = 14639.45738615 USD → 14639457386 micros (the .15 rounds down)
        assertEquals(14_639_457_386L, Money.toMicros(new BigDecimal("24887.09"), new BigDecimal("0.588235")));
        assertEquals(3_000_000_000L, Money.toMicros(new BigDecimal("3E+3"), BigDecimal.ONE));
    }

    @Test
    void specificAmountInLongsEqualsTheRoundedBigDecimalProduct() {
        // quantity × rate per unit (as BigDecimal.valueOf prints the double) × USD per unit of the rate's currency.
        java.util.Random random = new java.util.Random(15);
        double[] rates = {0.5, 2.5, 12, 0.1 + 0.2, 1e-9, 123456.789, 1e17, 48.0 / 19, 3.0000000000000004, 0};
        for (int i = 0; i < 300_000; i++) {
            BigDecimal quantity = randomDecimal(random, i);
            double rate = i % 2 == 0 ? rates[random.nextInt(rates.length)]
                    : Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(9));
            BigDecimal usdPerUnit = randomDecimal(random, i / 5);
            BigDecimal exact = quantity.multiply(BigDecimal.valueOf(rate)).multiply(usdPerUnit);
            String what = quantity + " × " + rate + " × " + usdPerUnit;
            if (fitsMicros(exact)) {
                assertEquals(Money.toMicros(exact), Money.toMicros(quantity, rate, usdPerUnit), what);
            } else {
                assertThrows(ArithmeticException.class, () -> Money.toMicros(quantity, rate, usdPerUnit), what);
            }
        }
    }

    /** Whether the exact USD amount rounds to micro-USD that fit a long (computed without Money). */
    private static boolean fitsMicros(BigDecimal usd) {
        return usd.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_EVEN).toBigInteger().bitLength() < 64;
    }

    /** Decimals of the shapes records and tables carry, and some beyond them. */
    private static BigDecimal randomDecimal(java.util.Random random, int i) {
        return switch (i % 6) {
            case 0 -> BigDecimal.valueOf(random.nextInt(100_000_000), random.nextInt(3));          // a customs value
            case 1 -> BigDecimal.valueOf(1 + random.nextInt(10_000_000), 1 + random.nextInt(9));  // an FX rate
            case 2 -> BigDecimal.valueOf(5L * random.nextInt(1_000_000), 7);                      // ties at half a micro
            case 3 -> BigDecimal.valueOf(random.nextLong() >>> random.nextInt(64), random.nextInt(40) - 10);
            case 4 -> BigDecimal.valueOf(-(random.nextLong() >>> (1 + random.nextInt(63))), random.nextInt(20));
            default -> new BigDecimal(new BigInteger(70 + random.nextInt(30), random), random.nextInt(30));
        };
    }

    @Test
    void dutyRefusesAnUndefinedRate() {
        assertThrows(IllegalArgumentException.class, () -> Money.dutyMicros(1L, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Money.dutyMicros(1L, -1));
    }

    @Test
    void formatPrintsPlainDecimalsWithoutTrailingZeros() {
        assertEquals("1000", Money.format(1_000_000_000L));
        assertEquals("12.5", Money.format(12_500_000L));
        assertEquals("0.000001", Money.format(1L));
        assertEquals("-3.25", Money.format(-3_250_000L));
        assertEquals("0", Money.format(0L));
        assertEquals("9223372036854.775807", Money.format(Long.MAX_VALUE));
    }

    @Test
    void formatDoubleRoundsToSixDecimalsHalfEven() {
        assertEquals("0.857143", Money.formatDouble(6.0 / 7.0));
        assertEquals("0.75", Money.formatDouble(0.75));
        assertEquals("2.195122", Money.formatDouble(225.0 / 102.5));
        assertEquals("0.000002", Money.formatDouble(0.0000025));
        assertEquals("0.000004", Money.formatDouble(0.0000035));
        assertEquals("10000000000", Money.formatDouble(1e10));
        assertEquals("-2.439024", Money.formatDouble(-2.4390244));
    }

    @Test
    void formatDoubleNeverPrintsNegativeZero() {
        assertEquals("0", Money.formatDouble(-0.0));
        assertEquals("0", Money.formatDouble(-0.0000001));
        assertEquals("0", Money.formatDouble(0.0));
    }

    @Test
    void formatDoubleWritesAnEmptyRatioAsAnEmptyField() {
        assertEquals("", Money.formatDouble(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Money.formatDouble(Double.POSITIVE_INFINITY));
    }
}
