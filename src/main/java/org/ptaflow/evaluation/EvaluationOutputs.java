package org.ptaflow.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.ptaflow.scenario.Scenario;

/**
 * Everything {@code evaluate} writes beside the run's own files: {@code evaluation.csv} (per line),
 * {@code evaluation.json} (the metrics of the model and the baselines per group, and the calibration),
 * {@code calibrated-elasticities.csv} (a {@code by_hs} table) and {@code evaluation.html} (the report).
 */
public final class EvaluationOutputs {
    private EvaluationOutputs() {}

    /** The HS section the evaluation groups a line in. */
    public static int sectionOf(String hs6) {
        return HsSections.ofLine(hs6);
    }

    public static void write(Path dir, Scenario scenario, LocalDate entryIntoForce, int months,
            List<EvaluatedLine> lines) throws IOException {
        Files.createDirectories(dir);
        Calibration calibration = Calibration.fit(lines);
        double largest = lines.stream().mapToDouble(EvaluatedLine::baseValue).max().orElse(0);
        EvaluationReport report = EvaluationReport.of(scenario.id(), entryIntoForce, months,
                EvaluationLines.LEAST_TRADED_SHARE * largest, lines, calibration);
        String json = report.json();
        Files.writeString(dir.resolve("evaluation.json"), json);
        EvaluationCsv.write(dir.resolve("evaluation.csv"), lines, calibration);
        CalibratedElasticities.of(lines, calibration, scenario.defaultImportDemandElasticity())
                .write(dir.resolve("calibrated-elasticities.csv"));
        List<ReportLine> points = lines.stream()
                .map(line -> ReportLine.of(line, calibration.calibratedPrediction(line))).toList();
        EvaluationHtml.write(dir, json, points);
    }
}
