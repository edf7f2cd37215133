package org.ptaflow.scenario;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptaflow.tariffs.FxTable;
import org.ptaflow.tariffs.MfnSchedule;
import org.ptaflow.tariffs.TaxRate;

/**
 * A scenario's rates with the amendments received while the job runs laid over them ({@link TariffAmendment}).
 * Without amendments it answers exactly as the scenario does. Amendments are few (negotiators' changes, not
 * tables), so each lookup probes the line's prefixes in a small map per importer or pair.
 */
public final class AmendedRates {
    private final Scenario scenario;
    /** importer → hs prefix → amendments of kind mfn. */
    private final Map<String, Map<String, List<TariffAmendment>>> mfn = new HashMap<>();
    /** importer|beneficiary → hs prefix → amendments of kind concession. */
    private final Map<String, Map<String, List<TariffAmendment>>> concession = new HashMap<>();
    /** importer|beneficiary → amendments of kind staging. */
    private final Map<String, List<TariffAmendment>> staging = new HashMap<>();
    /** importer|tax → hs prefix → amendments of kind tax. */
    private final Map<String, Map<String, List<TariffAmendment>>> tax = new HashMap<>();
    private final boolean amended;
    /** The national tables' answers, shared with the other scenarios of the operator. */
    private final SharedTableLookups tables;

    public AmendedRates(Scenario scenario, Collection<TariffAmendment> amendments) {
        this(scenario, amendments, new SharedTableLookups());
    }

