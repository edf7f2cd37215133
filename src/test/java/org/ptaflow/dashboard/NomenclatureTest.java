package org.ptaflow.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HS 2022 nomenclature that ships in the jar is what the dashboard describes codes with when no {@code
 * --hs-nomenclature} is given; a file given replaces it. Expected texts are copied by hand from the HS 2022 lines
 * (rice 100630 in chapter 10, section II), not from the program.
 */
class NomenclatureTest {
    /** Contract §4's impact columns, without uncertainty. */
    private static final String[] IMPACT_COLUMNS = {"scenario", "window_start", "window_end", "importer",
        "beneficiary", "hs6", "records", "value_beneficiary", "value_others", "dutiable_value", "eligible_value",
        "preferential_value", "utilization", "t0", "t1", "duty_at_mfn", "duty_statutory", "revenue_forgone",
        "trade_creation", "trade_diversion", "trade_effect", "revenue_change", "welfare"};

    @Test
    void builtInNomenclatureDescribesRiceLineItsChapterAndSection() {
        Nomenclature hs = Nomenclature.builtIn();
        assertEquals("Cereals; rice, semi-milled or wholly milled, whether or not polished or glazed",
                hs.description("100630"));
        assertEquals("Rice", hs.description("1006"));
        assertEquals("Cereals", hs.chapterDescription("10"));
        assertEquals("II", hs.section("10"));
        assertEquals("Vegetable products", hs.sectionName("II"));
        // Leading zeros are part of the code: chapter 01, not 1.
        assertEquals("Animals; live", hs.chapterDescription("01"));
        assertEquals("", hs.chapterDescription("1"));
        // Chapter 77 is reserved in HS and has no line.
        assertEquals("", hs.chapterDescription("77"));
    }

    @Test
    void dashboardWithoutOptionDescribesChaptersAndSections(@TempDir Path out) throws Exception {
        // One impact row of rice (HS6 100630) in a run's output folder, written as the contract's CSV.
        Files.writeString(out.resolve("impact.csv"), String.join(",", IMPACT_COLUMNS) + "\n"
                + "rice-test,2024-02-01T00:00:00Z,2024-03-01T00:00:00Z,AZE,PAK,100630,1,1000,0,1000,1000,1000,"
                + "1.000000,20.000000,10.000000,200,100,100,0,0,0,0,0\n", StandardCharsets.UTF_8);
        try (Dashboard dashboard = Dashboard.forOutputFolder(out, Dashboard.Settings.defaults().withPort(0))) {
            dashboard.start();
            URI address = URI.create("http://127.0.0.1:" + dashboard.port()
                    + "/api/view?scenario=rice-test&importer=AZE&beneficiary=PAK");
            HttpResponse<String> view = HttpClient.newHttpClient().send(HttpRequest.newBuilder(address).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, view.statusCode());
            JsonNode json = new ObjectMapper().readTree(view.body());
            assertEquals("10", json.at("/chapters/0/code").asText(), view.body());
            assertEquals("Cereals", json.at("/chapters/0/description").asText(), view.body());
            assertEquals("II", json.at("/sections/0/code").asText(), view.body());
            assertEquals("Vegetable products", json.at("/sections/0/description").asText(), view.body());
        }
    }

    @Test
    void givenFileReplacesBuiltInNomenclature(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hs-other.csv");
        Files.writeString(file, "section,hscode,description,parent,level\n"
                + "II,10,Cereal grains (other edition),TOTAL,2\n", StandardCharsets.UTF_8);
        Nomenclature hs = Nomenclature.load(file);
        assertEquals("Cereal grains (other edition)", hs.chapterDescription("10"));
        assertEquals("II", hs.section("10"));
        // Nothing of the built-in one leaks in: no sections.csv beside the file, no line 100630 in it.
        assertEquals("", hs.sectionName("II"));
        assertEquals("", hs.description("100630"));
    }
}
