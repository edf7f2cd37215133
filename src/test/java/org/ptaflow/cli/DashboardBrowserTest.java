package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.ptaflow.dashboard.Dashboard;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.pipeline.ImpactPipelineTest;
import org.ptaflow.sinks.JobOutput;
import org.ptaflow.sinks.OutputFolder;

/**
 * The dashboard in a real browser (Debian's headless Chromium through Selenium and the system chromedriver): the
 * numbers it shows for a scenario, direction and window are the sums of the impact rows a backtest wrote for them;
 * switching scenario shows the other's numbers; data (a scenario title, an HS description) holding
 * {@code <script>} is shown as text; a live run's page changes as rows arrive, without a reload. Skipped, with a
 * message, where Chromium is not installed. The screenshot goes to {@code target/screenshots/dashboard.png}.
 * Money is shown in whole USD (the rows' exact sums rounded half-even, with thousands separators); counts as they
 * are.
 */
class DashboardBrowserTest {
    static final String SCRIPT_TITLE = "Deeper cuts <script>window.__pwned = 1</script><b>bold?</b>";
    static final String SCRIPT_DESCRIPTION = "Cereals <script>window.__pwned = 2</script><img src=x>";

    @TempDir
    static Path tmp;
    static ChromeDriver browser;
    static Path backtest;

    @BeforeAll
    static void backtestAndBrowser() throws Exception {
        Browser.assumeChromium();
        Path records = tmp.resolve("records.csv");
        List<String> lines = new ArrayList<>();
        lines.add(ImpactPipelineTest.HEADER);
        lines.addAll(ImpactPipelineTest.RECORDS);
        Files.write(records, lines, StandardCharsets.UTF_8);
        backtest = tmp.resolve("backtest");
        Cli run = Cli.run("backtest", "--scenario", resource("pipeline/test-pta.yaml").toString(),
                "--scenario", deeperScenario().toString(), "--input", records.toString(), "--out", backtest.toString(),
                "--parallelism", "2");
        assertEquals(0, run.status(), run.toString());
        browser = Browser.start(tmp.resolve("chromium-profile"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static Path resource(String name) throws URISyntaxException {
        return Paths.get(DashboardBrowserTest.class.getClassLoader().getResource(name).toURI());
    }

    /** The test scenario with other cuts (rice to 10 instead of 0, linen halved) and a title holding markup. */
    static Path deeperScenario() throws Exception {
        Path dir = resource("pipeline/test-pta.yaml").getParent();
        String yaml = String.join("\n",
                "id: test-pta-deeper",
                "title: '" + SCRIPT_TITLE + "'",
                "agreement: TEST-PTA",
                "mfn: { PAK: " + dir.resolve("mfn.csv") + ", AZE: " + dir.resolve("mfn.csv") + " }",
                "fx: " + dir.resolve("fx.csv"),
                "concessions:",
                "  - { importer: AZE, beneficiary: PAK, lines: " + dir.resolve("aze-rice.csv")
                        + ", rule: { new_rate: 10 } }",
                "  - { importer: AZE, beneficiary: PAK, lines: " + dir.resolve("aze-linen.csv")
                        + ", rule: { margin_of_preference: 0.5 } }",
                "  - { importer: PAK, beneficiary: AZE, lines: " + dir.resolve("pak-offer.csv")
                        + ", rule: { new_rate: 0 } }",
                "elasticities:",
                "  import_demand: { default: -1.5 }",
                "windows: { size: month, allowed_lateness: P0D }", "");
        Path file = tmp.resolve("test-pta-deeper.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The impact rows of a CSV file as maps from the contract's column names. */
    static List<Map<String, String>> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), v[i]);
            }
            rows.add(m);
        }
        return rows;
    }

    /** Sum of a column over the rows of one scenario, direction and window, from the file the job wrote. */
    static BigDecimal sum(List<Map<String, String>> rows, String scenario, String importer, String beneficiary,
            String window, String column) {
        BigDecimal s = BigDecimal.ZERO;
        for (Map<String, String> r : rows) {
            if (r.get("scenario").equals(scenario) && r.get("importer").equals(importer)
                    && r.get("beneficiary").equals(beneficiary) && r.get("window_start").equals(window)
                    && !r.get(column).isEmpty()) {
                s = s.add(new BigDecimal(r.get(column)));
            }
        }
        return s;
    }

