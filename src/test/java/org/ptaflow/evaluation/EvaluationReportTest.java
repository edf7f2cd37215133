package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.evaluation.EvaluationFixtures.fitted;
import static org.ptaflow.evaluation.EvaluationFixtures.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** evaluation.json and evaluation.csv: the names formats.md gives, the values the metrics tests computed by hand. */
class EvaluationReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** contract.md §5: the keys of every prediction's metrics, in this order. */
    private static final List<String> METRICS = List.of("lines", "correlation", "slope", "mae", "rmse",
            "sign_share", "band_coverage");
    /** The contract's three predictions, then ours. */
    private static final List<String> PREDICTIONS = List.of("model", "no_change", "trend", "model_calibrated",
            "model_calibrated_out_of_sample");

    /** EvaluationMetricsTest's three lines (with bands) and a least-traded fourth. */
    private static final List<EvaluatedLine> LINES = List.of(
            line("310210", 300, 150, 150, 330, 40, 30, 50),
            line("100630", 100, 40, 60, 160, 30, 20, 70),
            line("520100", 200, 105, 95, 170, 0, -10, 10),
            new EvaluatedLine("PAK", "AZE", "090240", 2, 2, 1, 1, 12, -1.5, 0, 0, 0, Double.NaN, Double.NaN,
                    true, kappa -> 0));

    @Test
    void parametersPeriodsAndGroups() throws Exception {
        JsonNode json = JSON.readTree(EvaluationReport.of("pk-az-pta-phase1", LocalDate.of(2024, 7, 1), 12, 3.0,
                LINES, Calibration.fit(LINES)).json());
        assertEquals("pk-az-pta-phase1", json.get("scenario").asText());
        assertEquals("2024-07-01", json.get("entry_into_force").asText());
        assertEquals(12, json.get("months").asInt());
        assertEquals("2023-07-01", json.at("/base/from").asText());
        assertEquals("2024-07-01", json.at("/base/to").asText());
        assertEquals("2024-07-01", json.at("/outcome/from").asText());
        assertEquals("2025-07-01", json.at("/outcome/to").asText());
        assertEquals(3.0, json.get("least_traded_threshold").asDouble());
        assertTrue(json.get("bands").asBoolean());
        assertEquals(List.of("all", "least_traded", "others"), iterate(json.get("groups").fieldNames()));

        JsonNode others = json.at("/groups/others");
        assertEquals(PREDICTIONS, iterate(others.fieldNames()), "the predictions, and nothing else, in a group");
        for (String prediction : PREDICTIONS) {
            assertEquals(METRICS, iterate(others.get(prediction).fieldNames()), prediction);
        }
        assertEquals(3, others.at("/model/lines").asInt());
        // Rounded to six decimals: 21/13 = 1.6153846…, 21/√585 = 0.8682431…
        assertEquals(1.615385, others.at("/model/slope").asDouble(), 0);
        assertEquals(0.868243, others.at("/model/correlation").asDouble(), 0);
        assertEquals(23.333333, others.at("/model/mae").asDouble(), 0);
        assertEquals(0.666667, others.at("/model/sign_share").asDouble(), 0);
        assertEquals(0.666667, others.at("/model/band_coverage").asDouble(), 0);
        assertEquals(40, others.at("/no_change/mae").asDouble(), 0);
        assertTrue(others.at("/no_change/correlation").isNull(), "undefined is null, not NaN");
        assertTrue(others.at("/no_change/band_coverage").isNull(), "only the model has a band");
        assertTrue(others.at("/trend/band_coverage").isNull());
        assertTrue(others.at("/model_calibrated/band_coverage").isNull());
        assertEquals(0.75, others.at("/trend/slope").asDouble(), 0);

        JsonNode least = json.at("/groups/least_traded");
        assertEquals(1, least.at("/model/lines").asInt());
        assertEquals(10, least.at("/model/rmse").asDouble(), 0);
        assertEquals(4, json.at("/groups/all/model/lines").asInt());
        assertEquals(4, json.at("/groups/all/trend/lines").asInt());
    }

    @Test
    void calibrationTablePerSection() throws Exception {
        List<EvaluatedLine> lines = List.of(
                fitted("100630", -1.5, 10, 2, 10, false),
                fitted("100640", -2.0, 20, 2, 20, false),
                fitted("100199", -1.5, 30, 2, 22, false),
                fitted("520100", -1.5, 10, 0, 50, false));
        JsonNode json = JSON.readTree(EvaluationReport.of("s", LocalDate.of(2025, 1, 1), 6, 10, lines,
                Calibration.fit(lines)).json());
        assertFalse(json.get("bands").asBoolean());
        assertEquals(METRICS, iterate(json.at("/groups/all/model").fieldNames()), "the same keys without bands");
        assertTrue(json.at("/groups/all/model/band_coverage").isNull(), "no uncertainty, no coverage");
        JsonNode vegetables = json.at("/calibration/0");
        assertEquals(2, vegetables.get("section").asInt());
        assertEquals("II", vegetables.get("numeral").asText());
        assertEquals("06-14", vegetables.get("chapters").asText());
        assertTrue(vegetables.get("calibrated").asBoolean());
        assertEquals(0.742857, vegetables.get("kappa").asDouble(), 0, "26/35");
        assertEquals(3, vegetables.get("lines_fitted").asInt());
        assertEquals(6, vegetables.get("rmse_before").asDouble(), 0);
        assertEquals(2.267787, vegetables.get("rmse_after").asDouble(), 0, "6/√7");
        assertTrue(vegetables.has("rmse_out_of_sample"));
        JsonNode textiles = json.at("/calibration/1");
        assertEquals("XI", textiles.get("numeral").asText());
        assertFalse(textiles.get("calibrated").asBoolean());
        assertEquals(1.0, textiles.get("kappa").asDouble(), 0);
    }

    /**
     * Rows by importer, beneficiary, HS6; the contract's columns, then the band (this run has uncertainty), empty
     * for the line without one, then ours. error = predicted − realised: 0 − 10, 30 − 60, 40 − 30, 0 − (−30).
     * Calibrated with κ = 1 here: no section has two lines that respond to κ (520100 predicts 0 whatever κ).
     */
    @Test
    void csvRowsSortedWithTheBandAfterTheContractsColumns() {
        String csv = EvaluationCsv.csv(LINES, Calibration.fit(LINES));
        assertEquals("""
                importer,beneficiary,hs6,section,base_imports,outcome_imports,realised_change,predicted_tc,\
                predicted_td,predicted_change,error,least_traded,predicted_change_p05,predicted_change_p95,\
                trend_change,calibrated_change
                PAK,AZE,090240,2,2,12,10,0,0,0,-10,true,,,0,0
                PAK,AZE,100630,2,100,160,60,30,0,30,-30,false,20,70,80,30
                PAK,AZE,310210,6,300,330,30,40,0,40,10,false,30,50,0,40
                PAK,AZE,520100,11,200,170,-30,0,0,0,30,false,-10,10,-40,0
                """, csv);
    }

    /**
     * Without uncertainty the band's columns are not there at all. TC and TD apart: rice 10 + 2 = 12 predicted
     * against 10 realised (error 2); cotton 10 + 0 against 50 (error −40). One line per section: κ = 1.
     */
    @Test
    void csvWithoutUncertaintyHasNoBandColumns() {
        List<EvaluatedLine> lines = List.of(
                fitted("520100", -1.5, 10, 0, 50, false),
                fitted("100630", -1.5, 10, 2, 10, false));
        assertEquals("""
                importer,beneficiary,hs6,section,base_imports,outcome_imports,realised_change,predicted_tc,\
                predicted_td,predicted_change,error,least_traded,trend_change,calibrated_change
                PAK,AZE,100630,2,1000,1010,10,10,2,12,2,false,0,12
                PAK,AZE,520100,11,1000,1050,50,10,0,10,-40,false,0,10
                """, EvaluationCsv.csv(lines, Calibration.fit(lines)));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
