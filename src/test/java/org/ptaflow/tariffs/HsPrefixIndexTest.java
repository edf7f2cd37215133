package org.ptaflow.tariffs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HsPrefixIndexTest {

    private static HsPrefixIndex<String> chapterToNationalLine() {
        HsPrefixIndex<String> index = new HsPrefixIndex<>();
        index.put("10", "chapter");
        index.put("1006", "heading");
        index.put("100630", "subheading");
        index.put("10063010", "8-digit");
        index.put("1006301090", "10-digit");
        return index;
    }

    @Test
    void longestPrefixWinsAtEachLength() {
        HsPrefixIndex<String> index = chapterToNationalLine();
        assertEquals("10-digit", index.longestMatch("1006301090"));
        assertEquals("8-digit", index.longestMatch("1006301020"));
        assertEquals("subheading", index.longestMatch("10063099"));
        assertEquals("heading", index.longestMatch("100640"));
        assertEquals("chapter", index.longestMatch("100110"));
    }

    @Test
    void noMatchGivesNull() {
        assertNull(chapterToNationalLine().longestMatch("200110"));
    }

    @Test
    void probeCanSkipAMatchingPrefix() {
        HsPrefixIndex<String> index = chapterToNationalLine();
        String result = index.longestMatch("1006301090", v -> v.equals("10-digit") ? null : v);
        assertEquals("8-digit", result);
    }

    @Test
    void prefixesOutside2To10DigitsAreRefused() {
        HsPrefixIndex<String> index = new HsPrefixIndex<>();
        assertThrows(IllegalArgumentException.class, () -> index.put("1", "x"));
        assertThrows(IllegalArgumentException.class, () -> index.put("10063010901", "x"));
        assertThrows(IllegalArgumentException.class, () -> index.put("10a6", "x"));
    }
}
