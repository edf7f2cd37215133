package org.ptaflow.tariffs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.tariffs.Tables.day;
import static org.ptaflow.tariffs.Tables.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfnScheduleTest {
    @TempDir
    Path dir;

    private Path schedule() {
        return write(dir, "mfn.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,10,5,2020-01-01,",
                "PAK,1006,15,2020-01-01,",
                "PAK,100630,20,2020-01-01,",
                "PAK,10063010,25,2020-01-01,2024-07-01",
                "PAK,1006301090,30,2020-01-01,",
                "AZE,100630,12,2020-01-01,",
                "PAK,630260,20,2020-01-01,2024-01-01",
                "PAK,630260,18,2024-01-01,");
    }

    @Test
    void longestPrefixInForceWinsAtEachLength() throws Exception {
        MfnSchedule pak = MfnSchedule.load(schedule(), "PAK");
        long d = day("2024-03-05");
        assertEquals(30, pak.rateOn("1006301090", d));
        assertEquals(25, pak.rateOn("1006301010", d));
        assertEquals(20, pak.rateOn("10063020", d));
        assertEquals(15, pak.rateOn("100640", d));
        assertEquals(5, pak.rateOn("100110", d));
    }

    @Test
    void expiredLongerPrefixFallsBackToShorterInForce() throws Exception {
        MfnSchedule pak = MfnSchedule.load(schedule(), "PAK");
        assertEquals(25, pak.rateOn("1006301010", day("2024-06-30")));
        assertEquals(20, pak.rateOn("1006301010", day("2024-07-01")), "valid_to is exclusive");
    }

    @Test
    void consecutivePeriodsOfOnePrefix() throws Exception {
        MfnSchedule pak = MfnSchedule.load(schedule(), "PAK");
        assertEquals(20, pak.rateOn("630260", day("2023-12-31")));
        assertEquals(18, pak.rateOn("630260", day("2024-01-01")));
        assertEquals(18, pak.rateOn("630260", day("2099-01-01")), "empty valid_to is open");
    }

    @Test
    void noRateBeforeValidFromOrForUnknownLine() throws Exception {
        MfnSchedule pak = MfnSchedule.load(schedule(), "PAK");
        assertTrue(Double.isNaN(pak.rateOn("100630", day("2019-12-31"))));
        assertTrue(Double.isNaN(pak.rateOn("200110", day("2024-03-05"))));
    }

    @Test
    void takesOnlyTheImportersRows() throws Exception {
        MfnSchedule aze = MfnSchedule.load(schedule(), "AZE");
        assertEquals(1, aze.rowCount());
        assertEquals(12, aze.rateOn("1006301090", day("2024-03-05")));
        assertEquals(7, MfnSchedule.load(schedule(), "PAK").rowCount());
    }

    @Test
    void overlappingPeriodsOfOnePrefixAreRefused() {
        Path csv = write(dir, "overlap.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,100630,20,2020-01-01,2024-07-01",
                "AZE,100630,20,2024-01-01,",
                "PAK,100630,10,2024-01-01,");
        TableException e = assertThrows(TableException.class, () -> MfnSchedule.load(csv, "PAK"));
        assertEquals(4, e.line());
        assertEquals(csv + ":4: importer PAK prefix 100630: validity overlaps the row on line 2", e.getMessage());
    }

    @Test
    void anotherImportersRowsDoNotOverlap() throws Exception {
        Path csv = write(dir, "two.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,100630,20,2020-01-01,",
                "AZE,100630,15,2020-01-01,");
        assertEquals(20, MfnSchedule.load(csv, "PAK").rateOn("100630", day("2024-01-01")));
        assertEquals(15, MfnSchedule.load(csv, "AZE").rateOn("100630", day("2024-01-01")));
    }

    @Test
    void openEndedRowOverlapsAnyLaterRow() {
        Path csv = write(dir, "open.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,100630,20,2020-01-01,",
                "PAK,100630,10,2030-01-01,2031-01-01");
        assertThrows(TableException.class, () -> MfnSchedule.load(csv, "PAK"));
    }

    @Test
    void badCellsNameTheLineAndColumn() {
        Path negative = write(dir, "neg.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,100630,-1,2020-01-01,");
        TableException e = assertThrows(TableException.class, () -> MfnSchedule.load(negative, "PAK"));
        assertEquals(negative + ":2: rate -1.0 is negative", e.getMessage());

        Path shortPrefix = write(dir, "short.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,1006,5,2020-01-01,",
                "PAK,1,5,2020-01-01,");
        e = assertThrows(TableException.class, () -> MfnSchedule.load(shortPrefix, "PAK"));
        assertEquals(shortPrefix + ":3: hs_prefix '1' is not 2 to 10 digits", e.getMessage());

        Path reversed = write(dir, "rev.csv",
                "importer,hs_prefix,rate,valid_from,valid_to",
                "PAK,1006,5,2020-01-01,2020-01-01");
        assertThrows(TableException.class, () -> MfnSchedule.load(reversed, "PAK"));

        Path noHeader = write(dir, "nohdr.csv", "importer,hs_prefix,rate,valid_from");
        e = assertThrows(TableException.class, () -> MfnSchedule.load(noHeader, "PAK"));
        assertEquals(1, e.line());
    }
}
