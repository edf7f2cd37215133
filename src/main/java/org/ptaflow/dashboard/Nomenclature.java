package org.ptaflow.dashboard;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * HS chapter descriptions and sections, from a nomenclature file with the columns {@code
 * section,hscode,description,parent,level} (HS 2022 as published in the {@code harmonized-system} data package) and
 * the {@code sections.csv} beside it ({@code section,name}). Optional: without one the dashboard shows codes only.
 * Descriptions are data, shown as text.
 */
final class Nomenclature {
    static final Nomenclature NONE = new Nomenclature(Map.of(), Map.of(), Map.of());

    private final Map<String, String> chapterDescriptions;
    private final Map<String, String> chapterSections;
    private final Map<String, String> sectionNames;

    private Nomenclature(Map<String, String> chapterDescriptions, Map<String, String> chapterSections,
            Map<String, String> sectionNames) {
        this.chapterDescriptions = chapterDescriptions;
        this.chapterSections = chapterSections;
        this.sectionNames = sectionNames;
    }

    static Nomenclature load(Path file) throws IOException {
        Map<String, String> descriptions = new HashMap<>();
        Map<String, String> sections = new HashMap<>();
        Map<String, String> sectionNames = new HashMap<>();
        for (Map<String, String> row : read(file)) {
            String code = row.getOrDefault("hscode", "");
            if (code.length() == 2 && "2".equals(row.get("level"))) {
                descriptions.put(code, row.getOrDefault("description", ""));
                sections.put(code, row.getOrDefault("section", ""));
            }
        }
        Path sectionsFile = file.resolveSibling("sections.csv");
        if (Files.isRegularFile(sectionsFile)) {
            for (Map<String, String> row : read(sectionsFile)) {
                sectionNames.put(row.getOrDefault("section", ""), row.getOrDefault("name", ""));
            }
        }
        return new Nomenclature(descriptions, sections, sectionNames);
    }

    private static Iterable<Map<String, String>> read(Path file) throws IOException {
        CsvMapper csv = new CsvMapper();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            MappingIterator<Map<String, String>> it = csv.readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(r);
            return it.readAll();
        }
    }

    String chapterDescription(String chapter) {
        return chapterDescriptions.getOrDefault(chapter, "");
    }

    /** The chapter's section (Roman numeral), or empty without a nomenclature. */
    String section(String chapter) {
        return chapterSections.getOrDefault(chapter, "");
    }

    String sectionName(String section) {
        return sectionNames.getOrDefault(section, "");
    }
}
