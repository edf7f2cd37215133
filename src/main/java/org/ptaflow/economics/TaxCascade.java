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
        return Money.toMicros(quantity.multiply(BigDecimal.valueOf(rate.rate())).multiply(usdPerUnitOfRateCurrency));
    }

    /**
     * Every tax of one state, in list order.
     *
     * @param taxes the importer's taxes
     * @param rates per tax, its rate in force; null for no row in force (the tax is 0)
     * @param specificMicros per tax, the amount of a specific tax in force ({@link #specificMicros}); ignored for an
     *     ad-valorem tax
     * @param valueMicros the record's customs value
     * @param dutyMicros the record's customs duty in this state
     * @param preferenceApplies whether the preference applies in this state (the record claimed and is eligible, for
     *     the statutory state; it would be eligible, for the full-preference state): taxes waived by the preference
     *     are then 0
     */
    public static long[] state(List<BorderTax> taxes, TaxRate[] rates, long[] specificMicros, long valueMicros,
            long dutyMicros, boolean preferenceApplies) {
        int n = taxes.size();
        long[] amounts = new long[n];
        for (int j = 0; j < n; j++) {
            BorderTax tax = taxes.get(j);
            TaxRate rate = rates[j];
            if (rate == null || (preferenceApplies && tax.waivedByPreference())) {
                continue; // no rate in force, or waived: 0
            }
            if (rate.specific()) {
                amounts[j] = specificMicros[j];
                continue;
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
            amounts[j] = Money.dutyMicros(base, rate.rate());
        }
        return amounts;
    }
}
