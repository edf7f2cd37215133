package org.ptaflow.scenario;

/**
 * The rates in force of every scenario of a run for the key that decides them (importer, origin, line, currency,
 * day), remembered together under one key: the scenarios of a run ask for one record's key one after another, so one
 * probe finds all their rates, where a memory per scenario was probed once per scenario (with eight scenarios, a
 * tenth of the join's time). A scenario's rates for a key are looked up the first time it asks
 * ({@link AmendedRates#inForce}), so the answers are exactly the tables' and amendments'.
 *
 * <p>Built over the scenarios' {@link AmendedRates} of the moment: whoever holds it builds a new one when an
 * amendment rebuilds them. Not thread-safe: one per operator instance.
 */
public final class RunRates {
    private final AmendedRates[] scenarios;
    private final RecentRates recent = new RecentRates();

    /** The key asked for last, by reference (a record's own strings), and its rates: the next scenario's question. */
    private String lastImporter;
    private String lastOrigin;
    private String lastHsCode;
    private String lastCurrency;
    private long lastDay;
    private RatesInForce[] last;

    /** @param scenarios each scenario's rates, in the run's order */
    public RunRates(AmendedRates[] scenarios) {
        this.scenarios = scenarios.clone();
    }

    /** The rates in force of scenario {@code index} (the run's order) for a record of the key, as it answers them. */
    public RatesInForce inForce(int index, String importer, String origin, String hsCode, String currency,
            long epochDay) {
        if (importer == null || origin == null || hsCode == null || currency == null) {
            return scenarios[index].inForce(importer, origin, hsCode, currency, epochDay); // no key to remember it by
        }
        RatesInForce[] all = last;
        if (all == null || importer != lastImporter || origin != lastOrigin || hsCode != lastHsCode
                || currency != lastCurrency || epochDay != lastDay) {
            int slot = RecentRates.slot(importer, origin, hsCode, currency, epochDay);
            all = recent.get(slot, importer, origin, hsCode, currency, epochDay);
            if (all == null) {
                all = new RatesInForce[scenarios.length];
                recent.put(slot, importer, origin, hsCode, currency, epochDay, all);
            }
            lastImporter = importer;
            lastOrigin = origin;
            lastHsCode = hsCode;
            lastCurrency = currency;
            lastDay = epochDay;
            last = all;
        }
        RatesInForce rates = all[index];
        if (rates == null) {
            rates = scenarios[index].inForce(importer, origin, hsCode, currency, epochDay);
            all[index] = rates;
        }
        return rates;
    }
}
