package org.ptaflow.economics;

import java.math.BigDecimal;
import java.util.List;

import org.ptaflow.scenario.BorderTax;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.tariffs.TaxRate;

/**
 * The duty at risk on goods in transit (contract §4 {@code open_exposure}): what the territory would collect if the
 * goods entered home use on the departure date instead of leaving — the customs duty at its MFN rate and the
 * non-creditable border taxes of the same cascade as an import at MFN ({@link TaxCascade}, economics.md §6), in
 * micro-USD. A line without an MFN rate on that date has no duty (0); a specific tax counts where its unit is
 * {@code kg} and the movement declared its gross mass (a movement carries no other quantity), else 0.
 */
public final class TransitExposure {
    private TransitExposure() {}

    /**
     * @param territory the territory crossed: an importer with an MFN schedule in the scenario
     * @param valueMicros the declared value, micro-USD
     * @param grossMassKg the declared gross mass, or null
     */
    public static long micros(Scenario scenario, String territory, String hsCode, long valueMicros,
            BigDecimal grossMassKg, long epochDay) {
        double mfn = scenario.mfnRate(territory, hsCode, epochDay);
        long duty = Double.isNaN(mfn) ? 0 : Money.dutyMicros(valueMicros, mfn);
        List<BorderTax> taxes = scenario.taxes(territory);
        if (taxes.isEmpty()) {
            return duty;
        }
        int n = taxes.size();
        double[] percents = new double[n];
        long[] specific = new long[n];
        for (int j = 0; j < n; j++) {
            TaxRate rate = taxes.get(j).rateOn(hsCode, epochDay);
            percents[j] = rate == null || rate.specific() ? Double.NaN : rate.rate();
            specific[j] = -1;
            if (rate != null && rate.specific() && grossMassKg != null && "kg".equalsIgnoreCase(rate.unit())) {
                BigDecimal usdPerUnit = scenario.usdPerUnit(rate.currency(), epochDay);
                if (usdPerUnit != null) {
                    specific[j] = TaxCascade.specificMicros(grossMassKg, rate, usdPerUnit);
                }
            }
        }
        long[] amounts = TaxCascade.state(taxes, percents, specific, valueMicros, duty, false);
        long exposure = duty;
        for (int j = 0; j < n; j++) {
            if (!taxes.get(j).creditable()) {
                exposure = Math.addExact(exposure, amounts[j]);
            }
        }
        return exposure;
    }
}
