package org.ptaflow.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.evaluation.EvaluatedLine;
import org.ptaflow.evaluation.EvaluationLines;
import org.ptaflow.evaluation.EvaluationOutputs;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.pipeline.PtaflowOptions;
import org.ptaflow.scenario.Scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ptaflow evaluate}: the economists' backtest of the model itself (economics.md §8). One bounded job over the
 * files — the same parsing, rates, duplicates and accounting as {@code backtest}, with the scenario as on the entry
 * into force ({@link Scenario#forEvaluation}) and monthly windows — then, per importer, beneficiary and HS6, the
 * SMART estimate on the base period against the change that followed, beside two naive baselines, and a calibration
 * of the import-demand elasticities per HS section.
 */
@Command(name = "evaluate",
        description = "Predicted against realised: the scenario's SMART estimate on the N months before the entry into "
                + "force against the change over the N months from it, per line, with the no-change and trend "
                + "baselines and elasticities calibrated per HS section; writes DIR/evaluation.csv, evaluation.json, "
                + "calibrated-elasticities.csv, evaluation.html and summary.json (and the monthly impact.csv).")
final class EvaluateCommand extends Subcommand {
    @Option(names = "--scenario", paramLabel = "FILE", description = "The scenario file (required, one).")
    String scenarioFile;

    @Option(names = "--input", paramLabel = "PATH", arity = "1..*",
            description = "The input files with the history before and after the entry into force (required; globs "
                    + "allowed, quoted).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--entry-into-force", paramLabel = "DATE",
            description = "The agreement's entry into force, the first day of a month (YYYY-MM-01; required).")
    String entryIntoForce;

    @Option(names = "--months", paramLabel = "N", converter = Conversions.WholeNumber.class,
            description = "Months of the base period (before the entry into force) and of the outcome (from it), an "
                    + "even number; default ${DEFAULT-VALUE}.")
    long months = 12;

    @Option(names = "--out", paramLabel = "DIR", description = "The output folder (required).")
    Path out;

    @Mixin
    FlinkOptions flink;

    @Override
    public Integer call() throws Exception {
        if (scenarioFile == null) {
            throw new UsageError("--scenario is required");
        }
        if (inputs.isEmpty()) {
            throw new UsageError("--input is required (files or globs)");
        }
        if (out == null) {
            throw new UsageError("--out is required");
        }
        LocalDate entry = entryIntoForce(entryIntoForce);
        if (months > 600) {
            throw new UsageError("--months " + months + " is more than 50 years");
        }
        if (months % 2 != 0) {
            throw new UsageError("--months " + months + " is odd: the trend baseline compares the two halves of the "
                    + "base period, so N is even (2, 4, 6, 12, …)");
        }
        ScenarioOptions one = new ScenarioOptions();
        one.files = List.of(scenarioFile);
        Scenario scenario = one.load(false).get(0);
        Scenario asOnEntry = scenario.forEvaluation(entry);
        List<Path> files = InputFiles.expand(inputs);
        StreamExecutionEnvironment env = FlinkJob.environment(flink.settings(), "ptaflow evaluate");
        org.apache.flink.configuration.Configuration shown = new org.apache.flink.configuration.Configuration();
        shown.set(PtaflowOptions.SCENARIOS, List.of(scenario.file().toString()));
        shown.set(PtaflowOptions.SOURCE, "files");
        shown.set(PtaflowOptions.INPUTS, files.stream().map(Path::toString).toList());
        JobEnvironment.showSettings(env, shown);
        ptaflow.err.printf("evaluation of %s over %d file(s): %d months before and from %s%n", scenario.id(),
                files.size(), months, entry);
        List<ImpactRow> rows = new ArrayList<>();
        int exit = FlinkJob.run(env, FlinkJob.Sources.records(e -> InputFiles.source(e, files)), List.of(asOnEntry),
                ImpactPipeline.Settings.forBacktest(), out, null, null, null, "ptaflow evaluate", ptaflow.err, o -> {
                    if (o.impact != null && o.impact.finalRow) {
                        rows.add(o.impact);
                    }
                });
        if (exit != 0) {
            return exit;
        }
        List<EvaluatedLine> lines = EvaluationLines.build(rows, scenario, entry, (int) months,
                EvaluationOutputs::sectionOf);
        EvaluationOutputs.write(out, scenario, entry, (int) months, lines);
        ptaflow.err.printf("evaluated %,d lines (%,d least traded) in %s%n", lines.size(),
                lines.stream().filter(EvaluatedLine::leastTraded).count(), out.resolve("evaluation.html"));
        return 0;
    }

    /** The entry into force: a date, the first day of a month (the periods are whole calendar months). */
    static LocalDate entryIntoForce(String text) {
        if (text == null) {
            throw new UsageError("--entry-into-force is required (YYYY-MM-01)");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageError("--entry-into-force '" + text + "' is not a date (YYYY-MM-01)");
        }
        if (date.getDayOfMonth() != 1) {
            throw new UsageError("--entry-into-force " + text + " is not the first day of a month: the base and the "
                    + "outcome are whole calendar months");
        }
        return date;
    }
}
