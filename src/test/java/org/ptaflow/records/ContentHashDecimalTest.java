package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A record's content hash mixes each decimal as {@code stripTrailingZeros().hashCode()}: the hashes a savepoint's
 * duplicate memory holds were made so, and a restored run must find them again. The record computes it from the
 * unscaled long where it fits; here against {@code BigDecimal} itself, on decimals of every sign, scale and length.
 */
class ContentHashDecimalTest {

    private static long expected(BigDecimal d) {
        if (d == null) {
            return 0x632BE59BD9B4E019L;
        }
        return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
    }

    @Test
    void decimalsHashAsTheirStrippedBigDecimal() {
        Random random = new Random(20261206L);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + random.nextInt(20); // up to 20: beyond a long's 18 digits too
            StringBuilder unscaled = new StringBuilder();
            for (int k = 0; k < digits; k++) {
                unscaled.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
            }
            BigInteger value = new BigInteger(unscaled.toString());
            if (random.nextBoolean()) {
                value = value.negate();
            }
            int scale = random.nextInt(16) - 4; // negative scales as stripping makes them
            BigDecimal d = new BigDecimal(value, scale);
            assertEquals(expected(d), CustomsRecord.decimal(d), d.toString() + " scale " + scale);
        }
    }

    @Test
    void theSameNumberWrittenDifferentlyHashesTheSame() {
        assertEquals(CustomsRecord.decimal(new BigDecimal("1.5")), CustomsRecord.decimal(new BigDecimal("1.50")));
        assertEquals(CustomsRecord.decimal(new BigDecimal("100")), CustomsRecord.decimal(new BigDecimal("1E+2")));
        assertEquals(expected(new BigDecimal("999999999999999999")),
                CustomsRecord.decimal(new BigDecimal("999999999999999999")));
        assertEquals(expected(new BigDecimal("-4294967296.000")),
                CustomsRecord.decimal(new BigDecimal("-4294967296.000")));
        assertEquals(0, CustomsRecord.decimal(new BigDecimal("0.000")));
        assertNotEquals(CustomsRecord.decimal(null), CustomsRecord.decimal(BigDecimal.ZERO));
    }
}
