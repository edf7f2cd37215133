package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link EvaluationHtml} writes, without a browser: the page and the WebJar's chart library beside it, the data
 * block readable as JSON whatever markup the data hold, and no page from a document that is not JSON.
 * EvaluationHtmlBrowserTest shows the page itself.
 */
class EvaluationHtmlTest {
    @TempDir
    Path dir;

    static String dataBlock(String html) {
        String open = "<script type=\"application/json\" id=\"evaluation-data\">";
        int start = html.indexOf(open) + open.length();
        return html.substring(start, html.indexOf("</script>", start));
    }

    @Test
    void writesThePageAndTheDashboardsChartLibraryBesideIt() throws Exception {
        EvaluationHtml.write(dir.resolve("out"), "{\"groups\": {}}", List.of());
        assertTrue(Files.isRegularFile(dir.resolve("out/evaluation.html")));
        byte[] webJar;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js")) {
            webJar = in.readAllBytes();
        }
        assertArrayEquals(webJar, Files.readAllBytes(dir.resolve("out/echarts.min.js")));
        String html = Files.readString(dir.resolve("out/evaluation.html"));
        assertTrue(html.contains("<script src=\"echarts.min.js\"></script>"), "loaded from beside the page");
        assertFalse(html.contains("{{"), "every placeholder filled");
    }

    @Test
    void markupInTheDataStaysInsideTheJsonBlock() throws Exception {
        String title = "</script><script>alert(1)</script> & <!-- {{script}}";
        EvaluationHtml.write(dir, "{\"parameters\": {\"title\": \"" + title.replace("\"", "\\\"") + "\"}, "
                + "\"groups\": {\"all\": {\"model\": {\"mae\": NaN}}}}",
                List.of(new ReportLine("AZE", "PAK", "<b>100630</b>", 1.5, -2, Double.NaN, true)));
        String html = Files.readString(dir.resolve("evaluation.html"));
        String block = dataBlock(html);
        assertFalse(block.contains("<") || block.contains(">"), block);
        JsonNode data = new ObjectMapper().readTree(block);
        assertEquals(title, data.at("/evaluation/parameters/title").asText());
        assertEquals("NaN", data.at("/evaluation/groups/all/model/mae").asText(), "a NaN metric as text, not a number");
        JsonNode line = data.at("/lines/0");
        assertEquals("<b>100630</b>", line.get("hs6").asText());
        assertEquals(1.5, line.get("predicted").asDouble());
        assertEquals(-2.0, line.get("realised").asDouble());
        assertTrue(line.get("calibrated").isNull(), "no calibrated figure: null, and no point");
        assertTrue(line.get("least_traded").asBoolean());
        assertEquals("XXI Works of art, collectors' pieces and antiques", data.at("/sections/21").asText());
    }

    @Test
    void aDocumentThatIsNotJsonWritesNoPage() {
        assertThrows(IllegalArgumentException.class, () -> EvaluationHtml.write(dir, "{\"groups\": ", List.of()));
        assertFalse(Files.exists(dir.resolve("evaluation.html")));
    }

    /** Rice from Pakistan: 1,000 USD in the base, 1,600 in the outcome, so 600 realised against 450 predicted. */
    @Test
    void aReportLineOfAnEvaluatedLinePlotsItsRealisedChange() {
        EvaluatedLine rice = new EvaluatedLine("AZE", "PAK", "100630", 2, 1_000, 400, 600, 1_600, -1.5, 450,
                0, 450, Double.NaN, Double.NaN, false, kappa -> 450 * kappa);
        assertEquals(new ReportLine("AZE", "PAK", "100630", 450, 600, 540, false), ReportLine.of(rice, 540));
    }

    @Test
    void romanSectionNumbers() {
        assertEquals(1, EvaluationHtml.romanNumber("I"));
        assertEquals(4, EvaluationHtml.romanNumber("IV"));
        assertEquals(9, EvaluationHtml.romanNumber("IX"));
        assertEquals(14, EvaluationHtml.romanNumber("XIV"));
        assertEquals(19, EvaluationHtml.romanNumber("XIX"));
        assertEquals(21, EvaluationHtml.romanNumber("XXI"));
        assertEquals(0, EvaluationHtml.romanNumber("section"));
        assertEquals(0, EvaluationHtml.romanNumber(""));
    }
}
