package org.ptaflow.scenario;

import java.io.Serializable;
import java.util.List;
import org.ptaflow.tariffs.TaxRate;
import org.ptaflow.tariffs.TaxTable;

/**
 * One border tax of an importer beyond the customs duty (contract §3 {@code taxes:}, economics.md §6): its name, the
 * components of its base, whether it is creditable (computed, reported, counted in no revenue total) or waived by
 * the preference, and its rate table. Built by {@link ScenarioLoader}, which has checked that the base names only
 * {@code value}, {@code customs_duty} and taxes listed before this one, or {@code quantity} alone.
 *
 * <p>The base is also kept resolved ({@link #baseHasValue}, {@link #baseHasCustomsDuty}, {@link #baseTax}): the
 * cascade is computed per record and state, so it reads positions, not names.
 */
public final class BorderTax implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String VALUE = "value";
    public static final String CUSTOMS_DUTY = "customs_duty";
    public static final String QUANTITY = "quantity";

    private final String name;
    private final List<String> base;
    private final boolean creditable;
    private final boolean waivedByPreference;
    private final TaxTable rates;
    private final boolean baseHasValue;
    private final boolean baseHasCustomsDuty;
    /** Positions, in the importer's list, of the earlier taxes the base names. */
    private final int[] baseTaxes;

    BorderTax(String name, List<String> base, boolean creditable, boolean waivedByPreference, TaxTable rates,
            List<String> earlierTaxes) {
        this.name = name;
        this.base = List.copyOf(base);
        this.creditable = creditable;
        this.waivedByPreference = waivedByPreference;
        this.rates = rates;
        this.baseHasValue = base.contains(VALUE);
        this.baseHasCustomsDuty = base.contains(CUSTOMS_DUTY);
        this.baseTaxes = base.stream().filter(c -> !c.equals(VALUE) && !c.equals(CUSTOMS_DUTY)
                && !c.equals(QUANTITY)).mapToInt(earlierTaxes::indexOf).toArray();
    }

    public String name() {
        return name;
    }

    /**
     * Whether the two taxes are alike in everything a scenario says of them: name, base, credit, waiver and the same
     * table of rates (one object: {@link ScenarioLoader#loadAll} shares a file's table).
     */
    boolean sameAs(BorderTax other) {
        return other == this || (name.equals(other.name) && base.equals(other.base) && creditable == other.creditable
                && waivedByPreference == other.waivedByPreference && rates == other.rates);
    }

    /** The base's components as the scenario lists them. */
    public List<String> base() {
        return base;
    }

    /** Computed and reported, but counted in no revenue total (credited against income tax later). */
    public boolean creditable() {
        return creditable;
    }

    /** Removed by the agreement too: 0 where the record claims (statutory) or would be eligible (full preference). */
    public boolean waivedByPreference() {
        return waivedByPreference;
    }

    /** A tax per unit of quantity: its base is {@code [quantity]}. */
    public boolean specific() {
        return base.equals(List.of(QUANTITY));
    }

    /** The tax's own table of rates. */
    public TaxTable rates() {
        return rates;
    }

    /** The table's rate for the line on the day, or null when no row is in force (the tax is then 0). */
    public TaxRate rateOn(String hsCode, long epochDay) {
        return rates.rateOn(hsCode, epochDay);
    }

    public boolean baseHasValue() {
        return baseHasValue;
    }

    public boolean baseHasCustomsDuty() {
        return baseHasCustomsDuty;
    }

    /** How many earlier taxes the base names. */
    public int baseTaxCount() {
        return baseTaxes.length;
    }

    /** The position in the importer's list of the {@code i}-th earlier tax the base names. */
    public int baseTax(int i) {
        return baseTaxes[i];
    }

    @Override
    public String toString() {
        return name + " on " + base + (creditable ? ", creditable" : "")
                + (waivedByPreference ? ", waived by preference" : "");
    }
}
