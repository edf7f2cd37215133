package org.ptaflow.tariffs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The simulator's true elasticities by HS section ({@code simulate --response-by-section FILE}): CSV with header
 * {@code section,elasticity}, one row per section 1..21 at most, each elasticity finite and ≤ 0 (a tariff cut
 * raises imports). Read with the same CSV rules and {@code file:line: problem} messages as the scenario's tables.
 */
public final class SectionElasticities {
    private SectionElasticities() {}

    /** Number of the HS sections. */
    private static final int SECTIONS = 21;

    /** Section → elasticity, in section order. */
    public static SortedMap<Integer, Double> load(Path csv) throws TableException {
        TreeMap<Integer, Double> bySection = new TreeMap<>();
        Map<Integer, Long> lineOf = new HashMap<>();
        for (CsvTable.Row r : CsvTable.read(csv, "section", "elasticity")) {
            String text = r.required("section");
            int section;
            try {
                section = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw r.error("section '" + text + "' is not a whole number 1.." + SECTIONS);
            }
            if (section < 1 || section > SECTIONS) {
                throw r.error("section " + section + " is not an HS section 1.." + SECTIONS);
            }
            double elasticity = r.number("elasticity");
            if (elasticity > 0) {
                throw r.error("elasticity " + r.text("elasticity") + " is positive (a true elasticity is ≤ 0: a cut "
                        + "raises imports)");
            }
            Long previous = lineOf.putIfAbsent(section, r.line());
            if (previous != null) {
                throw r.error("section " + section + " is already listed on line " + previous);
            }
            bySection.put(section, elasticity);
        }
        return Collections.unmodifiableSortedMap(bySection);
    }
}
