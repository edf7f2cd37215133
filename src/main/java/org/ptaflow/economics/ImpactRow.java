package org.ptaflow.economics;

/**
 * One output row of contract §4: what happened and what the scenario estimates, per scenario, window, importer,
 * beneficiary and HS6. The measured columns are read from the window's exact sums ({@link #sums}: money in
 * micro-USD, see {@link Money}; the rates and utilisation derived there); the estimates are USD doubles computed
 * from those sums when the window fires. NaN stands for an empty field (a ratio over zero, or bands when
 * uncertainty is off). The columns as written are listed once, in {@code org.ptaflow.sinks.ImpactColumns}.
 * A Flink POJO.
 */
public class ImpactRow {
    public ImpactKey key;
    /** Window start and end, epoch milliseconds UTC (end exclusive). */
    public long windowStart;
    public long windowEnd;
    /**
     * True when the watermark has passed the window's end: the row is final (a late record within the allowed
     * lateness may still replace it). False for an early update of a window still open.
     */
    public boolean finalRow;

    /** The window's sums for this key (a copy: the window goes on adding to its own). */
    public WindowSums sums;

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

    /** The row's identity: a later row with the same key and window replaces an earlier one (early updates, late firings). */
    public ImpactKey.InWindow keyInWindow() {
        return key.inWindow(windowStart);
    }

    @Override
    public String toString() {
        return "ImpactRow{" + key + " from " + java.time.Instant.ofEpochMilli(windowStart)
                + (finalRow ? " final" : " early") + " " + sums + "}";
    }
}
