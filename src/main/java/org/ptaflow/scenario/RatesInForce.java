package org.ptaflow.scenario;

import java.math.BigDecimal;

/**
 * Everything a scenario's tariff tables say about one customs record on its registration date, from one lookup
 * ({@link AmendedRates#inForce}): the FX rate of its currency, the MFN rate of its line, and the preferential rate
 * of the concession (staged, amendments applied) that the record's origin would get on that line.
 *
 * @param usdPerUnit USD per unit of the record's currency; null when the FX table has no rate on or before the date
 * @param mfnPercent the line's MFN rate in percent; NaN when no MFN row is in force
 * @param preferentialPercent the staged preferential rate in percent for the origin as beneficiary; NaN when no
 *     concession of the pair (importer, origin) covers the line or it is not yet in force
 */
public record RatesInForce(BigDecimal usdPerUnit, double mfnPercent, double preferentialPercent) {

    public boolean hasFxRate() {
        return usdPerUnit != null;
    }

    public boolean hasMfnRate() {
        return !Double.isNaN(mfnPercent);
    }
}
