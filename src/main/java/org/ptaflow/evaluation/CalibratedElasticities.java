package org.ptaflow.evaluation;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibrated import-demand elasticities as a table a scenario can name as its {@code by_hs} file
 * ({@code calibrated-elasticities.csv}, header {@code hs_prefix,value}, economics.md §8): for each calibrated
 * section, one row per evaluated HS6 line (κ × the line's elasticity) and one per chapter of the section (κ × the
 * scenario's default elasticity), so that a line the evaluation did not see still gets its section's correction.
 * The longest prefix wins, so a line's own row beats its chapter's.
 *
 * <p>Sections that were not calibrated have no rows: a scenario using the table gives their lines its default.
 * The table has no {@code sd} column: the evaluation knows each line's point elasticity, not its spread.
 *
 * <p>κ is always above 0 ({@link Calibration} fits ln κ), so every value stays negative, as the scenario loader
 * requires; a κ of 0 (or an elasticity that is not negative) would make a value the loader refuses, and is refused
 * here. Values are written with nine significant digits, so that a small one never prints as 0.
 */
public final class CalibratedElasticities {
    public static final String HEADER = "hs_prefix,value";

    private static final MathContext DIGITS = new MathContext(9, RoundingMode.HALF_EVEN);

    /** One row: an HS prefix (two or six digits) and its elasticity. */
    public record Row(String hsPrefix, double value) {}

    private final List<Row> rows;

    private CalibratedElasticities(List<Row> rows) {
        this.rows = rows;
    }

    /**
     * The table of the calibrated sections.
     *
     * @param lines the evaluated lines (each HS6 gets one row; lines of one HS6 for several pairs share the
     *     scenario's elasticity for it)
     * @param calibration the factors per section
     * @param defaultElasticity the scenario's default import-demand elasticity ({@code import_demand.default}), < 0
     * @throws IllegalArgumentException when two lines of one HS6 carry different elasticities, or a value would not
     *     be negative
     */
    public static CalibratedElasticities of(List<EvaluatedLine> lines, Calibration calibration,
            double defaultElasticity) {
        requireNegative(defaultElasticity, "the default elasticity");
        Map<String, Double> byPrefix = new TreeMap<>();
        Map<String, Double> lineElasticity = new TreeMap<>();
        for (EvaluatedLine line : lines) {
            if (!calibration.calibrated(line.section())) {
                continue;
            }
            Double previous = lineElasticity.putIfAbsent(line.hs6(), line.elasticity());
            if (previous != null && previous != line.elasticity()) {
                throw new IllegalArgumentException("HS6 " + line.hs6() + " has two elasticities, " + previous
                        + " and " + line.elasticity() + ": a scenario's elasticity depends on the line alone");
            }
            byPrefix.put(line.hs6(), scaled(calibration.factor(line.section()), line.elasticity(), line.hs6()));
        }
        for (Calibration.Section section : calibration.sections()) {
            if (!section.calibrated()) {
                continue;
            }
            for (int chapter : HsSections.chapters(section.section())) {
                String prefix = HsSections.chapterPrefix(chapter);
                byPrefix.put(prefix, scaled(section.factor(), defaultElasticity, prefix));
            }
        }
        List<Row> rows = byPrefix.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
        return new CalibratedElasticities(rows);
    }

    /** The rows, sorted by prefix (a chapter just before its lines). */
    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The table as CSV text, header first. */
    public String csv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row row : rows) {
            sb.append(row.hsPrefix()).append(',').append(format(row.value())).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #csv()} to {@code file} (UTF-8), replacing it. */
    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(csv());
        }
    }

    /** A value as written: nine significant digits, plain notation, no trailing zeros. */
    static String format(double value) {
        return new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString();
    }

    private static double scaled(double kappa, double elasticity, String prefix) {
        requireNegative(elasticity, "the elasticity of " + prefix);
        double value = kappa * elasticity;
        if (!(value < 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("κ " + kappa + " × " + elasticity + " for " + prefix
                    + " is not a negative elasticity; a by_hs table cannot hold it");
        }
        return value;
    }

    private static void requireNegative(double elasticity, String what) {
        if (!(elasticity < 0)) {
            throw new IllegalArgumentException(what + " is " + elasticity + ", not negative");
        }
    }
}
