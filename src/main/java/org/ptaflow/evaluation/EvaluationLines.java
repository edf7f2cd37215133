package org.ptaflow.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.MonteCarloBands;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.SmartModel;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.ElasticityDraws;
import org.ptaflow.scenario.Scenario;

/**
 * The lines of an evaluation (economics.md §8) from a bounded run's monthly rows: per importer, beneficiary and HS6,
 * the base period (the N months before the entry into force E), its two halves, the outcome period (the N months from
 * E), and the SMART estimate of TC + TD on the base period's sums (the others' imports MK included for the months
 * the beneficiary did not trade: the evaluation's scenario keeps those windows). A line is evaluated where the
 * beneficiary imported it in the base or the outcome. The rows come from the scenario prepared by
 * {@link Scenario#forEvaluation}, so the base records carry the rates in force on E.
 *
 * <p>Halves: the first and the last N/2 months of the base (N is even: {@code evaluate} refuses an odd N, for which
 * the trend baseline's factor 4 would not hold).
 */
public final class EvaluationLines {
    /** A line is least traded when its base Mk is under this share of the largest line's. */
    public static final double LEAST_TRADED_SHARE = 0.01;

    private EvaluationLines() {}

    /** What one line accumulates over the months. */
    private static final class Accumulated {
        WindowSums base = new WindowSums();
        long firstHalfMicros;
        long secondHalfMicros;
        long outcomeMicros;
    }

    /**
     * @param finalRows the run's final impact rows (monthly windows)
     * @param scenario the scenario as loaded (its elasticities, utilisation and draws)
     * @param sectionOf the HS section of an HS6 line
     */
    public static List<EvaluatedLine> build(List<ImpactRow> finalRows, Scenario scenario, LocalDate entryIntoForce,
            int months, ToIntFunction<String> sectionOf) {
        LocalDate baseStart = entryIntoForce.minusMonths(months);
        LocalDate firstHalfEnd = baseStart.plusMonths(months / 2);
        LocalDate secondHalfStart = entryIntoForce.minusMonths(months / 2);
        LocalDate outcomeEnd = entryIntoForce.plusMonths(months);
        Map<String, Accumulated> byLine = new TreeMap<>();
        Map<String, String[]> keys = new TreeMap<>();
        for (ImpactRow row : finalRows) {
            LocalDate month = Instant.ofEpochMilli(row.windowStart).atZone(ZoneOffset.UTC).toLocalDate();
            boolean base = !month.isBefore(baseStart) && month.isBefore(entryIntoForce);
            boolean outcome = !month.isBefore(entryIntoForce) && month.isBefore(outcomeEnd);
            if (!base && !outcome) {
                continue;
            }
            String key = row.key.importer() + '|' + row.key.beneficiary() + '|' + row.key.hs6();
            keys.putIfAbsent(key, new String[] {row.key.importer(), row.key.beneficiary(), row.key.hs6()});
            Accumulated a = byLine.computeIfAbsent(key, k -> new Accumulated());
            if (base) {
                a.base.add(row.sums);
                if (month.isBefore(firstHalfEnd)) {
                    a.firstHalfMicros += row.sums.valueBeneficiary;
                }
                if (!month.isBefore(secondHalfStart)) {
                    a.secondHalfMicros += row.sums.valueBeneficiary;
                }
            } else {
                a.outcomeMicros += row.sums.valueBeneficiary;
            }
        }
        double largest = 0;
        for (Accumulated a : byLine.values()) {
            largest = Math.max(largest, Money.toUsdDouble(a.base.valueBeneficiary));
        }
        double threshold = LEAST_TRADED_SHARE * largest;

        double u = scenario.utilization();
        double sigma = scenario.substitutionElasticity();
        double exportSupply = scenario.exportSupplyElasticity();
        ElasticityDraws draws = scenario.draws();
        List<EvaluatedLine> lines = new ArrayList<>();
        for (Map.Entry<String, Accumulated> e : byLine.entrySet()) {
            String[] k = keys.get(e.getKey());
            Accumulated a = e.getValue();
            if (a.base.valueBeneficiary == 0 && a.outcomeMicros == 0) {
                continue; // the others' imports alone: the beneficiary never traded the line, nothing to evaluate
            }
            WindowSums sums = a.base;
            double elasticity = scenario.importDemandElasticity(k[2]);
            org.ptaflow.economics.SmartEstimate estimate = SmartModel.estimate(sums, u, elasticity, sigma, exportSupply);
            double p05 = Double.NaN;
            double p95 = Double.NaN;
            if (draws != null) {
                double[] em = draws.importDemand(k[2]);
                double[] sd = draws.substitution();
                double[] ex = draws.exportSupply();
                double[] effect = new double[em.length];
                for (int i = 0; i < em.length; i++) {
                    effect[i] = SmartModel.estimate(sums, u, em[i], sd[i], ex[i]).tradeEffect();
                }
                MonteCarloBands.Band band = MonteCarloBands.of(effect);
                p05 = band.p05();
                p95 = band.p95();
            }
            double baseValue = Money.toUsdDouble(sums.valueBeneficiary);
            lines.add(new EvaluatedLine(k[0], k[1], k[2], sectionOf.applyAsInt(k[2]), baseValue,
                    Money.toUsdDouble(a.firstHalfMicros), Money.toUsdDouble(a.secondHalfMicros),
                    Money.toUsdDouble(a.outcomeMicros), elasticity, estimate.tradeCreation(),
                    estimate.tradeDiversion(), estimate.tradeEffect(), p05, p95, baseValue < threshold,
                    kappa -> SmartModel.estimate(sums, u, kappa * elasticity, sigma, exportSupply).tradeEffect()));
        }
        return lines;
    }
}
