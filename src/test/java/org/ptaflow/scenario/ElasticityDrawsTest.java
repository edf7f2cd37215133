package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticityDrawsTest {
    private static final Elasticity IMPORT_DEMAND = new Elasticity(-1.5, 0.2, Double.NaN, Double.NaN);
    private static final Map<String, Elasticity> BY_HS =
            Map.of("1006", new Elasticity(-3.0, 0.5, Double.NaN, Double.NaN), "63", Elasticity.point(-0.8));
    private static final Elasticity SUBSTITUTION = new Elasticity(1.5, 0.3, Double.NaN, Double.NaN);
    private static final Elasticity EXPORT_SUPPLY = Elasticity.point(99);

    private static ElasticityDraws draws(int n, long seed) {
        return ElasticityDraws.generate(new Uncertainty(n, seed), IMPORT_DEMAND, BY_HS, SUBSTITUTION, EXPORT_SUPPLY);
    }

    @Test
    void sameSeedGivesIdenticalDraws() {
        ElasticityDraws a = draws(200, 7);
        ElasticityDraws b = draws(200, 7);
        assertArrayEquals(a.importDemand("100630"), b.importDemand("100630"));
        assertArrayEquals(a.importDemand("870321"), b.importDemand("870321"));
        assertArrayEquals(a.substitution(), b.substitution());
        assertArrayEquals(a.exportSupply(), b.exportSupply());
    }

    @Test
    void differentSeedGivesDifferentDraws() {
        ElasticityDraws a = draws(200, 7);
        ElasticityDraws b = draws(200, 8);
        assertFalse(Arrays.equals(a.substitution(), b.substitution()));
        assertFalse(Arrays.equals(a.importDemand("870321"), b.importDemand("870321")));
    }

    @Test
    void sdZeroGivesThePointValueEveryTime() {
        ElasticityDraws d = draws(50, 7);
        double[] ninetyNines = new double[50];
        Arrays.fill(ninetyNines, 99);
        assertArrayEquals(ninetyNines, d.exportSupply());
        double[] linen = new double[50];
        Arrays.fill(linen, -0.8);
        assertArrayEquals(linen, d.importDemand("630260"));
    }

    @Test
    void byHsRowsAreMatchedByLongestPrefix() {
        ElasticityDraws d = draws(500, 7);
        double rice = mean(d.importDemand("100630"));
        double cars = mean(d.importDemand("870321"));
        assertEquals(-3.0, rice, 0.1, "by_hs 1006 row, sd 0.5: mean of 500 draws within 0.1");
        assertEquals(-1.5, cars, 0.05, "default, sd 0.2");
    }

    @Test
    void drawsKeepValidSigns() {
        // sd as large as the value: about 16% of raw normal draws have the wrong sign and are redrawn
        Elasticity wide = new Elasticity(-1.0, 1.0, Double.NaN, Double.NaN);
        Elasticity wideSigma = new Elasticity(1.0, 1.0, Double.NaN, Double.NaN);
        ElasticityDraws d = ElasticityDraws.generate(new Uncertainty(2000, 1), wide, Map.of(), wideSigma, wideSigma);
        assertTrue(Arrays.stream(d.importDemand("100630")).allMatch(v -> v < 0));
        assertTrue(Arrays.stream(d.substitution()).allMatch(v -> v > 0));
        assertTrue(Arrays.stream(d.exportSupply()).allMatch(v -> v > 0));
    }

    @Test
    void triangularDrawsStayWithinTheBounds() {
        Elasticity triangular = new Elasticity(1.5, 0, 1.0, 2.5);
        ElasticityDraws d = ElasticityDraws.generate(new Uncertainty(1000, 3), IMPORT_DEMAND, Map.of(), triangular,
                EXPORT_SUPPLY);
        double[] sigma = d.substitution();
        assertTrue(Arrays.stream(sigma).allMatch(v -> v >= 1.0 && v <= 2.5));
        // mean of a triangular distribution is (min + mode + max) / 3 = 5/3
        assertEquals(5.0 / 3, mean(sigma), 0.05);
    }

    @Test
    void drawsOfOneElasticityDoNotDependOnTheByHsTable() {
        ElasticityDraws with = draws(100, 7);
        ElasticityDraws without =
                ElasticityDraws.generate(new Uncertainty(100, 7), IMPORT_DEMAND, Map.of(), SUBSTITUTION, EXPORT_SUPPLY);
        assertArrayEquals(with.substitution(), without.substitution());
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
