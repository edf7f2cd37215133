package org.ptaflow.economics;

import java.math.BigDecimal;
import java.util.List;
import org.ptaflow.scenario.BorderTax;
import org.ptaflow.tariffs.TaxRate;

/**
 * The fiscal cascade of economics.md §6 for one record in one state (at MFN, statutory, full preference): each of
 * the importer's border taxes in list order, {@code round(base × rate / 100)} in micro-USD half-even
 * ({@link Money#dutyMicros}), the base summing the record's value, the customs duty of that state and the amounts of
 * earlier taxes of that state, as the tax's base names them. A specific tax is quantity × rate per unit converted to
 * USD at the FX rate of the rate's currency on the record's date, rounded once: it is the same in every state
 * ({@link #specificMicros}). A tax waived by the preference is 0 in a state where the preference applies. Every
 * amount is rounded once, so window sums of them stay exact and order-independent.
 */
public final class TaxCascade {
    private TaxCascade() {}

    /**
     * The amount of a specific tax: quantity × rate per unit × USD per unit of the rate's currency, in micro-USD,
     * rounded once (half-even).
     */
    public static long specificMicros(BigDecimal quantity, TaxRate rate, BigDecimal usdPerUnitOfRateCurrency) {
        return Money.toMicros(quantity, rate.rate(), usdPerUnitOfRateCurrency);
    }

    /**
     * The rates of a record's taxes in the primitive form the cascade reads (and a quota claim carries across the
     * shuffle): per tax, its ad-valorem rate in percent, NaN where the rate in force is specific or there is none.
     */
    public static double[] adValoremPercents(TaxRate[] rates) {
        double[] percents = new double[rates.length];
        for (int j = 0; j < rates.length; j++) {
            percents[j] = rates[j] == null || rates[j].specific() ? Double.NaN : rates[j].rate();
        }
        return percents;
    }

    /**
     * Every tax of one state, in list order.
     *
     * @param taxes the importer's taxes
     * @param adValoremPercents per tax, its ad-valorem rate in force ({@link #adValoremPercents}); NaN for a specific
     *     rate or none
     * @param specificMicros per tax, the amount of a specific tax in force ({@link #specificMicros}), -1 where the
     *     rate in force is not specific or there is none
     * @param valueMicros the record's customs value (of the part being computed, for a record split by a quota)
     * @param dutyMicros the record's customs duty in this state
     * @param preferenceApplies whether the preference applies in this state (the record claimed and is eligible, for
     *     the statutory state; it would be eligible, for the full-preference state): taxes waived by the preference
     *     are then 0
     */
    public static long[] state(List<BorderTax> taxes, double[] adValoremPercents, long[] specificMicros,
            long valueMicros, long dutyMicros, boolean preferenceApplies) {
        int n = taxes.size();
        long[] amounts = new long[n];
        for (int j = 0; j < n; j++) {
            BorderTax tax = taxes.get(j);
            if (preferenceApplies && tax.waivedByPreference()) {
                continue; // waived: 0
            }
            if (specificMicros[j] >= 0) {
                amounts[j] = specificMicros[j];
                continue;
            }
            double percent = adValoremPercents[j];
            if (Double.isNaN(percent)) {
                continue; // no rate in force: 0
            }
            long base = 0;
            if (tax.baseHasValue()) {
                base = Math.addExact(base, valueMicros);
            }
            if (tax.baseHasCustomsDuty()) {
                base = Math.addExact(base, dutyMicros);
            }
            for (int k = 0; k < tax.baseTaxCount(); k++) {
                base = Math.addExact(base, amounts[tax.baseTax(k)]);
            }
            amounts[j] = Money.dutyMicros(base, percent);
        }
        return amounts;
    }
}
