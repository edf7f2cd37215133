package org.ptaflow.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The WCO's chapters-to-sections table at its borders. */
class HsSectionsTest {

    @Test
    void chapterOneIsTheFirstChapterOfSectionOne() {
        assertEquals(1, HsSections.ofLine("010121"), "live horses");
        assertEquals(1, HsSections.ofChapter(1));
        assertEquals(1, HsSections.ofLine("05"), "chapter 05 closes section I");
        assertEquals(2, HsSections.ofLine("060110"), "chapter 06 opens section II");
    }

    @Test
    void mineralFuelsOfChapter27AreSectionFiveAndChemicalsOf28SectionSix() {
        assertEquals(5, HsSections.ofLine("271019"), "petroleum oils");
        assertEquals(6, HsSections.ofLine("280110"), "chlorine");
        assertEquals(6, HsSections.ofLine("310210"), "urea, chapter 31, still chemicals");
    }

    @Test
    void worksOfArtOfChapter97AreTheLastSection() {
        assertEquals(21, HsSections.ofLine("970110"));
        assertEquals(List.of(97), HsSections.chapters(21));
        assertEquals("XXI", HsSections.roman(21));
    }

    @Test
    void reservedChapter77LiesInsideBaseMetals() {
        assertEquals(15, HsSections.ofChapter(77));
        assertEquals(15, HsSections.ofChapter(72));
        assertEquals(15, HsSections.ofChapter(83));
        assertEquals(16, HsSections.ofChapter(84));
        assertEquals(IntStream.rangeClosed(72, 83).boxed().toList(), HsSections.chapters(15));
    }

    @Test
    void singleChapterSectionsStandAlone() {
        assertEquals(3, HsSections.ofChapter(15), "fats and oils");
        assertEquals(14, HsSections.ofChapter(71), "pearls, precious metals");
        assertEquals(19, HsSections.ofChapter(93), "arms");
        assertEquals(List.of(93), HsSections.chapters(19));
    }

    @Test
    void everyChapterFrom1To97IsInExactlyOneSectionInOrder() {
        List<Integer> all = new ArrayList<>();
        for (int s = 1; s <= HsSections.COUNT; s++) {
            for (int c : HsSections.chapters(s)) {
                assertEquals(s, HsSections.ofChapter(c), "chapter " + c);
                all.add(c);
            }
        }
        assertEquals(IntStream.rangeClosed(1, 97).boxed().toList(), all);
    }

    @Test
    void nationalChaptersBelongToNoSection() {
        assertEquals(HsSections.NONE, HsSections.ofLine("980000"));
        assertEquals(HsSections.NONE, HsSections.ofLine("990100"));
        assertEquals(HsSections.NONE, HsSections.ofLine("000000"));
    }

    @Test
    void aCodeWithoutTwoDigitsAndASectionOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HsSections.ofLine("1"));
        assertThrows(IllegalArgumentException.class, () -> HsSections.ofLine("A10630"));
        assertThrows(IllegalArgumentException.class, () -> HsSections.chapters(0));
        assertThrows(IllegalArgumentException.class, () -> HsSections.chapters(22));
    }

    @Test
    void chapterPrefixHasTwoDigits() {
        assertEquals("01", HsSections.chapterPrefix(1));
        assertEquals("97", HsSections.chapterPrefix(97));
    }

    /** The WCO's table of sections, chapter by chapter, written out range by range. */
    @Test
    void everyChapterFallsInItsSectionRangeByRange() {
        int[][] ranges = {{1, 5}, {6, 14}, {15, 15}, {16, 24}, {25, 27}, {28, 38}, {39, 40}, {41, 43}, {44, 46},
            {47, 49}, {50, 63}, {64, 67}, {68, 70}, {71, 71}, {72, 83}, {84, 85}, {86, 89}, {90, 92}, {93, 93},
            {94, 96}, {97, 97}};
        for (int s = 0; s < ranges.length; s++) {
            for (int chapter = ranges[s][0]; chapter <= ranges[s][1]; chapter++) {
                assertEquals(s + 1, HsSections.ofChapter(chapter), "chapter " + chapter);
            }
        }
        assertEquals(2, HsSections.ofLine("1006309800"));
        assertEquals(1, HsSections.ofLine("0101"));
        assertEquals(16, HsSections.ofLine("84713000"));
        assertEquals(HsSections.NONE, HsSections.ofChapter(98), "a national chapter is in no section");
    }
}
