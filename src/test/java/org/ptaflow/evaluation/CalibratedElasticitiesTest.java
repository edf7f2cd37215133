package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ptaflow.evaluation.EvaluationFixtures.fitted;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.tariffs.ElasticityTable;

/** The by_hs table of a calibration: lines and chapters of calibrated sections, κ × the elasticity. */
class CalibratedElasticitiesTest {

    /**
     * Section II calibrated with κ = 26/35 (CalibrationTest's case), section XI not calibrated (one line). Rows:
     * the chapters 06 to 14 of section II at κ × the default −1.4 = −1.04 each, and the three rice lines at
     * κ × −1.5 = −39/35 = −1.11428571 and κ × −2 = −52/35 = −1.48571429. Nothing for section XI.
     */
    private static final List<EvaluatedLine> LINES = List.of(
            fitted("100630", -1.5, 10, 2, 10, false),
            fitted("100640", -2.0, 20, 2, 20, false),
            fitted("100199", -1.5, 30, 2, 22, false),
            fitted("520100", -1.5, 10, 0, 50, false));

    private static final String EXPECTED = """
            hs_prefix,value
            06,-1.04
            07,-1.04
            08,-1.04
            09,-1.04
            10,-1.04
            100199,-1.11428571
            100630,-1.11428571
            100640,-1.48571429
            11,-1.04
            12,-1.04
            13,-1.04
            14,-1.04
            """;

    @Test
    void rowsForTheLinesAndChaptersOfCalibratedSectionsOnly() {
        CalibratedElasticities table = CalibratedElasticities.of(LINES, Calibration.fit(LINES), -1.4);
        assertEquals(EXPECTED, table.csv());
    }

    @Test
    void theTableLoadsAsAScenariosByHsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calibrated-elasticities.csv");
        CalibratedElasticities.of(LINES, Calibration.fit(LINES), -1.4).write(file);
        Map<String, ElasticityTable.Row> rows = ElasticityTable.load(file).rows();
        assertEquals(12, rows.size());
        assertEquals(-52.0 / 35, rows.get("100640").value(), 1e-8);
        assertEquals(-1.04, rows.get("14").value(), 1e-12);
    }

    @Test
    void aSmallValueIsNeverPrintedAsZero() {
        assertEquals("-0.0000004", CalibratedElasticities.format(-4e-7));
        assertEquals("-1.5", CalibratedElasticities.format(-1.5));
    }

    @Test
    void oneHs6WithTwoElasticitiesOrANonNegativeDefaultIsRefused() {
        List<EvaluatedLine> clash = List.of(
                fitted("100630", -1.5, 10, 2, 10, false),
                fitted("100640", -2.0, 20, 2, 20, false),
                new EvaluatedLine("AZE", "PAK", "100630", 2, 1000, 500, 500, 1010, -3.0, 10, 2, 12,
                        Double.NaN, Double.NaN, false, k -> 10 * k + 2));
        assertThrows(IllegalArgumentException.class,
                () -> CalibratedElasticities.of(clash, Calibration.fit(clash), -1.5));
        assertThrows(IllegalArgumentException.class,
                () -> CalibratedElasticities.of(LINES, Calibration.fit(LINES), 0));
    }
}
