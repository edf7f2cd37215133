package org.ptaflow.economics;

import java.util.List;
import org.ptaflow.scenario.BorderTax;
import org.ptaflow.scenario.ElasticityDraws;
import org.ptaflow.scenario.Scenario;

/**
 * Turns the exact sums a window kept for one (scenario, window, importer, beneficiary, HS6) into the impact row of
 * contract §4: the measured columns straight from the sums, the SMART estimates of economics.md §4 from the
 * value-weighted rates, and, when the scenario has uncertainty on, the p05/p50/p95 bands of §5 from the scenario's
 * pre-drawn joint elasticity samples. Where the importer has border taxes, each tax's revenue change and the total
 * revenue change of economics.md §6 come from the same estimate (and, with uncertainty on, from the same draws).
 * Called when a window fires; never per record.
 */
public final class ImpactEstimator {
    private ImpactEstimator() {}

    public static ImpactRow estimate(Scenario scenario, ImpactKey key, long windowStart, long windowEnd,
            WindowSums sums, boolean finalRow) {
        ImpactRow row = new ImpactRow();
        row.key = key;
        row.windowStart = windowStart;
        row.windowEnd = windowEnd;
        row.finalRow = finalRow;
        row.scenarioHasTaxes = scenario.hasTaxes();
        List<BorderTax> taxes = scenario.taxes(key.importer());
        int taxCount = taxes.size();
        row.sums = sums.withTaxCount(taxCount);
        sums = row.sums;
        row.taxNames = new String[taxCount];
        row.taxCreditable = new boolean[taxCount];
        row.taxRevenueChange = new double[taxCount];
        for (int j = 0; j < taxCount; j++) {
            row.taxNames[j] = taxes.get(j).name();
            row.taxCreditable[j] = taxes.get(j).creditable();
        }
        if (sums.valueBeneficiary == 0) {
            // No beneficiary imports: no estimate is defined (such rows are not written, contract §4).
            row.tradeCreation = row.tradeDiversion = row.tradeEffect = row.revenueChange = row.welfare = Double.NaN;
            row.totalRevenueChange = Double.NaN;
            java.util.Arrays.fill(row.taxRevenueChange, Double.NaN);
            fillNoBands(row);
            return row;
        }
        String hs6 = key.hs6();

        // SmartModel derives the value-weighted rates (fractions) from the same exact sums.
        SmartEstimate point = SmartModel.estimate(sums, scenario.utilization(),
                scenario.importDemandElasticity(hs6), scenario.substitutionElasticity(),
                scenario.exportSupplyElasticity());
        row.tradeCreation = point.tradeCreation();
        row.tradeDiversion = point.tradeDiversion();
        row.tradeEffect = point.tradeEffect();
        row.revenueChange = point.revenueChange();
        row.welfare = point.welfare();
        for (int j = 0; j < taxCount; j++) {
            row.taxRevenueChange[j] = SmartModel.taxRevenueChange(sums, j, scenario.utilization(), point);
        }
        row.totalRevenueChange = totalRevenueChange(point.revenueChange(), row.taxRevenueChange, row.taxCreditable);

        ElasticityDraws draws = scenario.draws();
        if (draws == null) {
            fillNoBands(row);
            return row;
        }
        double[] em = draws.importDemand(hs6);
        double[] sigma = draws.substitution();
        double[] ex = draws.exportSupply();
        int n = em.length;
        double[] tc = new double[n];
        double[] td = new double[n];
        double[] dtr = new double[n];
        double[] total = new double[n];
        double[] perTax = new double[taxCount];
        for (int i = 0; i < n; i++) {
            SmartEstimate e = SmartModel.estimate(sums, scenario.utilization(), em[i], sigma[i], ex[i]);
            tc[i] = e.tradeCreation();
            td[i] = e.tradeDiversion();
            dtr[i] = e.revenueChange();
            for (int j = 0; j < taxCount; j++) {
                perTax[j] = SmartModel.taxRevenueChange(sums, j, scenario.utilization(), e);
            }
            total[i] = totalRevenueChange(dtr[i], perTax, row.taxCreditable);
        }
        MonteCarloBands.Band tcBand = MonteCarloBands.of(tc);
        MonteCarloBands.Band tdBand = MonteCarloBands.of(td);
        MonteCarloBands.Band trBand = MonteCarloBands.of(dtr);
        // Without taxes every total is its draw's ΔTR, so the band is ΔTR's, to the last bit.
        MonteCarloBands.Band totalBand = taxCount == 0 ? trBand : MonteCarloBands.of(total);
        row.hasBands = true;
        row.tradeCreationP05 = tcBand.p05();
        row.tradeCreationP50 = tcBand.p50();
        row.tradeCreationP95 = tcBand.p95();
        row.tradeDiversionP05 = tdBand.p05();
        row.tradeDiversionP50 = tdBand.p50();
        row.tradeDiversionP95 = tdBand.p95();
        row.revenueChangeP05 = trBand.p05();
        row.revenueChangeP50 = trBand.p50();
        row.revenueChangeP95 = trBand.p95();
        row.totalRevenueChangeP05 = totalBand.p05();
        row.totalRevenueChangeP50 = totalBand.p50();
        row.totalRevenueChangeP95 = totalBand.p95();
        return row;
    }

    /** Total revenue change (economics.md §6): ΔTR of the duty plus ΔTR_j of every non-creditable tax. */
    static double totalRevenueChange(double dutyRevenueChange, double[] taxRevenueChange, boolean[] creditable) {
        double total = dutyRevenueChange;
        for (int j = 0; j < taxRevenueChange.length; j++) {
            if (!creditable[j]) {
                total += taxRevenueChange[j];
            }
        }
        return total;
    }

    private static void fillNoBands(ImpactRow row) {
        row.hasBands = false;
        row.tradeCreationP05 = row.tradeCreationP50 = row.tradeCreationP95 = Double.NaN;
        row.tradeDiversionP05 = row.tradeDiversionP50 = row.tradeDiversionP95 = Double.NaN;
        row.revenueChangeP05 = row.revenueChangeP50 = row.revenueChangeP95 = Double.NaN;
        row.totalRevenueChangeP05 = row.totalRevenueChangeP50 = row.totalRevenueChangeP95 = Double.NaN;
    }
}
