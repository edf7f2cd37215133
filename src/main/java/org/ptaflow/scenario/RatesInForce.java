package org.ptaflow.scenario;

import java.math.BigDecimal;
import java.util.List;
import org.ptaflow.tariffs.TaxRate;

/**
 * Everything a scenario's tariff tables say about one customs record on its registration date, from one lookup
 * ({@link AmendedRates#inForce}): the FX rate of its currency, the MFN rate of its line, the preferential rate
 * of the concession (staged, amendments applied) that the record's origin would get on that line, and the rate of
 * each of the importer's border taxes (economics.md §6); and the tariff-rate quota, if any, that holds the line for
 * the record's origin (economics.md §7).
 *
 * <p>One instance answers every record of the same key ({@link RunRates} remembers it): its arrays are
 * read, never written.
 *
 * @param usdPerUnit USD per unit of the record's currency; null when the FX table has no rate on or before the date
 * @param mfnPercent the line's MFN rate in percent; NaN when no MFN row is in force
 * @param preferentialPercent the staged preferential rate in percent for the origin as beneficiary; NaN when no
 *     concession of the pair (importer, origin) covers the line or it is not yet in force
 * @param taxes the importer's border taxes in list order; empty when it has none
 * @param taxRates per tax (same index), its rate on the line and date; a null entry when no row is in force (the
 *     tax is then 0)
 * @param taxUsdPerUnit per tax, USD per unit of a specific rate's currency on the date; null for an ad-valorem tax,
 *     a tax without a rate in force, or a currency the FX table has no rate for
 * @param quota the tariff-rate quota that holds the line for the record's origin ({@link Scenario#quotaFor}), or
 *     null; whether the record draws on it depends on the record (home use, eligible)
 */
public record RatesInForce(BigDecimal usdPerUnit, double mfnPercent, double preferentialPercent,
        List<BorderTax> taxes, TaxRate[] taxRates, BigDecimal[] taxUsdPerUnit, Quota quota) {

    private static final TaxRate[] NO_RATES = new TaxRate[0];
    private static final BigDecimal[] NO_FX = new BigDecimal[0];

    /** Rates of an importer without border taxes. */
    public RatesInForce(BigDecimal usdPerUnit, double mfnPercent, double preferentialPercent, Quota quota) {
        this(usdPerUnit, mfnPercent, preferentialPercent, List.of(), NO_RATES, NO_FX, quota);
    }

    public boolean hasFxRate() {
        return usdPerUnit != null;
    }

    public boolean hasMfnRate() {
        return !Double.isNaN(mfnPercent);
    }

    /**
     * The position of the first specific tax in force whose rate's currency has no FX rate on the date, or -1: such
     * a record cannot be taxed, and is rejected for the scenario ({@code no_fx_rate}).
     */
    public int specificTaxWithoutFxRate() {
        for (int j = 0; j < taxRates.length; j++) {
            if (taxRates[j] != null && taxRates[j].specific() && taxUsdPerUnit[j] == null) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The position of the first specific tax in force whose base the record cannot give (contract §3,
     * {@code no_tax_base}): no quantity, or a unit other than the rate's (compared case-insensitively); -1 when none.
     */
    public int specificTaxWithoutBase(BigDecimal quantity, String unit) {
        for (int j = 0; j < taxRates.length; j++) {
            TaxRate rate = taxRates[j];
            if (rate != null && rate.specific() && (quantity == null || !rate.unit().equalsIgnoreCase(unit))) {
                return j;
            }
        }
        return -1;
    }
}
