package org.ptaflow.records;

import java.math.BigDecimal;

/**
 * A decimal of at most {@link #MAX_LONG_DIGITS} digits as its unscaled long: the parsers read the record's amounts
 * so, the serializer writes them so, and the conversion to micro-USD multiplies them so.
 */
public final class Decimals {
    /** Digits that every unscaled value of a decimal of that precision fits in a long with. */
    public static final int MAX_LONG_DIGITS = 18;

    private Decimals() {}

    /**
     * The unscaled value of {@code d}, a decimal of at most {@link #MAX_LONG_DIGITS} digits: the decimal moved to
     * scale 0, whose value is then its unscaled value, exactly (no digit is dropped, and it fits a long). Without
     * the {@code BigInteger} that {@link BigDecimal#unscaledValue()} makes. {@code longValue} rather than
     * {@code longValueExact}: it is small enough for the compiler to inline, and then the decimal at scale 0 is never
     * made (it is exact here all the same).
     */
    public static long unscaledLong(BigDecimal d) {
        return d.scaleByPowerOfTen(d.scale()).longValue();
    }
}
