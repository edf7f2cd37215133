package org.ptaflow.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.sinks.ImpactCsv;
import org.ptaflow.sinks.QuotaColumns;
import org.ptaflow.sinks.QuotaOutputsTest;
import org.ptaflow.sinks.TaxColumns;
import org.ptaflow.sinks.TaxLine;
import org.ptaflow.sinks.TaxOutputsTest;

/**
 * What the page is given (the view), without a browser: money in whole USD rounded half-even from the exact sums,
 * rates and counts as they are, and the revenue by tax (duty, sales tax/VAT, other, total) of a window. The
 * browser test checks that the page shows these; this one checks the figures themselves, worked by hand.
 */
class DashboardViewTest {

    static DashboardRow impactRow(ImpactRow r) {
        return DashboardRow.of(List.of(ImpactCsv.header(false).split(",")), ImpactCsv.line(r, false).split(",", -1),
                r.finalRow);
    }

    static List<DashboardRow> taxLines(ImpactRow r) {
        List<DashboardRow> lines = new ArrayList<>();
        for (TaxLine l : TaxLine.of(r)) {
            lines.add(DashboardRow.of(List.of(TaxColumns.header().split(",")), TaxColumns.line(l).split(",", -1),
                    r.finalRow));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> onlyWindow(Map<String, Object> view) {
        List<Map<String, Object>> windows = (List<Map<String, Object>>) view.get("windows");
        assertEquals(1, windows.size(), view.toString());
        return windows.get(0);
    }

    static Map<String, Object> view(List<DashboardRow> rows, List<DashboardRow> taxLines, String scenario,
            String importer, String beneficiary) {
        return DashboardView.view(rows, taxLines, scenario, importer, beneficiary, Nomenclature.builtIn(), Map.of(),
                Instant.parse("2024-04-02T00:00:00Z"));
    }

    @Test
    void moneyIsShownInWholeUsdRoundedHalfEven() {
        assertEquals("40494817", DashboardView.wholeUsd(new BigDecimal("40494816.633505")));
        assertEquals("2", DashboardView.wholeUsd(new BigDecimal("2.5")));
        assertEquals("4", DashboardView.wholeUsd(new BigDecimal("3.5")));
        assertEquals("-121824", DashboardView.wholeUsd(new BigDecimal("-121824.104")));
        assertEquals("0", DashboardView.wholeUsd(new BigDecimal("-0.4")), "never -0");
        assertEquals("", DashboardView.wholeUsd(""), "an estimate not defined stays empty");
    }

    /**
     * Rice into AZE from PAK, MFN 20 % and preference 0 %, all claimed: value 202,474,083.166525 USD, so the duty
     * forgone is 0.2 × that = 40,494,816.633305 USD (the micro-dollars), shown 40,494,817.
     */
    @Test
    void theWindowTheRowsAndTheChaptersShowWholeUsdAndRatesAsTheyAre() {
        ImpactRow r = new ImpactRow();
        r.key = new ImpactKey("pta", "AZE", "PAK", "100630");
        r.windowStart = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        r.windowEnd = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
        r.finalRow = true;
        r.sums = WindowSums.ofBeneficiaryRecord(202_474_083_166_525L, 20, 0, true);
        r.revenueChange = -121824.104;
        r.totalRevenueChange = r.revenueChange;
        Map<String, Object> view = view(List.of(impactRow(r)), List.of(), "pta", "AZE", "PAK");
        Map<String, Object> w = onlyWindow(view);
        assertEquals("40494817", w.get("revenue_forgone"));
        assertEquals("40494817", w.get("total_revenue_forgone"), "no taxes: the duty's");
        assertEquals("202474083", w.get("value_beneficiary"));
        assertEquals("-121824", w.get("revenue_change"));
        assertEquals("1", w.get("records"), "a count as it is");
        assertEquals("1", w.get("utilization"), "a ratio as it is");
        @SuppressWarnings("unchecked")
        Map<String, String> row = ((List<Map<String, String>>) view.get("rows")).get(0);
        assertEquals("40494817", row.get("revenue_forgone"));
        assertEquals("40494817", row.get("duty_at_mfn"));
        assertEquals("0", row.get("taxes_forgone"));
        assertEquals("20", row.get("t0"), "a rate is not money");
        assertEquals("100630", row.get("hs6"));
        @SuppressWarnings("unchecked")
        Map<String, String> chapter = ((List<Map<String, String>>) view.get("chapters")).get(0);
        assertEquals("40494817", chapter.get("revenue_forgone"));
        // Without tax lines the window's only tax is the customs duty, from the rows.
        assertEquals(List.of(Map.of("tax", "customs_duty", "group", "duty", "creditable", "false",
                "at_mfn", "40494817", "statutory", "0", "forgone", "40494817", "collected", "",
                "revenue_change", "-121824")), w.get("taxes"));
        assertEquals("0", w.get("sales_tax_vat_forgone"));
        assertEquals("0", w.get("other_taxes_forgone"));
    }

    /**
     * Two HS6 rows of worked case P (TaxOutputsTest.caseP: per row, duty forgone 80,000, sales tax 14,400,
     * creditable withholding 5,192; collected duty 79,500.50, sales tax 190,000.25, withholding none). The window:
     * duty forgone 160,000, sales tax/VAT 28,800, other taxes 0, total 188,800 (the withholding in no total);
     * collected duty 159,001, sales tax 380,000.50 → 380,000 (half-even), withholding empty.
     */
    @Test
    void revenueByTaxOfAWindowStacksTheDutySalesTaxAndOtherUpToTheTotal() {
        ImpactRow cars = TaxOutputsTest.caseP("870323", true);
        ImpactRow beef = TaxOutputsTest.caseP("020130", true);
        List<DashboardRow> lines = new ArrayList<>(taxLines(cars));
        lines.addAll(taxLines(beef));
        Map<String, Object> w = onlyWindow(view(List.of(impactRow(cars), impactRow(beef)), lines, "pk-az", "PAK",
                "AZE"));
        assertEquals("160000", w.get("revenue_forgone"));
        assertEquals("28800", w.get("sales_tax_vat_forgone"));
        assertEquals("0", w.get("other_taxes_forgone"));
        assertEquals("188800", w.get("total_revenue_forgone"));
        assertEquals("28800", w.get("taxes_forgone"));
        // Revenue change: duty 2 × −2.439024 → −5; sales tax 2 × 0.010976 → 0; total 2 × −2.428049 → −5.
        assertEquals("-5", w.get("revenue_change"));
        assertEquals("0", w.get("sales_tax_vat_change"));
        assertEquals("-5", w.get("total_revenue_change"));
        assertEquals(List.of(
                Map.of("tax", "customs_duty", "group", "duty", "creditable", "false", "at_mfn", "320000",
                        "statutory", "160000", "forgone", "160000", "collected", "159001", "revenue_change", "-5"),
                Map.of("tax", "sales_tax", "group", "sales_tax_vat", "creditable", "false", "at_mfn", "417600",
                        "statutory", "388800", "forgone", "28800", "collected", "380000", "revenue_change", "0"),
                Map.of("tax", "withholding_tax", "group", "other", "creditable", "true", "at_mfn", "150568",
                        "statutory", "140184", "forgone", "10384", "collected", "", "revenue_change", "1")),
                w.get("taxes"));
    }

    /** An output folder of a version before the tax columns: its totals are the duty's (no taxes then). */
    @Test
    void rowsWithoutTheTaxColumnsHaveTheDutyAsTheirTotals() {
        List<String> header = List.of(ImpactCsv.header(false).split(",")).subList(0, 23);
        assertEquals("welfare", header.get(22));
        DashboardRow old = DashboardRow.of(header, ("pta,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,AZE,PAK,100630,1,"
                + "1000,0,1000,1000,1000,1,20,0,200,0,200,10,0,10,-150.5,1").split(","), true);
        Map<String, Object> w = onlyWindow(view(List.of(old), List.of(), "pta", "AZE", "PAK"));
        assertEquals("200", w.get("total_revenue_forgone"));
        assertEquals("-150", w.get("total_revenue_change"), "half-even");
        assertEquals("0", w.get("other_taxes_forgone"));
        assertEquals("0", w.get("other_taxes_change"));
    }

    @Test
    void aTaxIsGroupedByTheWordsOfItsName() {
        for (String sales : Arrays.asList("sales_tax", "vat", "VAT", "import_vat", "gst")) {
            assertEquals(DashboardView.SALES_TAX_VAT, DashboardView.group(sales), sales);
        }
        for (String other : Arrays.asList("acd", "rd", "excise", "withholding_tax", "salesman_levy", "private")) {
            assertEquals(DashboardView.OTHER, DashboardView.group(other), other);
        }
        assertEquals(DashboardView.DUTY, DashboardView.group("customs_duty"));
    }

    static DashboardRow quotaDay(org.ptaflow.quotas.QuotaStatus q) {
        return DashboardRow.of(List.of(QuotaColumns.header().split(",")), QuotaColumns.line(q).split(",", -1), true);
    }

    /**
     * The quota panel's figures: the rows of QuotaOutputsTest (100 kg of tea, 90 kg on 10 February, critical; 9.999
     * kg on 11 February, exhausted with 0.001 kg left) given in reverse order; the latest day is the 11th whatever
     * the order, fill 0.99999 is 99.999 % (not a rounded 100 %), the exhaustion date is marked once, the critical
     * level and unit come from the scenario. A quota the scenario names without claims is listed as such, and
     * another scenario's quota is not shown.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theQuotaPanelHasEachQuotasDaysAndLatestStatus() {
        org.ptaflow.quotas.QuotaStatus elsewhere = QuotaOutputsTest.tea10Feb();
        elsewhere.scenario = "pk-az";
        List<DashboardRow> days = List.of(quotaDay(QuotaOutputsTest.tea11Feb()), quotaDay(elsewhere),
                quotaDay(QuotaOutputsTest.tea10Feb()));
        Map<QuotaColumns.Key, Dashboard.QuotaFacts> facts = Map.of(
                new QuotaColumns.Key("pk-lk", "tea"), new Dashboard.QuotaFacts("kg", 0.9),
                new QuotaColumns.Key("pk-lk", "rice"), new Dashboard.QuotaFacts("t", 0.75));

        List<Map<String, Object>> quotas = DashboardView.quotas(days, "pk-lk", facts);

        assertEquals(List.of("rice", "tea"), quotas.stream().map(q -> q.get("quota")).toList());
        Map<String, Object> rice = quotas.get(0);
        assertEquals("no claims yet", rice.get("status"));
        assertEquals("0.75", rice.get("critical_at"));
        assertEquals(List.of(), rice.get("days"));
        Map<String, Object> tea = quotas.get(1);
        assertEquals("exhausted", tea.get("status"));
        assertEquals("2025-02-11", tea.get("day"));
        assertEquals("2025-02-11", tea.get("exhausted_on"));
        assertEquals("0.001", tea.get("balance"));
        assertEquals("0.99999", tea.get("fill"));
        assertEquals("99.999", tea.get("fill_percent"));
        assertEquals("kg", tea.get("unit"));
        assertEquals("0.9", tea.get("critical_at"));
        assertEquals("2025-01-01T00:00:00Z", tea.get("period_start"));
        assertEquals(List.of("2025-02-11"), tea.get("exhaustions"));
        List<Map<String, String>> series = (List<Map<String, String>>) tea.get("days");
        assertEquals(List.of("2025-02-10", "2025-02-11"), series.stream().map(d -> d.get("day")).toList());
        assertEquals(List.of("0.9", "0.99999"), series.stream().map(d -> d.get("fill")).toList());
        assertEquals(List.of("critical", "exhausted"), series.stream().map(d -> d.get("status")).toList());

        assertEquals("", DashboardView.quotas(days, "pk-az", Map.of()).get(0).get("critical_at"),
                "without the scenario the critical level is not known");
    }

    /** A quantity that came over Kafka as a JSON number may have lost its trailing zeros: shown with 3 decimals. */
    @Test
    @SuppressWarnings("unchecked")
    void aQuotaDayFromTheTopicShowsItsQuantitiesWithThreeDecimals() {
        ImpactTopicRows reader = new ImpactTopicRows(
                new ImpactTopicRows.Connection("unused:9092", "i", "t", "q", new java.util.Properties()),
                new ImpactRowsStore());
        DashboardRow day = reader.quotaDay(("{\"scenario\":\"pk-lk\",\"quota\":\"tea\",\"period_start\":"
                + "\"2025-01-01T00:00:00Z\",\"period_end\":\"2026-01-01T00:00:00Z\",\"day\":\"2025-02-10\","
                + "\"requested\":90.0,\"allocated\":90,\"balance\":10.0,\"fill\":0.9,\"status\":\"critical\","
                + "\"exhausted_on\":null}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> tea = DashboardView.quotas(List.of(day), "pk-lk", Map.of()).get(0);
        assertEquals("10.000", tea.get("balance"));
        assertEquals("90.000", tea.get("allocated"));
        assertEquals("", tea.get("exhausted_on"), "null: not exhausted");
        assertEquals(null, reader.quotaDay("{\"scenario\":\"pk-lk\",\"quota\":\"tea\",\"day\":\"soon\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "a day that is no date: not a quota day");
    }
}
