package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class MonteCarloBandsTest {

    @Test
    void zeroSpreadGivesABandOfExactlyThatValue() {
        double v = 2.1951219512195124;
        double[] samples = new double[1000];
        Arrays.fill(samples, v);
        MonteCarloBands.Band band = MonteCarloBands.of(samples);
        assertEquals(new MonteCarloBands.Band(v, v, v), band);
    }

    @Test
    void oneToHundredInterpolatesLinearlyBetweenOrderStatistics() {
        // h = 99 p + 1. p = 0.05: h = 5.95 → 5 + 0.95 × (6 − 5) = 5.95; p = 0.5: h = 50.5 → 50.5;
        // p = 0.95: h = 95.05 → 95.05. (numpy.percentile(range(1, 101), [5, 50, 95]) gives the same.)
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[99 - i] = i + 1;   // descending: the input order must not matter
        }
        MonteCarloBands.Band band = MonteCarloBands.of(samples);
        assertEquals(5.95, band.p05(), 1e-9);
        assertEquals(50.5, band.p50(), 1e-9);
        assertEquals(95.05, band.p95(), 1e-9);
    }

    @Test
    void smallSampleFollowsTheR7Rule() {
        // Sorted {10, 20, 40, 80}: h = 3p + 1. p05: h = 1.15 → 10 + 0.15 × 10 = 11.5;
        // p50: h = 2.5 → 20 + 0.5 × 20 = 30; p95: h = 3.85 → 40 + 0.85 × 40 = 74.
        double[] samples = {40, 10, 80, 20};
        MonteCarloBands.Band band = MonteCarloBands.of(samples);
        assertEquals(11.5, band.p05(), 1e-9);
        assertEquals(30, band.p50(), 1e-9);
        assertEquals(74, band.p95(), 1e-9);
        assertArrayEquals(new double[] {40, 10, 80, 20}, samples, 0);
    }

    @Test
    void noSamplesOrABrokenDrawIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MonteCarloBands.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> MonteCarloBands.of(new double[] {1, Double.NaN, 3}));
    }

    @Test
    void bandIsSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MonteCarloBands.Band.class);
    }
}
