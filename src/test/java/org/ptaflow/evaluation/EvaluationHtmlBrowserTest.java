package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.cli.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The evaluation report in a real browser (Debian's headless Chromium through Selenium and the system chromedriver,
 * as the dashboard's tests), opened from disk with the browser's network switched off: a report written from a
 * known {@code evaluation.json} (src/test/resources/evaluation/report-evaluation.json) and three lines shows each
 * line as a point, the 45° line, the least-traded line apart, the metrics and the calibration factors formatted as
 * the page promises (whole USD with thousands separators, ratios with three decimals, a dash for what the JSON does
 * not hold). Without Chromium the test fails: the report is part of the issue, a skip would hide it. The screenshot
 * goes to {@code target/screenshots/evaluation.png}.
 */
class EvaluationHtmlBrowserTest {

    /** Two ordinary lines and a least-traded one; the second has no calibrated prediction (its section has none). */
    static final List<ReportLine> LINES = List.of(
            new ReportLine("PAK", "AZE", "100630", 5_000, 7_000, 6_000, false),
            new ReportLine("AZE", "PAK", "630900", -2_000, -1_000, Double.NaN, false),
            new ReportLine("AZE", "PAK", "090240", 100, 900, 150, true));

    @TempDir
    static Path tmp;
    static ChromeDriver browser;
    static Path report;

    @BeforeAll
    static void writeReportAndOpenIt() throws Exception {
        String json;
        try (InputStream in = EvaluationHtmlBrowserTest.class.getResourceAsStream("/evaluation/report-evaluation.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        EvaluationHtml.write(tmp.resolve("evaluation"), json, LINES);
        report = tmp.resolve("evaluation").resolve(EvaluationHtml.REPORT);
        browser = start(tmp.resolve("chromium-profile"));
        // Offline: were the page to ask for anything beyond its folder, it would not get it.
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        browser.get(report.toUri().toString());
        assertTrue(waitFor(10, () -> Boolean.TRUE.equals(browser.executeScript(
                "const b = document.getElementById('scatter');"
                        + " return typeof echarts !== 'undefined' && !!echarts.getInstanceByDom(b);"))),
                "the chart library loaded from beside the page and the scatter drawn");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The machine's Chromium, required (a skipped check is not a check), in the report's window size. */
    static ChromeDriver start(Path profile) throws Exception {
        Browser.requireChromium("the report's browser test");
        return Browser.start(profile, 1200, 1500);
    }

    static boolean waitFor(int seconds, Supplier<Boolean> condition) throws InterruptedException {
        return Browser.waitFor(seconds, condition);
    }

    /** A series of the scatter as the chart holds it: its data points and symbol. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> series(String id) {
        return (Map<String, Object>) browser.executeScript("const o = echarts.getInstanceByDom("
                + "document.getElementById('scatter')).getOption();"
                + "const s = o.series.find((s) => s.id === arguments[0]);"
                + "return s ? { name: s.name, type: s.type, symbol: s.symbol || 'circle', data: s.data } : null;", id);
    }

    @SuppressWarnings("unchecked")
    static List<List<Number>> points(String id) {
        return (List<List<Number>>) series(id).get("data");
    }

    static String metric(String group, String prediction, String field) {
        return (String) browser.executeScript("const c = document.querySelector(\"#metrics tr[data-group='\" "
                + "+ arguments[0] + \"'][data-prediction='\" + arguments[1] + \"'] td[data-field='\" + arguments[2]"
                + " + \"']\"); return c ? c.textContent : null;", group, prediction, field);
    }

    static String calibration(String section, String field) {
        return (String) browser.executeScript("const c = document.querySelector(\"#calibration tr[data-section='\" "
                + "+ arguments[0] + \"'] td\" + (arguments[1] ? \"[data-field='\" + arguments[1] + \"']\" : ''));"
                + " return c ? c.textContent : null;", section, field);
    }

    @Test
    void eachLineIsAPointWithTheDiagonalAndTheLeastTradedLineApart() throws Exception {
        List<List<Number>> ordinary = points("lines");
        List<List<Number>> leastTraded = points("least-traded");
        assertEquals(3, ordinary.size() + leastTraded.size(), "one point per line");
        // [predicted, realised, index of the line]
        assertEquals(List.of(5_000.0, 7_000.0), List.of(ordinary.get(0).get(0).doubleValue(),
                ordinary.get(0).get(1).doubleValue()));
        assertEquals(1, leastTraded.size(), "the least-traded line in a series of its own");
        assertEquals(List.of(100.0, 900.0), List.of(leastTraded.get(0).get(0).doubleValue(),
                leastTraded.get(0).get(1).doubleValue()));
        assertNotEquals(series("lines").get("symbol"), series("least-traded").get("symbol"), "marked differently");

        Map<String, Object> diagonal = series("diagonal");
        assertEquals("line", diagonal.get("type"));
        assertTrue(((String) diagonal.get("name")).startsWith("45°"), (String) diagonal.get("name"));
        List<List<Number>> ends = points("diagonal");
        assertEquals(2, ends.size());
        for (List<Number> end : ends) {
            assertEquals(end.get(0).doubleValue(), end.get(1).doubleValue(), "predicted = realised along it");
        }
        // it crosses every point: from below the lowest figure (−2,000) to above the highest (7,000)
        assertTrue(ends.get(0).get(0).doubleValue() <= -2_000 && ends.get(1).get(0).doubleValue() >= 7_000,
                ends.toString());

        // before the tooltip, which would cover a point
        Files.createDirectories(Paths.get("target/screenshots"));
        Files.write(Paths.get("target/screenshots/evaluation.png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.executeScript("echarts.getInstanceByDom(document.getElementById('scatter'))"
                + ".dispatchAction({ type: 'showTip', seriesIndex: 1, dataIndex: 0 });");
        assertTrue(waitFor(5, () -> ((String) browser.executeScript("return document.getElementById('scatter')"
                .concat(".innerText"))).contains("AZE → PAK HS 090240 (least traded)")), "tooltip: "
                + browser.executeScript("return document.getElementById('scatter').innerText"));
        String tip = (String) browser.executeScript("return document.getElementById('scatter').innerText");
        assertTrue(tip.contains("predicted: 100 USD") && tip.contains("realised: 900 USD"), tip);

    }

    @Test
    void theCalibratedPredictionPlotsTheLinesThatHaveOne() throws Exception {
        try {
            new Select(browser.findElement(By.id("prediction"))).selectByValue("calibrated");
            assertTrue(waitFor(5, () -> points("lines").size() == 1), "the line without a calibrated figure left out");
            assertEquals(6_000.0, points("lines").get(0).get(0).doubleValue());
            assertEquals(150.0, points("least-traded").get(0).get(0).doubleValue());
            assertEquals("2 of 3 lines plotted (1 least traded); the others have no figure for this prediction",
                    browser.findElement(By.id("point-count")).getText());
        } finally {
            new Select(browser.findElement(By.id("prediction"))).selectByValue("predicted");
        }
    }

    /**
     * On the signed logarithmic scale each amount is plotted at sign × log10 |amount| on both axes: the least-traded
     * line (100 predicted, 900 realised) at (2, 2.954), the shrinking line (−2,000, −1,000) at (−3.301, −3); the
     * diagonal's ends are whole decades.
     */
    @Test
    void theLogarithmicScalePlotsDecades() throws Exception {
        try {
            new Select(browser.findElement(By.id("scale"))).selectByValue("log");
            assertTrue(waitFor(5, () -> points("least-traded").get(0).get(0).doubleValue() == 2.0), "log10(100)");
            assertEquals(2.954243, points("least-traded").get(0).get(1).doubleValue(), 1e-6);
            List<Number> shrinking = points("lines").get(1);
            assertEquals(-3.301030, shrinking.get(0).doubleValue(), 1e-6);
            assertEquals(-3.0, shrinking.get(1).doubleValue(), 1e-9);
            List<List<Number>> ends = points("diagonal");
            // lowest −3.301 and highest log10(7,000) = 3.845, each with 2 % of the range as margin, out to decades
            assertEquals(List.of(-4.0, -4.0, 4.0, 4.0), List.of(ends.get(0).get(0).doubleValue(),
                    ends.get(0).get(1).doubleValue(), ends.get(1).get(0).doubleValue(), ends.get(1).get(1).doubleValue()));
        } finally {
            new Select(browser.findElement(By.id("scale"))).selectByValue("linear");
        }
    }

    @Test
    void theMetricsTableShowsEachPredictionsFiguresFormatted() {
        assertEquals("12,346", metric("all", "model", "mae"), "MAE 12,345.678 in whole USD");
        assertEquals("1,234,568", metric("all", "model", "rmse"));
        assertEquals("0.877", metric("all", "model", "correlation"), "0.87654 with three decimals");
        assertEquals("0.667", metric("all", "model", "sign_share"));
        assertEquals("0.500", metric("all", "model", "band_coverage"));
        assertEquals("3", metric("all", "model", "lines"));
        assertEquals("—", metric("all", "no_change", "band_coverage"), "null");
        assertEquals("—", metric("least_traded", "model", "band_coverage"), "not in the JSON");
        assertEquals("—", metric("all", "no_change", "correlation"), "NaN");
        assertEquals("—", metric("all", "no_change", "slope"), "null");
        assertEquals("0.000", metric("all", "no_change", "sign_share"));
        assertEquals("-0.123", metric("all", "trend", "slope"));
        assertEquals("30,000", metric("all", "trend", "mae"));
        assertEquals("9,000", metric("all", "model_calibrated", "mae"));
        assertEquals("11,000", metric("all", "model_calibrated_out_of_sample", "mae"));
        assertEquals("400", metric("least_traded", "model", "mae"));
        assertEquals("1,501", metric("others", "model", "mae"));
        assertEquals("250.250", metric("others", "model", "mean_error"), "a metric the page does not know, shown");
        assertEquals("—", metric("all", "model", "mean_error"));
        assertEquals(List.of("All lines", "Least-traded lines", "Other lines"), browser.findElements(
                By.cssSelector("#metrics tr.group th")).stream().map(e -> e.getText()).toList());
    }

    @Test
    void theCalibrationTableShowsEachSectionsFactor() {
        assertEquals("II Vegetable products", calibration("2", null), "the section named from HS 2022");
        assertEquals("1.200", calibration("2", "factor"));
        assertEquals("8", calibration("2", "lines"));
        assertEquals("yes", calibration("2", "calibrated"));
        assertEquals("1,501", calibration("2", "rmse_before"));
        assertEquals("900", calibration("2", "rmse_after"));
        assertEquals("1,000", calibration("2", "rmse_out_of_sample"));
        assertEquals("0.854", calibration("11", "factor"));
        assertEquals("no", calibration("11", "calibrated"));
        assertEquals("—", calibration("11", "rmse_out_of_sample"));
    }

    @Test
    void thePageLoadsNothingFromTheNetworkAndShowsMarkupAsText() throws Exception {
        String html = Files.readString(report);
        Matcher external = Pattern.compile("(?i)<(script|link|img|iframe)\\b[^>]*\\b(src|href)\\s*=\\s*[\"']?\\s*"
                + "(https?:|//)").matcher(html);
        assertFalse(external.find(), () -> "an external resource: " + external.group());
        assertFalse(Pattern.compile("(?i)https?://").matcher(html).find(), "no address at all in the page");
        // what the page refers to once its script has run (Chromium keeps no resource timing for file: pages)
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.executeScript("return [...document.querySelectorAll("
                + "'[src], [href]')].map((e) => e.src || e.href);");
        assertEquals(List.of(report.resolveSibling(EvaluationHtml.CHART_LIBRARY).toUri().toString()), loaded);

        // the parameters are the document's own fields, as evaluation.json has them; a period reads as dates
        assertEquals("2023-01-01 to 2024-01-01 (exclusive)",
                browser.findElement(By.cssSelector("[data-parameter='base'] dd")).getText());
        assertEquals("test-pta", browser.findElement(By.cssSelector("[data-parameter='scenario'] dd")).getText());
        assertTrue(browser.findElements(By.cssSelector("[data-parameter='groups']")).isEmpty(), "not a parameter");
        String title = browser.findElement(By.cssSelector("[data-parameter='title'] dd")).getText();
        assertEquals("Cuts </script><script>window.__pwned = 1</script><img src=x>", title);
        assertEquals(true, browser.executeScript("return window.__pwned === undefined"), "no script from the data ran");
        assertEquals(0L, browser.executeScript("return document.querySelectorAll('main img, header img').length"));
    }
}
