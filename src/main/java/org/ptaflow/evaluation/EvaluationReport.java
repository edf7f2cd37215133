package org.ptaflow.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.ptaflow.economics.Money;

/**
 * {@code evaluation.json}: what an evaluation found (economics.md §8, field by field in formats.md). The run's
 * parameters; per group of lines ({@link LineGroup}) the metrics of the model, of the two naive baselines and of the
 * calibrated model in and out of sample; the calibration per HS section.
 *
 * <p>Numbers are rounded to six decimals like the CSV outputs; a metric that is not defined (the correlation of the
 * no-change baseline, anything over an empty group) is {@code null}, since JSON has no NaN. Every prediction's
 * metrics have the same keys, the contract's ({@code lines, correlation, slope, mae, rmse, sign_share,
 * band_coverage}); {@code band_coverage} is null but for the model's in a run with uncertainty.
 *
 * @param scenario the scenario's id
 * @param entryIntoForce the agreement's entry into force E, the first day of a month
 * @param months N, the length of the base and of the outcome period
 * @param base the N months before E
 * @param outcome the N months from E
 * @param leastTradedThreshold the base Mk under which a line is least traded, USD
 * @param bands whether the model's predictions have p05–p95 bands (uncertainty on)
 * @param groups by group name ({@code all}, {@code least_traded}, {@code others}), in that order
 * @param calibration one entry per HS section with lines, by section number
 */
public record EvaluationReport(
        @JsonProperty("scenario") String scenario,
        @JsonProperty("entry_into_force") String entryIntoForce,
        @JsonProperty("months") int months,
        @JsonProperty("base") Period base,
        @JsonProperty("outcome") Period outcome,
        @JsonProperty("least_traded_threshold") Double leastTradedThreshold,
        @JsonProperty("bands") boolean bands,
        @JsonProperty("groups") Map<String, Group> groups,
        @JsonProperty("calibration") List<SectionFit> calibration) {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** A period of whole days, {@code to} exclusive ({@code YYYY-MM-DD}). */
    public record Period(@JsonProperty("from") String from, @JsonProperty("to") String to) {}

    /** The metrics of one prediction over a group ({@link EvaluationMetrics}). */
    public record Metrics(
            @JsonProperty("lines") int lines,
            @JsonProperty("correlation") Double correlation,
            @JsonProperty("slope") Double slope,
            @JsonProperty("mae") Double meanAbsoluteError,
            @JsonProperty("rmse") Double rootMeanSquareError,
            @JsonProperty("sign_share") Double signShare,
            @JsonProperty("band_coverage") Double bandCoverage) {

        static Metrics of(EvaluationMetrics m) {
            return new Metrics(m.lines(), rounded(m.correlation()), rounded(m.slope()),
                    rounded(m.meanAbsoluteError()), rounded(m.rootMeanSquareError()), rounded(m.signShare()),
                    rounded(m.bandCoverage()));
        }
    }

    /**
     * One group of lines: the model, the baselines (the contract's three), the calibrated model in and out of sample
     * (ours). The group's number of lines is each prediction's {@code lines}.
     */
    public record Group(
            @JsonProperty("model") Metrics model,
            @JsonProperty("no_change") Metrics noChange,
            @JsonProperty("trend") Metrics trend,
            @JsonProperty("model_calibrated") Metrics modelCalibrated,
            @JsonProperty("model_calibrated_out_of_sample") Metrics modelCalibratedOutOfSample) {}

    /** One HS section's calibration ({@link Calibration.Section}). */
    public record SectionFit(
            @JsonProperty("section") int section,
            @JsonProperty("numeral") String numeral,
            @JsonProperty("chapters") String chapters,
            @JsonProperty("calibrated") boolean calibrated,
            @JsonProperty("kappa") Double kappa,
            @JsonProperty("lines") int lines,
            @JsonProperty("lines_fitted") int linesFitted,
            @JsonProperty("rmse_before") Double rmseBefore,
            @JsonProperty("rmse_after") Double rmseAfter,
            @JsonProperty("rmse_out_of_sample") Double rmseOutOfSample) {

        static SectionFit of(Calibration.Section s) {
            String numeral = null;
            String chapters = null;
            if (s.section() != HsSections.NONE) {
                numeral = HsSections.roman(s.section());
                List<Integer> c = HsSections.chapters(s.section());
                chapters = c.size() == 1 ? HsSections.chapterPrefix(c.get(0))
                        : HsSections.chapterPrefix(c.get(0)) + "-" + HsSections.chapterPrefix(c.get(c.size() - 1));
            }
            return new SectionFit(s.section(), numeral, chapters, s.calibrated(), rounded(s.factor()), s.lines(),
                    s.linesFitted(), rounded(s.rmseBefore()), rounded(s.rmseAfter()), rounded(s.rmseOutOfSample()));
        }
    }

    /**
     * The report of an evaluation.
     *
     * @param scenario the scenario's id
     * @param entryIntoForce E
     * @param months N
     * @param leastTradedThreshold USD (1 % of the largest line's base Mk in the run)
     * @param lines every evaluated line
     * @param calibration {@link Calibration#fit} of the same lines
     */
    public static EvaluationReport of(String scenario, LocalDate entryIntoForce, int months,
            double leastTradedThreshold, List<EvaluatedLine> lines, Calibration calibration) {
        boolean bands = lines.stream().anyMatch(EvaluatedLine::hasBand);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (LineGroup group : LineGroup.values()) {
            List<EvaluatedLine> members = group.of(lines);
            groups.put(group.jsonName(), new Group(
                    Metrics.of(EvaluationMetrics.ofModelWithBands(members)),
                    metrics(members, EvaluationMetrics.NO_CHANGE),
                    metrics(members, EvaluationMetrics.TREND),
                    metrics(members, calibration.inSample()),
                    metrics(members, calibration.outOfSample())));
        }
        List<SectionFit> sections = calibration.sections().stream().map(SectionFit::of).toList();
        return new EvaluationReport(scenario, entryIntoForce.toString(), months,
                new Period(entryIntoForce.minusMonths(months).toString(), entryIntoForce.toString()),
                new Period(entryIntoForce.toString(), entryIntoForce.plusMonths(months).toString()),
                rounded(leastTradedThreshold), bands, groups, sections);
    }

    /** The report as JSON text (indented). */
    public String json() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the evaluation as JSON", e);
        }
    }

    /** Writes {@link #json()} to {@code file}, replacing it. */
    private static Metrics metrics(List<EvaluatedLine> lines, ToDoubleFunction<EvaluatedLine> prediction) {
        return Metrics.of(EvaluationMetrics.of(lines, prediction));
    }

    /** Six decimals as in the CSV outputs; NaN (undefined) is null. */
    static Double rounded(double v) {
        String printed = Money.formatDouble(v);
        return printed.isEmpty() ? null : Double.valueOf(printed);
    }
}
