package org.ptaflow.simulator;

import java.util.List;

/**
 * The flows the simulator draws from: Pakistan's and Azerbaijan's imports of the goods that matter for the PTA,
 * from each other and from the competing suppliers, so that both trade creation and trade diversion have something
 * to act on.
 *
 * <p>Calibration. Each flow's {@code annualUsd} is a rounded real-world order of magnitude and its
 * {@code meanConsignmentUsd} a typical customs line item (a container of rice ≈ USD 25k, a bulk lot of urea ≈ USD
 * 250–400k, a parcel of surgical instruments ≈ USD 5k). A record picks flow {@code i} with probability proportional
 * to {@code annualUsd / meanConsignmentUsd} and draws a value with mean {@code meanConsignmentUsd}, so in expectation
 * every flow keeps its share of total value. Absolute values scale with the record rate: at the default 2,000
 * records a simulated day the simulated year is about 40 times the catalogue (see {@link #scaleFactor(int)}).
 *
 * <p>Per simulated year at the default 2,000 records a day (the catalogue holds ≈ 19,000 real line items a year,
 * scale factor 38.4; values in USD, all procedures, of which 95% home use):
 * <table>
 *   <caption>Expected value per simulated year at default settings</caption>
 *   <tr><th>flow</th><th>catalogue (real)</th><th>simulated</th></tr>
 *   <tr><td>Pakistan → Azerbaijan</td><td>27.6 M</td><td>1,060 M</td></tr>
 *   <tr><td>others → Azerbaijan, same lines and excise lines</td><td>197.5 M</td><td>7,588 M</td></tr>
 *   <tr><td>Azerbaijan → Pakistan</td><td>20.0 M</td><td>768 M</td></tr>
 *   <tr><td>others → Pakistan, same lines</td><td>810 M</td><td>31,120 M</td></tr>
 * </table>
 * Shares, not levels, are the calibration: at about 52 records a simulated day the levels match the catalogue too.
 *
 * <p>Magnitudes, all rounded and illustrative:
 * <ul>
 *   <li>Pakistan → Azerbaijan ≈ USD 27M a year (UN Comtrade/WITS mirror data and press reporting put bilateral
 *       exports at USD 20–30M), half of it rice (HS 1006), then textiles (cotton fabrics, bed linen 6302, terry
 *       towels 630260, trousers), medicaments (3004), surgical instruments (9018), sports goods (9506, 4203),
 *       leather (4107), kinnow (080521), mangoes (080450), and a little cigarettes (240220, USD 0.3M,
 *       illustrative).</li>
 *   <li>Azerbaijan → Pakistan ≈ USD 20M: urea (310210) 80% of value, jet fuel (271019) 15%, polymers and
 *       aluminium the rest.</li>
 *   <li>Competitors: Azerbaijan's rice mostly from India, then Pakistan, Viet Nam, Thailand; textiles from Türkiye
 *       and China; medicaments from Germany, Türkiye, India; cigarettes from Türkiye and Russia, whisky from the UK,
 *       vodka from Russia (Azerbaijan's excise lines). Pakistan's urea from China, Qatar, Saudi Arabia, Oman;
 *       jet fuel from the UAE, Kuwait, Saudi Arabia; polymers from Saudi Arabia, China, the UAE; aluminium from the
 *       UAE and China.</li>
 * </ul>
 * Every line has a specific row in the library's MFN table of its importer (scenarios/tariffs), and every
 * beneficiary line is on the matching request list except Pakistani cigarettes (no concession on them: their rows
 * show the excise and VAT at MFN); a test checks both. Quantities are in {@code kg}, except on the excise lines,
 * which use the excise table's units ({@code l}, {@code 1000u} = thousands of pieces). {@code kg} is also the unit of
 * the library's tariff-rate quotas (rice into Azerbaijan, urea into Pakistan), so every claim on a quota line has a
 * request in the quota's unit; their volumes are sized on this catalogue (scenarios/README.md, "Tariff-rate
 * quotas"): change the rice or urea flows and the quotas together.
 */
public final class FlowCatalogue {

    private FlowCatalogue() {}

    private static final String PAK = "PAK";
    private static final String AZE = "AZE";

