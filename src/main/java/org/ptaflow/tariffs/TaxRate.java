package org.ptaflow.tariffs;

import java.io.Serializable;

/**
 * The rate of a border tax on a line on a date (contract §2, economics.md §6): ad valorem, {@code rate} percent of
 * the tax's base; or specific, {@code rate} {@code currency} per {@code unit} of the record's quantity.
 *
 * @param rate percent (ad valorem) or amount per unit (specific), ≥ 0
 * @param unit the unit of quantity of a specific rate, null for an ad-valorem rate
 * @param currency the currency of a specific rate (ISO 4217), null for an ad-valorem rate
 */
public record TaxRate(double rate, String unit, String currency) implements Serializable {

    public static TaxRate adValorem(double percent) {
        return new TaxRate(percent, null, null);
    }

    /** True for an amount per unit of quantity. */
    public boolean specific() {
        return unit != null;
    }

    @Override
    public String toString() {
        return specific() ? rate + " " + currency + "/" + unit : rate + "%";
    }
}
