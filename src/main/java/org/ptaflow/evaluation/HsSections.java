package org.ptaflow.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The 21 sections of the Harmonized System (the WCO's grouping of its 97 chapters), which calibration fits one
 * elasticity factor for (economics.md §8). A section is a broad kind of goods (XI textiles, XVI machinery): lines
 * within it are alike enough to share a correction of their elasticities, and a section holds enough lines for the
 * fit to mean something, where a chapter often does not.
 *
 * <p>Chapter 77 is reserved by the HS for future use; it lies inside section XV (base metals, chapters 72 to 83)
 * and is counted there. Chapters 98 and 99 (and 00) are not HS chapters: national tariffs use them for special
 * provisions. Their lines belong to no section: {@link #NONE}.
 */
public final class HsSections {
    /** The number of HS sections. */
    public static final int COUNT = 21;

    /** The "section" of a line outside the HS chapters (national chapters 98 and 99). */
    public static final int NONE = 0;

    /** The first chapter of each section, by section (index 0 unused); a section ends where the next begins. */
    private static final int[] FIRST_CHAPTER = {
        0, 1, 6, 15, 16, 25, 28, 39, 41, 44, 47, 50, 64, 68, 71, 72, 84, 86, 90, 93, 94, 97
    };

    private static final int LAST_CHAPTER = 97;

    private static final String[] ROMAN = {
        "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
        "XVII", "XVIII", "XIX", "XX", "XXI"
    };

    private HsSections() {}

    /** The section (1 to 21) of an HS chapter (1 to 97); {@link #NONE} for any other number. */
    public static int ofChapter(int chapter) {
        if (chapter < 1 || chapter > LAST_CHAPTER) {
            return NONE;
        }
        int section = COUNT;
        while (FIRST_CHAPTER[section] > chapter) {
            section--;
        }
        return section;
    }

    /**
     * The section of an HS code or prefix (its first two digits are the chapter): {@code "100630"} is in II.
     *
     * @throws IllegalArgumentException when the code does not start with two ASCII digits
     */
    public static int ofLine(String hs) {
        if (hs == null || hs.length() < 2 || !isDigit(hs.charAt(0)) || !isDigit(hs.charAt(1))) {
            throw new IllegalArgumentException("not an HS code: '" + hs + "'");
        }
        return ofChapter((hs.charAt(0) - '0') * 10 + (hs.charAt(1) - '0'));
    }

    /** The chapters of a section (1 to 21), in order; chapter 77 (reserved) is among those of XV. */
    public static List<Integer> chapters(int section) {
        requireSection(section);
        int end = section == COUNT ? LAST_CHAPTER + 1 : FIRST_CHAPTER[section + 1];
        List<Integer> chapters = new ArrayList<>();
        for (int c = FIRST_CHAPTER[section]; c < end; c++) {
            chapters.add(c);
        }
        return Collections.unmodifiableList(chapters);
    }

    /** A chapter as the two-digit HS prefix that names it ({@code 1} → {@code "01"}). */
    public static String chapterPrefix(int chapter) {
        if (chapter < 1 || chapter > LAST_CHAPTER) {
            throw new IllegalArgumentException("no HS chapter " + chapter);
        }
        return chapter < 10 ? "0" + chapter : Integer.toString(chapter);
    }

    /** The section's number as the HS writes it, in Roman numerals ({@code 15} → {@code "XV"}). */
    public static String roman(int section) {
        requireSection(section);
        return ROMAN[section];
    }

    private static void requireSection(int section) {
        if (section < 1 || section > COUNT) {
            throw new IllegalArgumentException("no HS section " + section + " (sections are 1 to " + COUNT + ")");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
