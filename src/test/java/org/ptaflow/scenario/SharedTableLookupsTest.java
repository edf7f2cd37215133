package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.ptaflow.tariffs.FxTable;
import org.ptaflow.tariffs.MfnSchedule;
import org.ptaflow.tariffs.TaxTable;

/**
 * Scenarios of one run share the national tables they name alike ({@link ScenarioLoader#loadAll}), and the lookups
 * remembered for all of them ({@link SharedTableLookups}) answer as each table itself does, the tables interleaved so
 * that one table's answer for a line is never given for another's.
 */
class SharedTableLookupsTest {
    private static final List<Path> LIBRARY = List.of(Paths.get("scenarios/pk-az-pta-requests.yaml"),
            Paths.get("scenarios/pk-az-pta-phase1.yaml"), Paths.get("scenarios/pk-az-full-liberalisation.yaml"));

    @Test
    void scenariosLoadedTogetherShareTheTablesTheyNameAlike() throws Exception {
        List<Scenario> together = ScenarioLoader.loadAll(LIBRARY);
        Scenario first = together.get(0);
        for (Scenario other : together.subList(1, together.size())) {
            assertSame(first.mfnSchedule("PAK"), other.mfnSchedule("PAK"));
            assertSame(first.mfnSchedule("AZE"), other.mfnSchedule("AZE"));
            assertSame(first.fxTable(), other.fxTable());
            for (int j = 0; j < first.taxes("PAK").size(); j++) {
                assertSame(first.taxes("PAK").get(j).rates(), other.taxes("PAK").get(j).rates());
            }
            // Taxes alike in every way: one list, so that a record's amounts are computed once for both.
            assertSame(first.taxes("PAK"), other.taxes("PAK"));
            assertSame(first.taxes("AZE"), other.taxes("AZE"));
        }
        assertNotSame(first.mfnSchedule("PAK"), first.mfnSchedule("AZE"), "two files, two tables");
        Scenario alone = ScenarioLoader.load(LIBRARY.get(1));
        assertNotSame(first.mfnSchedule("PAK"), alone.mfnSchedule("PAK"), "loaded on its own, its own tables");
        assertNotSame(first.taxes("PAK"), alone.taxes("PAK"), "loaded on its own, its own list of taxes");
        assertEquals(alone.describe(), together.get(1).describe(), "sharing changes nothing a scenario says");
    }

    @Test
    void rememberedAnswersAreEachTablesOwn() throws Exception {
        Scenario s = ScenarioLoader.load(LIBRARY.get(0));
        List<MfnSchedule> schedules = List.of(s.mfnSchedule("PAK"), s.mfnSchedule("AZE"));
        List<TaxTable> taxTables = new ArrayList<>();
        for (String importer : List.of("PAK", "AZE")) {
            s.taxes(importer).forEach(t -> taxTables.add(t.rates()));
        }
        FxTable fx = s.fxTable();
        String[] currencies = {"PKR", "AZN", "EUR", "XXX"};
        long firstDay = LocalDate.of(2021, 6, 1).toEpochDay();
        Random random = new Random(5);
        // Lines from the schedules' own chapters, over five years: a pool of keys three times the slots, so that
        // answers are found again and also pushed out of their slots by others.
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3 * SharedTableLookups.SLOTS; i++) {
            StringBuilder line = new StringBuilder(String.format("%02d", 1 + random.nextInt(97)));
            int length = 6 + random.nextInt(5);
            while (line.length() < length) {
                line.append(random.nextInt(10));
            }
            lines.add(line.toString());
        }
        SharedTableLookups lookups = new SharedTableLookups();
        int differentAcrossSchedules = 0;
        int taxRows = 0;
        for (int i = 0; i < 200_000; i++) {
            String line = new String(lines.get(random.nextInt(10) < 8 ? (i / 50 + random.nextInt(200)) % lines.size()
                    : random.nextInt(lines.size())));
            long day = firstDay + random.nextInt(5 * 365);
            double pak = lookups.mfnRate(schedules.get(0), line, day);
            double aze = lookups.mfnRate(schedules.get(1), line, day);
            assertEquals(Double.doubleToRawLongBits(schedules.get(0).rateOn(line, day)),
                    Double.doubleToRawLongBits(pak), line);
            assertEquals(Double.doubleToRawLongBits(schedules.get(1).rateOn(line, day)),
                    Double.doubleToRawLongBits(aze), line);
            differentAcrossSchedules += Double.doubleToRawLongBits(pak) != Double.doubleToRawLongBits(aze) ? 1 : 0;
            // The same line object asked again, as the next scenario of a record asks it: on the same day or the
            // next, of either schedule (the last questions are remembered by reference).
            MfnSchedule again = schedules.get(random.nextInt(2));
            long againDay = day + random.nextInt(2);
            assertEquals(Double.doubleToRawLongBits(again.rateOn(line, againDay)),
                    Double.doubleToRawLongBits(lookups.mfnRate(again, line, againDay)), line);
            TaxTable table = taxTables.get(random.nextInt(taxTables.size()));
            assertEquals(table.rateOn(line, day), lookups.taxRate(table, line, day), line);
            taxRows += table.rateOn(line, day) != null ? 1 : 0;
            String currency = currencies[random.nextInt(currencies.length)];
            assertEquals(fx.usdPerUnit(currency, day), lookups.usdPerUnit(fx, currency, day), currency);
        }
        // The test tells tables apart only where their answers differ, and finds rows only where tables have some.
        assertTrue(differentAcrossSchedules > 10_000, "lines the two schedules rate differently: "
                + differentAcrossSchedules);
        assertTrue(taxRows > 10_000, "tax rows found: " + taxRows);
    }
}
