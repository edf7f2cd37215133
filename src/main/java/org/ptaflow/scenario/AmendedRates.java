package org.ptaflow.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final boolean amended;

    public AmendedRates(Scenario scenario, Collection<TariffAmendment> amendments) {
        this.scenario = scenario;
        for (TariffAmendment a : amendments) {
            switch (a.kind) {
                case TariffAmendment.MFN -> mfn.computeIfAbsent(a.importer, k -> new HashMap<>())
                        .computeIfAbsent(a.hsPrefix, k -> new ArrayList<>()).add(a);
                case TariffAmendment.CONCESSION -> concession.computeIfAbsent(pair(a.importer, a.beneficiary),
                        k -> new HashMap<>()).computeIfAbsent(a.hsPrefix, k -> new ArrayList<>()).add(a);
                case TariffAmendment.STAGING -> staging.computeIfAbsent(pair(a.importer, a.beneficiary),
                        k -> new ArrayList<>()).add(a);
                default -> throw new IllegalArgumentException("unknown amendment kind " + a.kind);
            }
        }
        this.amended = !amendments.isEmpty();
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * The rates in force for a record on its date, in one call: FX for its currency, MFN for its line, and the
     * preferential rate its origin gets as beneficiary (NaN when the origin is not a beneficiary of the importer).
     */
    public RatesInForce inForce(String importer, String origin, String hsCode, String currency, long epochDay) {
        double mfn = mfnRate(importer, hsCode, epochDay);
        return new RatesInForce(scenario.usdPerUnit(currency, epochDay), mfn,
                preferentialRate(importer, origin, hsCode, epochDay, mfn));
    }

    public double mfnRate(String importer, String hsCode, long epochDay) {
        if (amended) {
            TariffAmendment a = longestInForce(mfn.get(importer), hsCode, epochDay);
            if (a != null) {
                return a.rate;
            }
        }
        return scenario.mfnRate(importer, hsCode, epochDay);
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
