package org.ptaflow.tariffs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ptaflow.tariffs.Tables.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcessionListTest {
    @TempDir
    Path dir;

    @Test
    void readsPrefixesWithOptionalRateAndNote() throws Exception {
        Path csv = write(dir, "offer.csv",
                "hs_prefix,rate,note",
                "100630,,rice",
                "630260,10,linen",
                "52");
        ConcessionList list = ConcessionList.load(csv);
        assertEquals(3, list.size());
        assertFalse(list.lines().get("100630").hasRate());
        assertEquals("rice", list.lines().get("100630").note());
        assertEquals(10.0, list.lines().get("630260").rate());
        assertFalse(list.lines().get("52").hasRate());
    }

    @Test
    void onlyPrefixColumnIsRequired() throws Exception {
        Path csv = write(dir, "plain.csv", "hs_prefix", "1006", "6302");
        assertEquals(2, ConcessionList.load(csv).size());
    }

    @Test
    void duplicatePrefixIsRefused() {
        Path csv = write(dir, "dup.csv", "hs_prefix,rate", "100630,", "630260,5", "100630,0");
        TableException e = assertThrows(TableException.class, () -> ConcessionList.load(csv));
        assertEquals(csv + ":4: prefix 100630 is already listed on line 2", e.getMessage());
    }

    @Test
    void negativeLineRateIsRefused() {
        Path csv = write(dir, "neg.csv", "hs_prefix,rate", "100630,-2");
        assertThrows(TableException.class, () -> ConcessionList.load(csv));
    }

    @Test
    void missingFileIsRefused() {
        TableException e = assertThrows(TableException.class, () -> ConcessionList.load(dir.resolve("none.csv")));
        assertEquals(0, e.line());
    }
}
