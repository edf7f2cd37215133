package org.ptaflow.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * HS descriptions (chapters, headings, subheadings) and sections, from a nomenclature file with the columns {@code
 * section,hscode,description,parent,level} (HS 2022 as published in the {@code harmonized-system} data package) and
 * the {@code sections.csv} beside it ({@code section,name}). The HS 2022 files ship in the jar ({@code hs/}, public
 * domain, see its README) and are the default; a file given with {@code --hs-nomenclature} replaces them, for
 * instance a later HS edition. Descriptions are data, shown as text.
 */
final class Nomenclature {
    /** The classpath folder of the HS 2022 files that travel with the job jar. */
    private static final String BUILT_IN = "hs/";

    /** Descriptions by HS code, every level (2, 4 and 6 digits). */
    private final Map<String, String> descriptions;
    private final Map<String, String> chapterSections;
    private final Map<String, String> sectionNames;

    private Nomenclature(Map<String, String> descriptions, Map<String, String> chapterSections,
            Map<String, String> sectionNames) {
        this.descriptions = descriptions;
        this.chapterSections = chapterSections;
        this.sectionNames = sectionNames;
    }

    /** A nomenclature file and, when there is one beside it, its {@code sections.csv}. */
    static Nomenclature load(Path file) throws IOException {
        List<Map<String, String>> codes;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            codes = read(r);
        }
        List<Map<String, String>> sections = List.of();
        Path sectionsFile = file.resolveSibling("sections.csv");
        if (Files.isRegularFile(sectionsFile)) {
            try (Reader r = Files.newBufferedReader(sectionsFile, StandardCharsets.UTF_8)) {
                sections = read(r);
            }
        }
        return of(codes, sections);
    }

    /** HS 2022 from the jar: what the dashboard shows when no {@code --hs-nomenclature} is given. */
    static Nomenclature builtIn() {
        try {
            return of(readResource(BUILT_IN + "hs2022.csv"), readResource(BUILT_IN + "sections.csv"));
        } catch (IOException e) {
            // The files are part of the build; failing to read them is a broken jar, not a user's mistake.
            throw new UncheckedIOException("the HS 2022 nomenclature in the jar cannot be read", e);
        }
    }

    private static List<Map<String, String>> readResource(String name) throws IOException {
        InputStream in = Nomenclature.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("no resource " + name);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    private static Nomenclature of(List<Map<String, String>> codes, List<Map<String, String>> sections) {
        Map<String, String> descriptions = new HashMap<>();
        Map<String, String> chapterSections = new HashMap<>();
        Map<String, String> sectionNames = new HashMap<>();
        for (Map<String, String> row : codes) {
            String code = row.getOrDefault("hscode", "");
            // The TOTAL row and anything that is not a 2/4/6-digit code is not a line of the nomenclature.
            if (code.isEmpty() || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
                continue;
            }
            descriptions.put(code, row.getOrDefault("description", ""));
            if (code.length() == 2 && "2".equals(row.get("level"))) {
                chapterSections.put(code, row.getOrDefault("section", ""));
            }
        }
        for (Map<String, String> row : sections) {
            sectionNames.put(row.getOrDefault("section", ""), row.getOrDefault("name", ""));
        }
        return new Nomenclature(descriptions, chapterSections, sectionNames);
    }

    private static List<Map<String, String>> read(Reader r) throws IOException {
        MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(r);
        return it.readAll();
    }

    /** The description of an HS code of any level (chapter, heading, HS6 line), or empty when unknown. */
    String description(String hsCode) {
        return descriptions.getOrDefault(hsCode, "");
    }

    String chapterDescription(String chapter) {
        return description(chapter);
    }

    /** The chapter's section (Roman numeral), or empty when the nomenclature does not know the chapter. */
    String section(String chapter) {
        return chapterSections.getOrDefault(chapter, "");
    }

    String sectionName(String section) {
        return sectionNames.getOrDefault(section, "");
    }
}