    /**
     * @param tables the lookups shared by the scenarios of one operator instance (scenarios that name the same file
     *     hold the same table, and then find each other's answers)
     */
    public AmendedRates(Scenario scenario, Collection<TariffAmendment> amendments, SharedTableLookups tables) {
        this.scenario = scenario;
        this.tables = tables;
        for (TariffAmendment a : amendments) {
            switch (a.kind) {
                case TariffAmendment.MFN -> mfn.computeIfAbsent(a.importer, k -> new HashMap<>())
                        .computeIfAbsent(a.hsPrefix, k -> new ArrayList<>()).add(a);
                case TariffAmendment.CONCESSION -> concession.computeIfAbsent(pair(a.importer, a.beneficiary),
                        k -> new HashMap<>()).computeIfAbsent(a.hsPrefix, k -> new ArrayList<>()).add(a);
                case TariffAmendment.STAGING -> staging.computeIfAbsent(pair(a.importer, a.beneficiary),
                        k -> new ArrayList<>()).add(a);
                case TariffAmendment.TAX -> {
                    // One the scenario cannot take (see Scenario#amendmentProblem) was refused on arrival; a
                    // restored one is checked again rather than trusted.
                    if (scenario.amendmentProblem(a) == null) {
                        tax.computeIfAbsent(pair(a.importer, a.tax), k -> new HashMap<>())
                                .computeIfAbsent(a.hsPrefix, k -> new ArrayList<>()).add(a);
                    }
                }
                case TariffAmendment.QUOTA -> {
                    // A new quota volume changes no rate: the quota allocation reads it, the rates ignore it.
                }
                default -> throw new IllegalArgumentException("unknown amendment kind " + a.kind);
            }
        }
        this.amended = !amendments.isEmpty();
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Whether amendments change any of the scenario's rates (its tables alone answer otherwise). */
    public boolean amended() {
        return amended;
    }

    /**
     * The rates in force for a record on its date, in one call: FX for its currency, MFN for its line, the
     * preferential rate its origin gets as beneficiary (NaN when the origin is not a beneficiary of the importer),
     * its border taxes and the quota that holds its line for its origin. From the tables and amendments every time
     * (through the shared table lookups): the join and the text check remember the answers of all their scenarios
     * together ({@link RunRates}). Not thread-safe: one instance per subtask.
     */
    public RatesInForce inForce(String importer, String origin, String hsCode, String currency, long epochDay) {
        double mfn = mfnRate(importer, hsCode, epochDay);
        BigDecimal usdPerUnit = usdPerUnit(currency, epochDay);
        double pref = preferentialRate(importer, origin, hsCode, epochDay, mfn);
        // No amendment moves a line into or out of a quota (a quota amendment changes its volume only).
        Quota quota = scenario.quotaFor(importer, origin, hsCode);
        List<BorderTax> taxes = scenario.taxes(importer);
        if (taxes.isEmpty()) {
            return new RatesInForce(usdPerUnit, mfn, pref, quota);
        }
        int n = taxes.size();
        TaxRate[] rates = new TaxRate[n];
        BigDecimal[] taxUsdPerUnit = new BigDecimal[n];
        for (int j = 0; j < n; j++) {
            TaxRate rate = taxRate(importer, taxes.get(j), hsCode, epochDay);
            rates[j] = rate;
            if (rate != null && rate.specific()) {
                taxUsdPerUnit[j] = rate.currency().equals(currency) ? usdPerUnit
                        : usdPerUnit(rate.currency(), epochDay);
            }
        }
        return new RatesInForce(usdPerUnit, mfn, pref, taxes, rates, taxUsdPerUnit, quota);
    }

    /**
     * The rate of one of the importer's taxes for the line on the day: an amendment of kind tax in force for it
     * (longest prefix, then latest from), else the tax's own table; null when neither has a row in force (the tax
     * is then 0). An MFN amendment does not move it: each tax follows its own table.
     */
    public TaxRate taxRate(String importer, BorderTax borderTax, String hsCode, long epochDay) {
        if (amended) {
            TariffAmendment a = longestInForce(tax.get(pair(importer, borderTax.name())), hsCode, epochDay);
            if (a != null) {
                return a.specific() ? new TaxRate(a.rate, a.unit, a.currency) : TaxRate.adValorem(a.rate);
            }
        }
        return tables.taxRate(borderTax.rates(), hsCode, epochDay);
    }

    /** {@link Scenario#usdPerUnit}, through the shared lookups. */
    private BigDecimal usdPerUnit(String currency, long epochDay) {
        if ("USD".equals(currency)) {
            return BigDecimal.ONE;
        }
        FxTable fx = scenario.fxTable();
        return fx == null ? null : tables.usdPerUnit(fx, currency, epochDay);
    }

    public double mfnRate(String importer, String hsCode, long epochDay) {
        if (amended) {
            TariffAmendment a = longestInForce(mfn.get(importer), hsCode, epochDay);
            if (a != null) {
                return a.rate;
            }
        }
        MfnSchedule schedule = scenario.mfnSchedule(importer);
        return schedule == null ? Double.NaN : tables.mfnRate(schedule, hsCode, epochDay);
    }

    public double preferentialRate(String importer, String beneficiary, String hsCode, long epochDay,
            double mfnRate) {
        if (!amended || Double.isNaN(mfnRate)) {
            return scenario.preferentialRate(importer, beneficiary, hsCode, epochDay, mfnRate);
        }
        String pair = pair(importer, beneficiary);
        TariffAmendment line = longestInForce(concession.get(pair), hsCode, epochDay);
        if (line != null) {
            return Math.min(line.rate, mfnRate);
        }
        TariffAmendment stage = latestInForce(staging.get(pair), epochDay);
        if (stage != null) {
            double t1 = scenario.fullCutRate(importer, beneficiary, hsCode, mfnRate);
            return Double.isNaN(t1) ? Double.NaN : mfnRate + stage.fraction * (t1 - mfnRate);
        }
        return scenario.preferentialRate(importer, beneficiary, hsCode, epochDay, mfnRate);
    }

    private static TariffAmendment longestInForce(Map<String, List<TariffAmendment>> byPrefix, String hsCode,
            long epochDay) {
        if (byPrefix == null) {
            return null;
        }
        for (int len = Math.min(10, hsCode.length()); len >= 2; len--) {
            TariffAmendment a = latestInForce(byPrefix.get(hsCode.substring(0, len)), epochDay);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static TariffAmendment latestInForce(List<TariffAmendment> candidates, long epochDay) {
        if (candidates == null) {
            return null;
        }
        TariffAmendment best = null;
        for (TariffAmendment a : candidates) {
            if (a.inForce(epochDay) && (best == null || a.fromDay > best.fromDay)) {
                best = a;
            }
        }
        return best;
    }

    private static String pair(String importer, String beneficiary) {
        return importer + '|' + beneficiary;
    }
}
