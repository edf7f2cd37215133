package org.ptaflow.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;

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
        return BigDecimal.valueOf(valueMicros)
                .multiply(BigDecimal.valueOf(ratePercent))
                .divide(HUNDRED)            // exact: dividing by 100 only moves the decimal point
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
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
