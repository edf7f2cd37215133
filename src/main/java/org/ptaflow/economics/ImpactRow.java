package org.ptaflow.economics;

/**
 * One output row of contract §4: what happened and what the scenario estimates, per scenario, window, importer,
 * beneficiary and HS6. Money is exact micro-USD ({@link Money}); rates are percent; estimates are USD doubles
 * computed from the exact sums when the window fires. NaN stands for an empty field (a ratio over zero, or bands
 * when uncertainty is off). A Flink POJO.
 */
public class ImpactRow {
    public String scenario;
    /** Window start and end, epoch milliseconds UTC (end exclusive). */
    public long windowStart;
    public long windowEnd;
    public String importer;
    public String beneficiary;
    public String hs6;
    /**
     * True when the watermark has passed the window's end: the row is final (a late record within the allowed
     * lateness may still replace it). False for an early update of a window still open.
     */
    public boolean finalRow;

    public long records;
    public long valueBeneficiary;
    public long valueOthers;
    public long dutiableValue;
    public long eligibleValue;
    public long preferentialValue;
    public double utilization;
    public double t0;
    public double t1;
    public long dutyAtMfn;
    public long dutyStatutory;
    public long revenueForgone;

    public double tradeCreation;
    public double tradeDiversion;
    public double tradeEffect;
    public double revenueChange;
    public double welfare;

    /** True when the scenario has uncertainty on and the p05/p50/p95 fields hold bands. */
    public boolean hasBands;
    public double tradeCreationP05, tradeCreationP50, tradeCreationP95;
    public double tradeDiversionP05, tradeDiversionP50, tradeDiversionP95;
    public double revenueChangeP05, revenueChangeP50, revenueChangeP95;

    public ImpactRow() {}

    /** The row's identity: a later row with the same key replaces an earlier one (early updates, late firings). */
    public String key() {
        return scenario + '|' + windowStart + '|' + importer + '|' + beneficiary + '|' + hs6;
    }

    @Override
    public String toString() {
        return "ImpactRow{" + key() + (finalRow ? " final" : " early") + " records=" + records + " Mk="
                + Money.format(valueBeneficiary) + " MK=" + Money.format(valueOthers) + "}";
    }
}
