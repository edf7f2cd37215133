package org.ptaflow.evaluation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.ptaflow.economics.Money;

/**
 * {@code evaluation.csv}: one row per evaluated line, predicted against realised (economics.md §8, formats.md).
 * Amounts are USD with six decimals as in {@code impact.csv}; an undefined value (the bands without uncertainty)
 * is an empty field. Rows are sorted by importer, beneficiary and HS6.
 */
public final class EvaluationCsv {
    public static final List<String> COLUMNS = List.of("importer", "beneficiary", "hs6", "section", "base_value",
            "outcome_value", "realised_change", "predicted_change", "predicted_change_p05", "predicted_change_p95",
            "trend_change", "calibrated_change", "least_traded");

    public static final Comparator<EvaluatedLine> ORDER = Comparator.comparing(EvaluatedLine::importer)
            .thenComparing(EvaluatedLine::beneficiary)
            .thenComparing(EvaluatedLine::hs6);

    private EvaluationCsv() {}

    /** The file's text: the header, then the lines sorted; {@code calibrated_change} with the section's κ. */
    public static String csv(List<EvaluatedLine> lines, Calibration calibration) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (EvaluatedLine line : lines.stream().sorted(ORDER).toList()) {
            // Codes and digits only: nothing to quote.
            sb.append(line.importer()).append(',')
                    .append(line.beneficiary()).append(',')
                    .append(line.hs6()).append(',')
                    .append(line.section()).append(',')
                    .append(Money.formatDouble(line.baseValue())).append(',')
                    .append(Money.formatDouble(line.outcomeValue())).append(',')
                    .append(Money.formatDouble(line.realised())).append(',')
                    .append(Money.formatDouble(line.predicted())).append(',')
                    .append(Money.formatDouble(line.predictedP05())).append(',')
                    .append(Money.formatDouble(line.predictedP95())).append(',')
                    .append(Money.formatDouble(line.trend())).append(',')
                    .append(Money.formatDouble(calibration.calibratedPrediction(line))).append(',')
                    .append(line.leastTraded())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #csv} to {@code file} (UTF-8), replacing it. */
    public static void write(Path file, List<EvaluatedLine> lines, Calibration calibration) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(csv(lines, calibration));
        }
    }
}
