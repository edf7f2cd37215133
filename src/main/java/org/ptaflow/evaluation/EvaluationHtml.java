package org.ptaflow.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * {@code evaluation.html}: the page an economist opens to see how the model's estimate compared with what followed
 * (economics.md §8). Predicted against realised change per line (least-traded lines marked apart, the 45° line where
 * the two agree), the metrics of the model, the calibrated model and the naive baselines, and the calibration factor
 * of each HS section.
 *
 * <p>The page is self-contained so it can be mailed or archived with the run: the data sit inline in a JSON block,
 * the page's own style and script inline too, and Apache ECharts, from the WebJar the dashboard serves, is copied
 * beside it as {@code echarts.min.js}. Nothing is fetched from the network; the page's Content-Security-Policy
 * forbids it.
 */
public final class EvaluationHtml {
    /** The report's file name in the output folder. */
    public static final String REPORT = "evaluation.html";
    /** The charting library's file name beside the report. */
    public static final String CHART_LIBRARY = "echarts.min.js";

    private static final String TEMPLATES = "evaluation/";
    /** The WebJar's own record of its version: the library's path follows it, so the pom holds the version once. */
    private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    /**
     * Lenient on what the evaluation writes (a NaN metric is read, and written back as the string "NaN", which the
     * page shows as missing) but it must be JSON: a broken document would leave an empty page.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private EvaluationHtml() {}

    /**
     * Writes {@link #REPORT} and {@link #CHART_LIBRARY} into {@code dir} (created if missing), replacing earlier ones.
     *
     * @param evaluationJson the content of {@code evaluation.json}: the run's parameters (its own fields, or a
     *     {@code parameters} object), {@code groups} (per group, per prediction, the metrics) and
     *     {@code calibration} (one object per HS section); the page shows what it finds and a dash for what is
     *     missing
     * @param lines the points of the scatter
     * @throws IllegalArgumentException if {@code evaluationJson} is not JSON
     */
    public static void write(Path dir, String evaluationJson, List<ReportLine> lines) throws IOException {
        JsonNode evaluation;
        try {
            evaluation = JSON.readTree(evaluationJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the evaluation is not JSON: " + e.getOriginalMessage(), e);
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("evaluation", evaluation);
        data.set("lines", points(lines));
        data.set("sections", sectionNames());

        String style = template("report.css");
        String script = template("report.js");
        String html = template("report.html")
                // 'self' for a page served over HTTP, file: for one opened from disk (browsers differ on whether
                // 'self' covers a file's neighbours), the hash for the page's own script; nothing else
                .replace("{{csp}}", "default-src 'none'; script-src 'self' file: " + sha256(script)
                        + "; style-src 'unsafe-inline'; img-src data:")
                .replace("{{style}}", style)
                .replace("{{chart_library}}", CHART_LIBRARY)
                .replace("{{script}}", script)
                // last, so nothing in the data is taken for a placeholder
                .replace("{{data}}", inScriptBlock(JSON.writeValueAsString(data)));
        Files.createDirectories(dir);
        try (InputStream library = resource(chartLibrary())) {
            Files.copy(library, dir.resolve(CHART_LIBRARY), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve(REPORT), html, StandardCharsets.UTF_8);
    }

    private static ArrayNode points(List<ReportLine> lines) {
        ArrayNode points = JSON.createArrayNode();
        for (ReportLine line : lines) {
            ObjectNode p = points.addObject();
            p.put("importer", line.importer());
            p.put("beneficiary", line.beneficiary());
            p.put("hs6", line.hs6());
            amount(p, "predicted", line.predicted());
            amount(p, "realised", line.realised());
            amount(p, "calibrated", line.calibrated());
            p.put("least_traded", line.leastTraded());
        }
        return points;
    }

    /** JSON has no NaN: a line without a figure (no calibration for its section) gets null, and no point. */
    private static void amount(ObjectNode p, String name, double usd) {
        if (Double.isFinite(usd)) {
            p.put(name, usd);
        } else {
            p.putNull(name);
        }
    }

    /**
     * HS sections by number ("2" → "II Vegetable products") from the HS 2022 {@code sections.csv} that ships in the
     * jar, so the calibration table names what it calibrated.
     */
    private static ObjectNode sectionNames() throws IOException {
        ObjectNode names = JSON.createObjectNode();
        try (Reader r = new InputStreamReader(resource("hs/sections.csv"), StandardCharsets.UTF_8)) {
            List<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader()).<Map<String, String>>readValues(r).readAll();
            for (Map<String, String> row : rows) {
                String roman = row.getOrDefault("section", "");
                int number = romanNumber(roman);
                if (number > 0) {
                    names.put(Integer.toString(number), roman + " " + row.getOrDefault("name", ""));
                }
            }
        }
        return names;
    }

    /** I → 1 … XXI → 21; 0 for anything that is not a roman numeral. */
    static int romanNumber(String roman) {
        int total = 0;
        int next = 0;
        for (int i = roman.length() - 1; i >= 0; i--) {
            int v = switch (roman.charAt(i)) {
                case 'I' -> 1;
                case 'V' -> 5;
                case 'X' -> 10;
                case 'L' -> 50;
                default -> 0;
            };
            if (v == 0) {
                return 0;
            }
            total += v < next ? -v : v;
            next = Math.max(next, v);
        }
        return total;
    }

    /**
     * JSON in a {@code <script type="application/json">} block ends at the first {@code </script>}, whatever the
     * quotes say: escaping {@code <}, {@code >} and {@code &} as {@code \}{@code u003c} and so on keeps a title or code
     * holding markup inside the block. The three only occur inside strings in JSON, where the escape means the same.
     */
    static String inScriptBlock(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** The WebJar's {@code echarts.min.js}, the same file the dashboard serves. */
    static String chartLibrary() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = resource(ECHARTS_POM)) {
            pom.load(in);
        }
        return "META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/" + CHART_LIBRARY;
    }

    private static String template(String name) throws IOException {
        try (InputStream in = resource(TEMPLATES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = EvaluationHtml.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            // The templates and the WebJar are part of the build: a missing one is a broken jar, not a user's mistake.
            throw new IOException("no resource " + name + " on the classpath");
        }
        return in;
    }

    /** The CSP source allowing exactly the page's own inline script. */
    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