    private static final List<TradeFlow> FLOWS = List.of(
            // ---- Azerbaijan imports from Pakistan (the beneficiary flows of Azerbaijan's concessions) ----
            aze("PAK", "1006309800", "rice, milled", 13.5, 25_000, 1.05),
            aze("PAK", "5208120000", "cotton fabric, unbleached", 1.0, 20_000, 3.0),
            aze("PAK", "5209420000", "denim", 1.0, 25_000, 3.5),
            aze("PAK", "6302310000", "bed linen of cotton", 2.5, 15_000, 6.0),
            aze("PAK", "6302600000", "terry towels", 1.5, 12_000, 5.0),
            aze("PAK", "6203420000", "men's cotton trousers", 1.5, 10_000, 9.0),
            aze("PAK", "3004900000", "medicaments, retail packs", 2.5, 8_000, 40.0),
            aze("PAK", "9018900000", "surgical instruments", 1.2, 5_000, 60.0),
            aze("PAK", "9506620000", "inflatable balls (footballs)", 0.8, 6_000, 12.0),
            aze("PAK", "4203210000", "sports gloves of leather", 0.3, 4_000, 30.0),
            aze("PAK", "4107120000", "bovine leather, grain splits", 0.4, 15_000, 20.0),
            aze("PAK", "0805210000", "mandarins (kinnow)", 0.8, 12_000, 0.6),
            aze("PAK", "0804500000", "mangoes", 0.3, 8_000, 1.2),
            // ---- Azerbaijan imports of the same lines from others ----
            aze("IND", "1006309800", "rice, milled", 25.0, 30_000, 0.95),
            aze("VNM", "1006309800", "rice, milled", 5.0, 30_000, 0.65),
            aze("THA", "1006309800", "rice, milled", 3.0, 30_000, 0.75),
            aze("TUR", "5208120000", "cotton fabric, unbleached", 2.0, 20_000, 3.5),
            aze("CHN", "5208120000", "cotton fabric, unbleached", 1.5, 20_000, 2.8),
            aze("TUR", "5209420000", "denim", 1.5, 25_000, 4.0),
            aze("CHN", "5209420000", "denim", 1.0, 25_000, 3.2),
            aze("TUR", "6302310000", "bed linen of cotton", 4.0, 15_000, 7.0),
            aze("CHN", "6302310000", "bed linen of cotton", 3.0, 15_000, 5.0),
            aze("TUR", "6302600000", "terry towels", 2.0, 12_000, 6.0),
            aze("CHN", "6302600000", "terry towels", 1.0, 12_000, 4.5),
            aze("TUR", "6203420000", "men's cotton trousers", 6.0, 10_000, 10.0),
            aze("CHN", "6203420000", "men's cotton trousers", 5.0, 10_000, 6.0),
            aze("DEU", "3004900000", "medicaments, retail packs", 30.0, 20_000, 120.0),
            aze("TUR", "3004900000", "medicaments, retail packs", 25.0, 15_000, 60.0),
            aze("IND", "3004900000", "medicaments, retail packs", 15.0, 10_000, 30.0),
            aze("DEU", "9018900000", "surgical instruments", 5.0, 10_000, 150.0),
            aze("CHN", "9018900000", "surgical instruments", 4.0, 8_000, 40.0),
            aze("TUR", "9018900000", "surgical instruments", 2.0, 6_000, 70.0),
            aze("CHN", "9506620000", "inflatable balls (footballs)", 3.0, 6_000, 6.0),
            aze("TUR", "9506620000", "inflatable balls (footballs)", 1.0, 6_000, 10.0),
            aze("CHN", "4203210000", "sports gloves of leather", 0.5, 4_000, 20.0),
            aze("TUR", "4107120000", "bovine leather, grain splits", 1.0, 15_000, 22.0),
            aze("ITA", "4107120000", "bovine leather, grain splits", 0.5, 15_000, 35.0),
            aze("TUR", "0805210000", "mandarins (kinnow)", 5.0, 12_000, 0.7),
            aze("IND", "0804500000", "mangoes", 0.5, 8_000, 1.5),
            // ---- Pakistan imports from Azerbaijan (the beneficiary flows of Pakistan's concessions) ----
            pak("AZE", "31021000", "urea", 16.0, 250_000, 0.40),
            pak("AZE", "27101911", "jet fuel (JP-1)", 3.0, 150_000, 0.75),
            pak("AZE", "39021000", "polypropylene", 0.5, 50_000, 1.10),
            pak("AZE", "39011000", "polyethylene (LDPE)", 0.3, 50_000, 1.20),
            pak("AZE", "76011000", "aluminium, unwrought", 0.2, 60_000, 2.40),
            // ---- Pakistan imports of the same lines from others ----
            pak("CHN", "31021000", "urea", 100.0, 400_000, 0.38),
            pak("QAT", "31021000", "urea", 60.0, 400_000, 0.40),
            pak("SAU", "31021000", "urea", 40.0, 400_000, 0.40),
            pak("OMN", "31021000", "urea", 30.0, 400_000, 0.39),
            pak("ARE", "27101911", "jet fuel (JP-1)", 150.0, 500_000, 0.76),
            pak("KWT", "27101911", "jet fuel (JP-1)", 100.0, 500_000, 0.75),
            pak("SAU", "27101911", "jet fuel (JP-1)", 80.0, 500_000, 0.75),
            pak("SAU", "39021000", "polypropylene", 80.0, 60_000, 1.05),
            pak("CHN", "39021000", "polypropylene", 30.0, 60_000, 1.00),
            pak("SAU", "39011000", "polyethylene (LDPE)", 40.0, 50_000, 1.15),
            pak("ARE", "39011000", "polyethylene (LDPE)", 20.0, 50_000, 1.15),
            pak("ARE", "76011000", "aluminium, unwrought", 60.0, 80_000, 2.40),
            pak("CHN", "76011000", "aluminium, unwrought", 20.0, 80_000, 2.30),
            // ---- Azerbaijan's imports on its excise lines (specific excise per litre / per 1,000 pieces) ----
            // Quantities in the excise table's units, so that the excise has a base. Pakistani cigarettes are the
            // one beneficiary flow on no request list: it gives the excise (and the VAT on it) an impact row.
            aze("PAK", "2402200000", "cigarettes", 0.3, 15_000, 12.0, "1000u"),
            aze("TUR", "2402200000", "cigarettes", 20.0, 60_000, 25.0, "1000u"),
            aze("RUS", "2402200000", "cigarettes", 15.0, 60_000, 20.0, "1000u"),
            aze("GBR", "2208300000", "whisky", 4.0, 20_000, 9.0, "l"),
            aze("RUS", "2208601000", "vodka", 6.0, 20_000, 3.0, "l"));