    /** The number the page shows in the first panel's window summary for a column, without grouping commas. */
    static BigDecimal shown(String field) {
        return shown(0, field);
    }

    static BigDecimal shown(int panel, String field) {
        // one script call reads the cell, so a redraw between finding and reading it cannot intervene
        String text = text(panel, field);
        return new BigDecimal(text.replace(",", "").replaceAll(" \\(.*\\)$", "").trim());
    }

    static String text(int panel, String field) {
        return (String) browser.executeScript("const c = document.querySelector(\"[data-panel='\" + arguments[0]"
                + " + \"'] td[data-field='\" + arguments[1] + \"']\"); return c ? c.textContent : '';", panel, field);
    }

    /**
     * Chooses a list's value. The page rebuilds a list's options when what it depends on changes (a new scenario
     * brings its own directions), so an option found a moment before can be gone (a stale element): choose again
     * until the list holds the value.
     */
    static void select(String id, String value) throws InterruptedException {
        assertTrue(Browser.waitFor(10, () -> {
            new Select(browser.findElement(By.id(id))).selectByValue(value);
            return value.equals(browser.executeScript("return document.getElementById(arguments[0]).value", id));
        }), "#" + id + " could not be set to " + value);
    }

    static String panelTitle() {
        return browser.findElement(By.cssSelector("[data-panel='0'] .scenario-title")).getText();
    }

    static final List<String> COMPARED = List.of("records", "value_beneficiary", "value_others", "dutiable_value",
            "eligible_value", "preferential_value", "duty_at_mfn", "duty_statutory", "revenue_forgone",
            "trade_creation", "trade_diversion", "trade_effect", "revenue_change", "welfare", "taxes_at_mfn",
            "taxes_statutory", "taxes_forgone", "total_revenue_forgone", "total_revenue_change");

    /** What the page should show for a sum: a count as it is, money and estimates in whole USD, half-even. */
    static BigDecimal onThePage(String column, BigDecimal exact) {
        return column.equals("records") ? exact : exact.setScale(0, RoundingMode.HALF_EVEN);
    }

    void assertShownEqualsRows(List<Map<String, String>> rows, String scenario, String window) throws Exception {
        assertTrue(Browser.waitFor(10, () -> scenario.equals(browser.executeScript(
                "return document.querySelector(\"[data-panel='0']\").dataset.scenario"))
                && window.equals(text(0, "window_start"))), "the page shows " + scenario + " for " + window);
        for (String column : COMPARED) {
            BigDecimal expected = onThePage(column, sum(rows, scenario, "AZE", "PAK", window, column));
            assertEquals(0, expected.compareTo(shown(column)),
                    scenario + " " + column + ": rows sum to " + expected + ", page shows " + shown(column));
        }
        BigDecimal r = sum(rows, scenario, "AZE", "PAK", window, "preferential_value");
        BigDecimal e = sum(rows, scenario, "AZE", "PAK", window, "eligible_value");
        assertEquals(0, r.divide(e, 6, RoundingMode.HALF_EVEN).compareTo(shown("utilization")), "utilisation R / E");
    }

