package org.ptaflow.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.ptaflow.records.Decimals;

/**
 * Money as exact fixed point: a {@code long} count of micro-USD (1e-6 USD).
 *
 * <p>Window sums must not depend on the order records arrive in (style.md, "Types"): the same records give the
 * same totals at any parallelism, in batch or streaming mode. Adding doubles is not associative; adding longs is.
 * So every amount is rounded once, per record, to a whole number of micro-USD, and only longs are summed.
 * A long holds about 9.2e12 USD, far more than any window of any customs territory.
 */
public final class Money {

    /** Micro-USD in one USD. */
    public static final long MICROS_PER_USD = 1_000_000L;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Money() {}

    /** A USD amount as micro-USD, rounded half-even; throws ArithmeticException if it does not fit a long. */
    public static long toMicros(BigDecimal usd) {
        return usd.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /**
     * {@code amount × usdPerUnit} as micro-USD, rounded half-even once: exactly
     * {@code toMicros(amount.multiply(usdPerUnit))}, including its ArithmeticException when the result does not fit
     * a long. A record's value, duty and taxes collected are converted so, once per record: where both unscaled
     * values and their product fit a long (every amount of a customs record at an FX table's precision), the product
     * is rounded in longs ({@link #productMicros}), without the BigDecimals the general form makes.
     */
    public static long toMicros(BigDecimal amount, BigDecimal usdPerUnit) {
        if (amount.precision() <= Decimals.MAX_LONG_DIGITS && usdPerUnit.precision() <= Decimals.MAX_LONG_DIGITS) {
            long micros = productMicros(Decimals.unscaledLong(amount), Decimals.unscaledLong(usdPerUnit),
                    (long) amount.scale() + usdPerUnit.scale());
            if (micros != NO_LONG_RESULT) {
                return micros;
            }
        }
        return toMicros(amount.multiply(usdPerUnit));
    }

    /**
     * {@code quantity × ratePerUnit × usdPerUnit} as micro-USD, rounded half-even once, the rate entering as
     * {@link BigDecimal#valueOf(double)}: exactly
     * {@code toMicros(quantity.multiply(BigDecimal.valueOf(ratePerUnit)).multiply(usdPerUnit))}, the amount of a
     * specific tax ({@link TaxCascade#specificMicros}). In longs where every factor and product fits one.
     */
    public static long toMicros(BigDecimal quantity, double ratePerUnit, BigDecimal usdPerUnit) {
        BigDecimal rate = DecimalRate.of(ratePerUnit).decimal; // the same number and scale as BigDecimal.valueOf
        if (quantity.precision() <= Decimals.MAX_LONG_DIGITS && rate.precision() <= Decimals.MAX_LONG_DIGITS
                && usdPerUnit.precision() <= Decimals.MAX_LONG_DIGITS) {
            long ql = Decimals.unscaledLong(quantity);
            long rl = Decimals.unscaledLong(rate);
            long perUnitProduct = ql * rl;
            if (Math.multiplyHigh(ql, rl) == (perUnitProduct >> 63)) {
                long micros = productMicros(perUnitProduct, Decimals.unscaledLong(usdPerUnit),
                        (long) quantity.scale() + rate.scale() + usdPerUnit.scale());
                if (micros != NO_LONG_RESULT) {
                    return micros;
                }
            }
        }
        return toMicros(quantity.multiply(rate).multiply(usdPerUnit));
    }

    /** Marks "not computed in longs" (a genuine result of Long.MIN_VALUE takes the general path, which agrees). */
    private static final long NO_LONG_RESULT = Long.MIN_VALUE;

    /**
     * The decimal {@code a × b × 10^-scale} in micro-USD rounded half-even, as {@link #toMicros(BigDecimal)} rounds
     * it; {@link #NO_LONG_RESULT} when the product or the result does not fit a long, or the scale is beyond what
     * a long power of ten can shift.
     */
    static long productMicros(long a, long b, long scale) {
        long product = a * b;
        if (Math.multiplyHigh(a, b) != (product >> 63)) {
            return NO_LONG_RESULT;
        }
        long places = scale - 6; // decimal places of the product beyond the micro-USD
        long[] powers = DecimalRate.POWERS_OF_TEN;
        if (places >= 0) {
            if (places >= powers.length) {
                return NO_LONG_RESULT;
            }
            return places == 0 ? product : divideHalfEven(product, powers[(int) places]);
        }
        if (-places >= powers.length) {
            return NO_LONG_RESULT;
        }
        long power = powers[(int) -places];
        long shifted = product * power;
        return Math.multiplyHigh(product, power) == (shifted >> 63) ? shifted : NO_LONG_RESULT;
    }

    /** Micro-USD as USD, exactly. */
    public static BigDecimal toUsd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /** Micro-USD as a double number of USD, for the estimation formulas of economics.md §4. */
    public static double toUsdDouble(long micros) {
        return micros / (double) MICROS_PER_USD;
    }

    /**
     * The ad-valorem duty on a value: round-half-even(value × rate / 100), in micro-USD.
     *
     * <p>Deterministic: the rate enters as {@link BigDecimal#valueOf(double)}, i.e. the shortest decimal that
     * reads back as the same double (20.0 is 20, 2.526316 is 2.526316, a computed Swiss rate 48/19 is
     * 2.526315789473684). The product and quotient are then exact decimals, rounded once. Same inputs, same long,
     * on every JVM; no binary noise from {@code value * rate / 100} in doubles decides a half-micro tie.
     *
     * @param ratePercent finite and ≥ 0
     */
    public static long dutyMicros(long valueMicros, double ratePercent) {
        if (!Double.isFinite(ratePercent) || ratePercent < 0) {
            throw new IllegalArgumentException("duty rate must be a finite percentage ≥ 0, got " + ratePercent);
        }
        if (ratePercent == 0 || valueMicros == 0) {
            return 0L;
        }
        DecimalRate rate = DecimalRate.of(ratePercent);
        if (rate.divisor != 0) {
            // value × unscaled / 10^(scale + 2), rounded half-even, in longs: the same exact quotient and the same
            // rounding as the BigDecimal form below, without its garbage, when the product fits a long.
            long product = valueMicros * rate.unscaled;
            long high = Math.multiplyHigh(valueMicros, rate.unscaled);
            if (high == (product >> 63)) {
                return divideHalfEven(product, rate.divisor);
            }
            // A rate with many decimals (a staged cut such as 11.666666666666666) makes a product beyond a long:
            // the same quotient from the 128-bit product, where it fits.
            long wide = wideDutyMicros(valueMicros, rate.unscaled, rate.divisor);
            if (wide != NO_LONG_RESULT) {
                return wide;
            }
        }
        return rate.decimal.multiply(BigDecimal.valueOf(valueMicros))
                .divide(HUNDRED)            // exact: dividing by 100 only moves the decimal point
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /**
     * {@code value × unscaled / divisor} rounded half-even from the 128-bit product, for {@code unscaled} ≥ 0 and
     * {@code divisor} in (0, 10^18]; {@link #NO_LONG_RESULT} where the value is negative or the quotient does not fit
     * a long (the caller's BigDecimal form then decides). Exact: the product and the division are in integers.
     */
    static long wideDutyMicros(long value, long unscaled, long divisor) {
        if (value < 0 || unscaled < 0) {
            return NO_LONG_RESULT;
        }
        long high = Math.multiplyHigh(value, unscaled); // both ≥ 0: the signed high half is the unsigned one
        long low = value * unscaled;
        if (high >= divisor) {
            return NO_LONG_RESULT; // the quotient would need more than 64 bits
        }
        long quotient = divideUnsigned128(high, low, divisor);
        if (quotient < 0) {
            return NO_LONG_RESULT; // at least 2^63
        }
        // The remainder is below the divisor, so the low 64 bits of product − quotient × divisor are all of it.
        long twice = (low - quotient * divisor) * 2; // remainder < divisor ≤ 10^18: twice it fits
        if (twice > divisor || (twice == divisor && (quotient & 1) != 0)) {
            quotient++;
            if (quotient < 0) {
                return NO_LONG_RESULT;
            }
        }
        return quotient;
    }

    /**
     * The unsigned 128-bit {@code (high, low)} divided by {@code divisor}, with {@code high} < {@code divisor}
     * (unsigned) so that the quotient fits 64 bits. Long division in two 32-bit digits after normalising the divisor
     * (Hacker's Delight, 2nd ed., §9-4, {@code divlu}).
     */
    static long divideUnsigned128(long high, long low, long divisor) {
        final long b = 1L << 32;
        int shift = Long.numberOfLeadingZeros(divisor);
        long v = divisor << shift;
        long vn1 = v >>> 32;
        long vn0 = v & 0xFFFF_FFFFL;
        long un32 = (high << shift) | (shift == 0 ? 0 : low >>> (64 - shift));
        long un10 = low << shift;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xFFFF_FFFFL;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, b * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        long un21 = un32 * b + un1 - q1 * v;

        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, b * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        return q1 * b + q0;
    }

    /** {@code dividend / divisor} rounded half-even; {@code divisor} > 0 and at most 10^18. */
    static long divideHalfEven(long dividend, long divisor) {
        long quotient = dividend / divisor;
        long remainder = Math.abs(dividend % divisor);   // < divisor ≤ 10^18, so twice it still fits a long
        long twice = remainder * 2;
        if (twice > divisor || (twice == divisor && (quotient & 1) != 0)) {
            quotient += dividend < 0 ? -1 : 1;
        }
        return quotient;
    }

    /**
     * A rate as {@link BigDecimal#valueOf(double)} reads it (the shortest decimal that reads back as the double),
     * kept with its unscaled value as a long and 10^(scale + 2) when both fit, so that {@link #dutyMicros} can
     * divide in longs. Built once per distinct rate: a run has a few hundred rates, and
     * {@code BigDecimal.valueOf(double)} (through {@code Double.toString}) was a tenth of a backtest's CPU.
     */
    private static final class DecimalRate {
        private static final int CACHE_SIZE = 4096;
        /** Direct-mapped by the rate's bits. Entries are immutable (final fields), so racy sharing is safe. */
        private static final DecimalRate[] CACHE = new DecimalRate[CACHE_SIZE];
        private static final long[] POWERS_OF_TEN = new long[19];

        static {
            long p = 1;
            for (int i = 0; i < POWERS_OF_TEN.length; i++) {
                POWERS_OF_TEN[i] = p;
                p *= 10;
            }
        }

        final long bits;
        final BigDecimal decimal;
        final long unscaled;
        /** 10^(scale + 2), or 0 when the long path does not apply. */
        final long divisor;

        private DecimalRate(double rate) {
            bits = Double.doubleToRawLongBits(rate);
            decimal = BigDecimal.valueOf(rate);
            int exponent = decimal.scale() + 2;
            if (decimal.unscaledValue().bitLength() < 63 && exponent >= 0 && exponent < POWERS_OF_TEN.length) {
                unscaled = decimal.unscaledValue().longValueExact();
                divisor = POWERS_OF_TEN[exponent];
            } else {
                unscaled = 0;
                divisor = 0;
            }
        }

        static DecimalRate of(double rate) {
            long bits = Double.doubleToRawLongBits(rate);
            int slot = (int) ((bits ^ (bits >>> 29) ^ (bits >>> 41)) & (CACHE_SIZE - 1));
            DecimalRate cached = CACHE[slot];
            if (cached != null && cached.bits == bits) {
                return cached;
            }
            DecimalRate made = new DecimalRate(rate);
            CACHE[slot] = made;
            return made;
        }
    }

    /** Micro-USD as a plain decimal with trailing zeros stripped: "1000", "12.5", "0.000001", "-3.25", "0". */
    public static String format(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    /**
     * A double for an output field (ratios, rates, estimated USD): rounded to 6 decimals half-even, trailing zeros
     * stripped, never "-0"; NaN (an empty ratio, economics.md §3) is the empty field.
     *
     * <p>Rounding starts from {@link BigDecimal#valueOf(double)}, the shortest decimal that reads back as the
     * same double, so a tie is judged on the number as Java prints it (0.0000025 → "0.000002"), not on the
     * binary expansion behind it.
     *
     * @throws IllegalArgumentException for an infinite value, which no formula of economics.md should produce
     */
    public static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("cannot write an infinite value");
        }
        BigDecimal rounded = BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