    private static TradeFlow aze(String origin, String hs, String product, double musd, double consignment,
            double usdPerUnit) {
        return aze(origin, hs, product, musd, consignment, usdPerUnit, "kg");
    }

    private static TradeFlow aze(String origin, String hs, String product, double musd, double consignment,
            double usdPerUnit, String unit) {
        return new TradeFlow(AZE, origin, hs, product, musd * 1e6, consignment, usdPerUnit, unit);
    }

    private static TradeFlow pak(String origin, String hs, String product, double musd, double consignment,
            double usdPerUnit) {
        return new TradeFlow(PAK, origin, hs, product, musd * 1e6, consignment, usdPerUnit, "kg");
    }

    /** Every flow, in a fixed order (the order is part of the seed's meaning: do not reorder casually). */
    public static List<TradeFlow> flows() {
        return FLOWS;
    }

    /**
     * One flow per line of a scenario's concession lists, for an evaluation that needs many lines per HS section
     * (economics.md §8): the beneficiary selling the line to the importer (USD 1 M a year in consignments of USD
     * 20,000) and a competitor selling it too (USD 1 M; Türkiye into Azerbaijan, China into Pakistan and elsewhere),
     * both at 2 USD a kg. The declared line is the list's prefix padded with zeros to the importer's national length
     * (8 digits for Pakistan, 10 for the others). Illustrative volumes, the same for every line, so that what differs
     * between lines is the tariff and the response, not the size.
     */
    public static List<TradeFlow> concessionLines(org.ptaflow.scenario.Scenario scenario) {
        java.util.Map<String, TradeFlow> flows = new java.util.LinkedHashMap<>();
        for (org.ptaflow.scenario.Concession c : scenario.concessions()) {
            String competitor = c.importer().equals(AZE) ? "TUR" : "CHN";
            int digits = c.importer().equals(PAK) ? 8 : 10;
            for (String prefix : new java.util.TreeSet<>(c.lines().lines().keySet())) {
                String hs = (prefix + "0000000000").substring(0, digits);
                flows.putIfAbsent(c.importer() + c.beneficiary() + hs, new TradeFlow(c.importer(), c.beneficiary(),
                        hs, "line " + prefix, 1e6, 20_000, 2.0, "kg"));
                flows.putIfAbsent(c.importer() + competitor + hs, new TradeFlow(c.importer(), competitor, hs,
                        "line " + prefix, 1e6, 20_000, 2.0, "kg"));
            }
        }
        return List.copyOf(flows.values());
    }

    /** Real-world line items a year over the whole catalogue. */
    public static double recordsPerYear() {
        return FLOWS.stream().mapToDouble(TradeFlow::recordsPerYear).sum();
    }

    /**
     * Simulated value over real value, in expectation: a simulated year at {@code recordsPerSimulatedDay} carries
     * {@code scaleFactor × annualUsd} of each flow (all procedures; home use is {@code 1 − nonHomeUseShare} of it).
     */
    public static double scaleFactor(int recordsPerSimulatedDay) {
        return recordsPerSimulatedDay * 365.0 / recordsPerYear();
    }
}