    @Test
    void numbersShownAreTheImpactRowsAndSwitchingScenarioShowsTheOthers() throws Exception {
        List<Map<String, String>> rows = rows(backtest.resolve("impact.csv"));
        // No nomenclature option: the dashboard describes HS lines with the HS 2022 copy the project ships.
        Dashboard.Settings settings = Dashboard.Settings.defaults().withPort(0)
                .withTitles(Map.of("test-pta", "Whole-job test scenario", "test-pta-deeper", "Deeper cuts"));
        try (Dashboard dashboard = Dashboard.forOutputFolder(backtest, settings)) {
            String address = dashboard.start();
            assertTrue(address.startsWith("http://127.0.0.1:"), address);
            browser.get(address);
            assertTrue(Browser.waitFor(10, () -> new Select(browser.findElement(By.id("scenario"))).getOptions()
                    .size() == 2), "both scenarios listed");
            select("scenario", "test-pta");
            assertTrue(Browser.waitFor(10, () -> panelTitle().startsWith("Whole-job test scenario")));
            select("direction", "AZE|PAK");
            select("window", "2024-02-01T00:00:00Z");
            assertShownEqualsRows(rows, "test-pta", "2024-02-01T00:00:00Z");
            BigDecimal forgone = shown("revenue_forgone");
            assertTrue(Browser.waitFor(5, () -> browser.findElement(By.cssSelector("[data-panel='0'] .chapters"))
                    .getText().contains("Cereals")), "HS chapter 10 described");
            Files.createDirectories(Paths.get("target/screenshots"));
            Files.write(Paths.get("target/screenshots/dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

            select("scenario", "test-pta-deeper");
            assertTrue(Browser.waitFor(10, () -> panelTitle().startsWith("Deeper cuts")), panelTitle());
            select("direction", "AZE|PAK");
            select("window", "2024-02-01T00:00:00Z");
            assertShownEqualsRows(rows, "test-pta-deeper", "2024-02-01T00:00:00Z");
            assertNotEquals(0, forgone.compareTo(shown("revenue_forgone")), "the other scenario's revenue forgone");

            select("compare", "test-pta");
            assertTrue(Browser.waitFor(10, () -> shown(1, "revenue_forgone").compareTo(forgone) == 0),
                    "side by side: the compared scenario");
        }
    }

    @Test
    void markupInAScenarioTitleOrAnHsDescriptionIsShownAsText() throws Exception {
        Path hs = tmp.resolve("hs/hs2022.csv");
        Files.createDirectories(hs.getParent());
        Files.writeString(hs, String.join("\n", "section,hscode,description,parent,level",
                "II,10,\"" + SCRIPT_DESCRIPTION + "\",TOTAL,2",
                "XI,63,Textiles,TOTAL,2", ""));
        Files.writeString(hs.resolveSibling("sections.csv"), "section,name\nII,<i>Vegetable</i> products\n");
        Dashboard.Settings settings = Dashboard.Settings.defaults().withPort(0).withNomenclature(hs)
                .withTitles(Map.of("test-pta-deeper", SCRIPT_TITLE));
        try (Dashboard dashboard = Dashboard.forOutputFolder(backtest, settings)) {
            browser.get(dashboard.start());
            assertTrue(Browser.waitFor(10, () -> new Select(browser.findElement(By.id("scenario"))).getOptions()
                    .size() == 2), "both scenarios listed"); // the page fetches them after it loads
            select("scenario", "test-pta-deeper");
            select("direction", "AZE|PAK");
            assertTrue(Browser.waitFor(10, () -> panelTitle().startsWith(SCRIPT_TITLE)), panelTitle());
            WebElement chapters = browser.findElement(By.cssSelector("[data-panel='0'] .chapters"));
            assertTrue(Browser.waitFor(5, () -> chapters.getText().contains(SCRIPT_DESCRIPTION)), chapters.getText());
            assertTrue(browser.findElement(By.cssSelector("[data-panel='0'] .sections")).getText()
                    .contains("<i>Vegetable</i> products"));
            assertTrue(browser.findElement(By.id("scenario")).getText().contains(SCRIPT_TITLE), "option text");
            assertEquals(0L, browser.executeScript("return document.querySelectorAll('main script, main b, main img, "
                    + "main i, select b').length"), "no element made from the data");
            assertEquals(true, browser.executeScript("return window.__pwned === undefined"), "no script ran");
        }
    }

    @Test
    void aLiveRunsPageChangesAsRowsArriveWithoutAReload() throws Exception {
        Path out = tmp.resolve("live");
        try (OutputFolder folder = new OutputFolder(out, false, true);
                Dashboard dashboard = Dashboard.forOutputFolder(out, Dashboard.Settings.defaults().withPort(0))) {
            folder.accept(JobOutput.of(row(1_000, 200, false)));
            browser.get(dashboard.start());
            assertTrue(Browser.waitFor(10, () -> browser.findElements(
                    By.cssSelector("[data-panel='0'] td[data-field='revenue_forgone']")).size() == 1
                    && shown("revenue_forgone").compareTo(new BigDecimal("200")) == 0), "the first early row");
            assertEquals("open (early update)", text(0, "state"));
            browser.executeScript("window.__sameDocument = 'yes'");

            folder.accept(JobOutput.of(row(1_500, 300, false)));
            assertTrue(Browser.waitFor(10, () -> shown("revenue_forgone").compareTo(new BigDecimal("300")) == 0),
                    "the early update replaced the running window's value in place");
            assertEquals(0, shown("value_beneficiary").compareTo(new BigDecimal("1500")));
            folder.accept(JobOutput.of(row(2_000, 400, true)));
            assertTrue(Browser.waitFor(10, () -> text(0, "state").equals("final")), "settled");
            assertEquals(0, shown("revenue_forgone").compareTo(new BigDecimal("400")));
            assertEquals("yes", browser.executeScript("return window.__sameDocument"), "no reload");
            assertFalse(browser.findElement(By.id("updates")).getText().contains("error"));
        }
    }

    /**
     * The issue's micro-dollars: a revenue forgone of 40,494,816.633505 USD reads 40,494,817 on the page, in the
     * window summary and in the rows table; worked case P's taxes (TaxOutputsTest) read by tax: duty 80,000, sales
     * tax 14,400, the creditable withholding 5,192 listed, total 94,400.
     */
    @Test
    void moneyReadsInWholeUsdAndRevenueByTax() throws Exception {
        Path out = tmp.resolve("money");
        try (OutputFolder folder = new OutputFolder(out, false, true);
                Dashboard dashboard = Dashboard.forOutputFolder(out, Dashboard.Settings.defaults().withPort(0))) {
            ImpactRow rice = row(1_000, 0, true);
            rice.sums.dutyAtMfn = 40_494_816_633_505L;
            folder.accept(JobOutput.of(rice));
            folder.accept(JobOutput.of(org.ptaflow.sinks.TaxOutputsTest.caseP("870323", true)));
            browser.get(dashboard.start());
            assertTrue(Browser.waitFor(10, () -> new Select(browser.findElement(By.id("scenario"))).getOptions()
                    .size() == 2), "both scenarios listed");
            select("scenario", "test-pta");
            assertTrue(Browser.waitFor(10, () -> "40,494,817".equals(text(0, "revenue_forgone"))),
                    "the window's revenue forgone: " + text(0, "revenue_forgone"));
            assertEquals("40,494,817", text(0, "total_revenue_forgone"));
            assertTrue(browser.findElement(By.cssSelector("[data-panel='0'] .rows")).getText().contains("40,494,817"),
                    "the rows table");
            assertFalse(browser.findElement(By.tagName("main")).getText().contains("40,494,816.6"),
                    "no micro-dollars on the page");

            select("scenario", "pk-az");
            assertTrue(Browser.waitFor(10, () -> "14,400".equals(text(0, "tax:sales_tax:forgone"))),
                    "sales tax forgone: " + text(0, "tax:sales_tax:forgone"));
            assertEquals("80,000", text(0, "tax:customs_duty:forgone"));
            assertEquals("5,192", text(0, "tax:withholding_tax:forgone"));
            assertEquals("94,400", text(0, "tax:total:forgone"));
            assertEquals("94,400", text(0, "total_revenue_forgone"));
            assertEquals("14,400", text(0, "taxes_forgone"));
            Files.createDirectories(Paths.get("target/screenshots"));
            Files.write(Paths.get("target/screenshots/dashboard-taxes.png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    /**
     * The quota panel from a known {@code quotas.csv} (written by hand: 100 kg of tea, 90 kg granted on
     * 10 February 2025 — critical at 0.9 —, then 9.999 kg of 21 requested on the 11th, exhausted with 0.001 kg
     * left): the table shows the quota's latest status, fill, balance and exhaustion date; the chart has a line of
     * two days, the critical level from the scenario and the exhaustion date marked. A scenario without quotas shows
     * no quota panel.
     */
    @Test
    void theQuotaPanelShowsAQuotasStatusAndExhaustionDate() throws Exception {
        Path out = tmp.resolve("quotas");
        try (OutputFolder folder = new OutputFolder(out, false, true)) {
            folder.accept(JobOutput.of(row(1_000, 200, true))); // test-pta, a scenario without quotas
        }
        Files.writeString(out.resolve("quotas.csv"), String.join("\n",
                "scenario,quota,period_start,period_end,day,requested,allocated,balance,fill,status,exhausted_on",
                "pk-lk,tea,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,2025-02-10,90.000,90.000,10.000,0.9,critical,",
                "pk-lk,tea,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,2025-02-11,21.000,9.999,0.001,0.99999,exhausted,"
                        + "2025-02-11", ""));
        Dashboard.Settings settings = Dashboard.Settings.defaults().withPort(0).withQuotas(Map.of(
                new org.ptaflow.sinks.QuotaColumns.Key("pk-lk", "tea"), new Dashboard.QuotaFacts("kg", 0.9)));
        try (Dashboard dashboard = Dashboard.forOutputFolder(out, settings)) {
            browser.get(dashboard.start());
            assertTrue(Browser.waitFor(10, () -> new Select(browser.findElement(By.id("scenario"))).getOptions()
                    .size() == 2), "the quota's scenario listed beside the impact rows'");
            select("scenario", "pk-lk");
            assertTrue(Browser.waitFor(10, () -> "exhausted".equals(text(0, "quota:tea:status"))),
                    "status: " + text(0, "quota:tea:status"));
            assertEquals("2025-02-11", text(0, "quota:tea:exhausted_on"));
            assertEquals("0.99999 (99.999 %)", text(0, "quota:tea:fill"));
            assertEquals("0.001 kg", text(0, "quota:tea:balance"));
            assertTrue(browser.findElement(By.cssSelector("[data-panel='0'] .quotas")).isDisplayed());

            @SuppressWarnings("unchecked")
            List<Object> line = (List<Object>) browser.executeScript("const o = echarts.getInstanceByDom("
                    + "document.querySelector(\"[data-panel='0'] [data-chart='quotas']\")).getOption();"
                    + "const s = o.series[0];"
                    + "return [s.name, s.data.length].concat(s.markLine.data.map((m) => m.name + '@'"
                    + " + (m.xAxis !== undefined ? new Date(m.xAxis).toISOString().slice(0, 10) : m.yAxis)));");
            assertEquals(List.of("tea", 2L, "volume@1", "tea critical at 0.9@0.9", "tea exhausted 2025-02-11@2025-02-11"),
                    line);
            Files.createDirectories(Paths.get("target/screenshots"));
            Files.write(Paths.get("target/screenshots/dashboard-quotas.png"), browser.getScreenshotAs(OutputType.BYTES));

            select("scenario", "test-pta");
            assertTrue(Browser.waitFor(10, () -> !browser.findElement(By.cssSelector("[data-panel='0'] .quotas"))
                    .isDisplayed()), "no quota panel for a scenario without quotas");
        }
    }

    /**
     * The Transit view and the Flags table from the hand-made files of {@code TransitViewTest} (a live run's
     * {@code transit.csv} with a key replaced and a key emptied, alerts and flags with quoted free text): the
     * selected window's sums and its sums by mode as worked by hand there (7 movements worth 1,351,234 USD, road
     * 301,235 and air 50,000 after half-even rounding, open exposure 30,000 against 10,000 of guarantees), hours
     * with one decimal, the latest alert and flag first; a hostile office code and details with markup stay text, in
     * the tables and in the corridor chart, and run nothing.
     */
    @Test
    void theTransitViewAndTheFlagsTableShowTheirRowsAsText() throws Exception {
        Path out = tmp.resolve("transit");
        org.ptaflow.dashboard.TransitViewTest.writeFiles(out);
        try (Dashboard dashboard = Dashboard.forOutputFolder(out, Dashboard.Settings.defaults().withPort(0))) {
            browser.get(dashboard.start());
            assertTrue(Browser.waitFor(10, () -> new Select(browser.findElement(By.id("scenario"))).getOptions()
                    .size() == 2), "pk-az and pk-lk listed from their transit rows and flags alone");
            select("scenario", "pk-az");
            assertTrue(Browser.waitFor(10, () -> "7".equals(text(0, "transit:movements"))),
                    "movements: " + text(0, "transit:movements"));
            assertEquals("2025-03-01T00:00:00Z to 2025-04-01T00:00:00Z", text(0, "transit:window"));
            assertEquals("1,351,234", text(0, "transit:declared_value"));
            assertEquals("38,405", text(0, "transit:gross_mass_kg"));
            assertEquals("5", text(0, "transit:exited"));
            assertEquals("2", text(0, "transit:overdue"));
            assertEquals("30,000", text(0, "transit:open_exposure"));
            assertEquals("10,000", text(0, "transit:guarantee"));
            assertEquals("20,000", text(0, "transit:exposure_less_guarantee"));
            assertEquals("4", text(0, "transit:mode:road:movements"));
            assertEquals("301,235", text(0, "transit:mode:road:declared_value"));
            assertEquals("50,000", text(0, "transit:mode:air:declared_value"));
            assertEquals("999,999", text(0, "transit:mode:sea:declared_value"));
            assertEquals("PKGWD → " + org.ptaflow.dashboard.TransitViewTest.HOSTILE_OFFICE,
                    text(0, "time:0:corridor"));
            assertEquals("5.2", text(0, "time:1:p50"));
            assertEquals("7.8", text(0, "time:1:p90"));

            assertEquals("late_exit", text(0, "alert:0:kind"));
            assertEquals(org.ptaflow.dashboard.TransitViewTest.HOSTILE_OFFICE, text(0, "alert:0:office"));
            assertEquals(org.ptaflow.dashboard.TransitViewTest.HOSTILE_DETAIL, text(0, "alert:1:detail"));
            assertEquals("1,235", text(0, "alert:1:declared_value"));
            assertEquals("consignment", text(0, "flag:0:rule"));
            assertEquals("25,000", text(0, "flag:0:value_usd"));
            assertEquals(org.ptaflow.dashboard.TransitViewTest.HOSTILE_FLAG_DETAIL, text(0, "flag:1:detail"));

            @SuppressWarnings("unchecked")
            List<Object> corridors = (List<Object>) browser.executeScript("return echarts.getInstanceByDom("
                    + "document.querySelector(\"[data-panel='0'] [data-chart='transit-corridors']\")).getOption()"
                    + ".series.map((s) => s.name + ' ' + s.data.join('/'))");
            assertEquals(List.of("PKKHI → PKTOR 4/1", "PKISB → AZBAK 0/2", "PKKHI → open or cancelled 0/2",
                    "PKGWD → " + org.ptaflow.dashboard.TransitViewTest.HOSTILE_OFFICE + " 0/1", "PKQCT → PKTOR 0/1"),
                    corridors, "movements per corridor, February and March, the names as chart text");
            assertEquals(0L, browser.executeScript("return document.querySelectorAll('main script, main img').length"),
                    "no element made from the data");
            assertEquals(true, browser.executeScript("return window.__pwned === undefined"), "no script ran");
            browser.executeScript("document.querySelector(\"[data-panel='0'] .transit\").scrollIntoView()");
            Files.createDirectories(Paths.get("target/screenshots"));
            Files.write(Paths.get("target/screenshots/dashboard-transit.png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    /** A row of a live run's January window (AZE importing rice from PAK): values in USD. */
    static ImpactRow row(long valueUsd, long forgoneUsd, boolean finalRow) {
        ImpactRow r = new ImpactRow();
        r.key = new ImpactKey("test-pta", "AZE", "PAK", "100630");
        r.windowStart = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        r.windowEnd = java.time.Instant.parse("2024-02-01T00:00:00Z").toEpochMilli();
        r.finalRow = finalRow;
        // Every record dutiable, eligible and claiming, with no duty paid: revenue forgone = duty at MFN.
        r.sums = new WindowSums();
        r.sums.records = valueUsd / 100;
        r.sums.valueBeneficiary = valueUsd * 1_000_000;
        r.sums.dutiableValue = r.sums.valueBeneficiary;
        r.sums.eligibleValue = r.sums.valueBeneficiary;
        r.sums.preferentialValue = r.sums.valueBeneficiary;
        r.sums.dutyAtMfn = forgoneUsd * 1_000_000;
        return r;
    }
}
