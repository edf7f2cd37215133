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
    /** Whether the row's scenario lists border taxes for any importer (its rows then have lines in taxes.csv). */
    public boolean scenarioHasTaxes;
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

    /** The importer's border taxes in list order (economics.md §6); empty, never null, when it has none. */
    public String[] taxNames = new String[0];
    /** Per tax (same index): creditable, so counted in no total. */
    public boolean[] taxCreditable = new boolean[0];
    /** Per tax: ΔTR_j, its estimated revenue change (economics.md §6 "Estimated"); NaN without beneficiary imports. */
    public double[] taxRevenueChange = new double[0];
    /** ΔTR + Σ ΔTR_j over non-creditable taxes; equal to {@link #revenueChange} without taxes. */
    public double totalRevenueChange;
    /** Bands of {@link #totalRevenueChange} over the same draws as the others' when {@link #hasBands}; else NaN. */
    public double totalRevenueChangeP05, totalRevenueChangeP50, totalRevenueChangeP95;

    public ImpactRow() {}

    /** Σ over non-creditable taxes of the beneficiary's tax at MFN, micro-USD; 0 without taxes. */
    public long taxesAtMfn() {
        return nonCreditableSum(sums == null ? null : sums.taxAtMfn);
    }

    /** Σ over non-creditable taxes of the beneficiary's statutory tax, micro-USD; 0 without taxes. */
    public long taxesStatutory() {
        return nonCreditableSum(sums == null ? null : sums.taxStatutory);
    }

    /** The non-creditable taxes forgone: {@link #taxesAtMfn} − {@link #taxesStatutory}, micro-USD. */
    public long taxesForgone() {
        return Math.subtractExact(taxesAtMfn(), taxesStatutory());
    }

    /** The duty's revenue forgone plus the non-creditable taxes' (economics.md §6), micro-USD. */
    public long totalRevenueForgone() {
        return Math.addExact(sums.revenueForgone(), taxesForgone());
    }

    private long nonCreditableSum(long[] perTax) {
        if (perTax == null || taxCreditable == null) {
            return 0;
        }
        long total = 0;
        for (int j = 0; j < perTax.length; j++) {
            if (!taxCreditable[j]) {
                total = Math.addExact(total, perTax[j]);
            }
        }
        return total;
    }

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
