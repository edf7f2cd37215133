package org.ptaflow.simulator;

import java.time.LocalDate;
import java.util.Map;

/**
 * What the simulator writes as collected sales tax (Pakistan) and VAT (Azerbaijan): its own approximation of the
 * statutory amount, less a collection gap, so that the {@code collected} column of {@code taxes.csv} has something
 * to say (the gap TRIST works from).
 *
 * <p>The approximation knows the scenario library's rates for the catalogue's lines only, in USD:
 * {@code rate × (value × (1 + (duty + charges) / 100) + excise)}, where {@code duty} is the line's MFN rate (halved on
 * a record that claims the agreement: the library's 50% margin of preference at full staging), {@code charges} the
 * other ad-valorem taxes in the base (Pakistan's ACD and RD), {@code excise} Azerbaijan's specific excise on the
 * record's quantity at the library's AZN rate and the simulator's FX rate, and {@code rate} 18% (Pakistan's sales tax
 * 17% before 2023-02-15). The collected amount is that times {@code 1 − gap}, the gap uniform in 0..6% (mean 3%).
 * The simulator knows no scenario, so where the scenario's statutory amount differs from this approximation (staging
 * below full, a zero preferential rate, a preference on a line the approximation does not cut) the job's collection
 * gap is the simulator's gap plus that difference; the library's 2024-07-01 LDPE slab change is ignored (the 11% slab
 * throughout).
 */
final class CollectedTaxes {

    /** Share of home-use records that carry their tax's collected field; the rest leave it empty. */
    static final double SHARE = 0.6;
    /** Collection gap: uniform in [0, MAX_GAP). */
    static final double MAX_GAP = 0.06;
    /** Cut of the MFN duty on a claiming record (margin of preference 50%, fully staged). */
    static final double PREFERENCE_CUT = 0.5;

    private static final LocalDate PAK_SALES_TAX_18 = LocalDate.of(2023, 2, 15);
    private static final LocalDate AZE_CIGARETTE_EXCISE_30 = LocalDate.of(2025, 1, 1);

    /** HS6 → {MFN duty %, ACD + RD %} from the library's tables (scenarios/tariffs), PAK and AZE lines. */
    private static final Map<String, double[]> RATES = Map.ofEntries(
            // Pakistan: customs duty and ACD (chapter 31 and polymers 39.01, 39.02 exempt from ACD); no RD here
            Map.entry("PAK|310210", new double[] {3, 0}),
            Map.entry("PAK|271019", new double[] {11, 2}),
            Map.entry("PAK|390210", new double[] {11, 0}),
            Map.entry("PAK|390110", new double[] {11, 0}),
            Map.entry("PAK|760110", new double[] {3, 2}),
            // Azerbaijan: customs duty only
            Map.entry("AZE|100630", new double[] {15, 0}),
            Map.entry("AZE|520812", new double[] {15, 0}),
            Map.entry("AZE|520942", new double[] {15, 0}),
            Map.entry("AZE|630231", new double[] {15, 0}),
            Map.entry("AZE|630260", new double[] {15, 0}),
            Map.entry("AZE|620342", new double[] {15, 0}),
            Map.entry("AZE|300490", new double[] {5, 0}),
            Map.entry("AZE|901890", new double[] {15, 0}),
            Map.entry("AZE|950662", new double[] {15, 0}),
            Map.entry("AZE|420321", new double[] {15, 0}),
            Map.entry("AZE|410712", new double[] {5, 0}),
            Map.entry("AZE|080521", new double[] {15, 0}),
            Map.entry("AZE|080450", new double[] {15, 0}),
            Map.entry("AZE|220830", new double[] {15, 0}),
            Map.entry("AZE|220860", new double[] {15, 0}),
            Map.entry("AZE|240220", new double[] {15, 0}));

    private CollectedTaxes() {}

    /** The record field of the importer's general tax: {@code sales_tax_collected} or {@code vat_collected}. */
    static String fieldOf(String importer) {
        return importer.equals("PAK") ? "sales_tax_collected" : "vat_collected";
    }

    /**
     * Whether the simulator knows the library's rates of the line: every line of the catalogue; not the lines of a
     * scenario's concession lists ({@link FlowCatalogue#concessionLines}), whose records then carry no collected tax.
     */
    static boolean covers(String importer, String hsCode) {
        return RATES.containsKey(importer + "|" + hsCode.substring(0, 6));
    }

    /** The library's MFN duty and ad-valorem charges of a catalogue line, {duty %, charges %}. */
    static double[] ratesOf(String importer, String hsCode) {
        double[] r = RATES.get(importer + "|" + hsCode.substring(0, 6));
        if (r == null) {
            throw new IllegalStateException("no library rates for " + importer + " " + hsCode);
        }
        return r;
    }

    /** Azerbaijan's excise per unit of the flow's quantity, in AZN, on the date (0 off the excise lines). */
    static double excisePerUnitAzn(String importer, String hsCode, LocalDate date) {
        if (!importer.equals("AZE")) {
            return 0;
        }
        if (hsCode.startsWith("2208")) {
            return 5.00; // per litre
        }
        if (hsCode.startsWith("2402")) {
            return date.isBefore(AZE_CIGARETTE_EXCISE_30) ? 25.00 : 30.00; // per 1,000 pieces
        }
        return 0;
    }

    /**
     * The simulator's approximation of the statutory sales tax or VAT of a record, in USD.
     *
     * @param r the line's rates, {@link #ratesOf}
     */
    static double statutoryUsd(String importer, String hsCode, double[] r, double usd, double quantity,
            boolean claims, LocalDate date) {
        double duty = claims ? r[0] * (1 - PREFERENCE_CUT) : r[0];
        double excise = quantity * excisePerUnitAzn(importer, hsCode, date) * SimulatedFx.usdPerUnit("AZN", date);
        double rate = importer.equals("PAK") && date.isBefore(PAK_SALES_TAX_18) ? 0.17 : 0.18;
        return rate * (usd * (1 + (duty + r[1]) / 100) + (Double.isNaN(excise) ? 0 : excise));
    }
}
