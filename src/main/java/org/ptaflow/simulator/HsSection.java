package org.ptaflow.simulator;

/**
 * The Harmonized System's 21 sections (the WCO's table), as the simulator's response needs them: an elasticity may
 * be given per section. Chapter 77 is reserved and belongs to section 15 with the other base metals; 98 and 99 are
 * national chapters outside the sections.
 */
final class HsSection {
    private HsSection() {}

    /** Number of the HS sections, 1..21. */
    static final int COUNT = 21;

    /** Last chapter of sections 1..21, in order: section s holds chapters LAST[s − 2] + 1 .. LAST[s − 1]. */
    private static final int[] LAST_CHAPTER = {5, 14, 15, 24, 27, 38, 40, 43, 46, 49, 63, 67, 70, 71, 83, 85, 89, 92,
        93, 96, 97};

    /** The section (1..21) of an HS chapter (1..97). */
    static int ofChapter(int chapter) {
        if (chapter < 1 || chapter > 97) {
            throw new IllegalArgumentException("HS chapter must be 1..97: " + chapter);
        }
        int section = 1;
        while (chapter > LAST_CHAPTER[section - 1]) {
            section++;
        }
        return section;
    }

    /** The section of a declared line (its first two digits are the chapter). */
    static int ofHsCode(String hsCode) {
        return ofChapter(Integer.parseInt(hsCode.substring(0, 2)));
    }
}
