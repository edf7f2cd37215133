package org.ptaflow.evaluation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.ptaflow.economics.Money;

/**
 * {@code evaluation.csv}: one row per evaluated line, predicted against realised (economics.md §8, formats.md).
 * The contract's columns first ({@link #COLUMNS}), then the band's two ({@link #BAND_COLUMNS}) only when the run
 * has uncertainty, then ours ({@link #EXTRA_COLUMNS}), so that a reader of the contract's columns finds them where
 * the contract puts them. Amounts are USD with six decimals as in {@code impact.csv}; an undefined value (the band
 * of a line without one in a run with uncertainty) is an empty field. Rows are sorted by importer, beneficiary and
 * HS6.
 */
public final class EvaluationCsv {
    /** The contract's columns, in its order: always there. */
    public static final List<String> COLUMNS = List.of("importer", "beneficiary", "hs6", "section", "base_imports",
            "outcome_imports", "realised_change", "predicted_tc", "predicted_td", "predicted_change", "error",
            "least_traded");
    /** The model's p05–p95 band: only in a run with uncertainty. */
    public static final List<String> BAND_COLUMNS = List.of("predicted_change_p05", "predicted_change_p95");
    /** Ours, after the contract's: the trend baseline and the calibrated prediction. */
    public static final List<String> EXTRA_COLUMNS = List.of("trend_change", "calibrated_change");

    public static final Comparator<EvaluatedLine> ORDER = Comparator.comparing(EvaluatedLine::importer)
            .thenComparing(EvaluatedLine::beneficiary)
            .thenComparing(EvaluatedLine::hs6);

    private EvaluationCsv() {}

    /** The header of a run with ({@code bands}) or without uncertainty. */
    public static List<String> columns(boolean bands) {
        List<String> columns = new ArrayList<>(COLUMNS);
        if (bands) {
            columns.addAll(BAND_COLUMNS);
        }
        columns.addAll(EXTRA_COLUMNS);
        return List.copyOf(columns);
    }

    /**
     * The file's text: the header, then the lines sorted; {@code calibrated_change} with the section's κ. The band
     * columns are there when any line has a band (uncertainty on), as {@link EvaluationReport}'s {@code bands}.
     */
    public static String csv(List<EvaluatedLine> lines, Calibration calibration) {
        boolean bands = lines.stream().anyMatch(EvaluatedLine::hasBand);
        StringBuilder sb = new StringBuilder(String.join(",", columns(bands))).append('\n');
        for (EvaluatedLine line : lines.stream().sorted(ORDER).toList()) {
            // Codes and digits only: nothing to quote.
            sb.append(line.importer()).append(',')
                    .append(line.beneficiary()).append(',')
                    .append(line.hs6()).append(',')
                    .append(line.section()).append(',')
                    .append(Money.formatDouble(line.baseValue())).append(',')
                    .append(Money.formatDouble(line.outcomeValue())).append(',')
                    .append(Money.formatDouble(line.realised())).append(',')
                    .append(Money.formatDouble(line.predictedTc())).append(',')
                    .append(Money.formatDouble(line.predictedTd())).append(',')
                    .append(Money.formatDouble(line.predicted())).append(',')
                    .append(Money.formatDouble(line.error())).append(',')
                    .append(line.leastTraded());
            if (bands) {
                sb.append(',').append(Money.formatDouble(line.predictedP05()))
                        .append(',').append(Money.formatDouble(line.predictedP95()));
            }
            sb.append(',').append(Money.formatDouble(line.trend()))
                    .append(',').append(Money.formatDouble(calibration.calibratedPrediction(line)))
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
