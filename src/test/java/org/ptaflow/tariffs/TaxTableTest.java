package org.ptaflow.tariffs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tax tables (contract §2): ad valorem and specific, matched like the MFN schedule. */
class TaxTableTest {
    @TempDir
    Path dir;

    private static long day(String iso) {
        return LocalDate.parse(iso).toEpochDay();
    }

    private Path csv(String text) throws Exception {
        return Files.writeString(dir.resolve("tax.csv"), text);
    }

    @Test
    void theLongestPrefixInForceWinsWithValidFromInclusiveAndValidToExclusive() throws Exception {
        TaxTable t = TaxTable.load(csv("""
                hs_prefix,rate,valid_from,valid_to
                10,17,2020-01-01,2025-01-01
                10,18,2025-01-01,
                100630,0,2024-07-01,2024-10-01
                """), false, "tax sales_tax of PAK");
        assertEquals(TaxRate.adValorem(17), t.rateOn("10063010", day("2024-12-31")));
        assertEquals(TaxRate.adValorem(18), t.rateOn("10063010", day("2025-01-01")));
        assertEquals(TaxRate.adValorem(0), t.rateOn("10063010", day("2024-07-01")), "a longer prefix in force");
        assertEquals(TaxRate.adValorem(17), t.rateOn("10063010", day("2024-10-01")), "its valid_to is exclusive");
        assertNull(t.rateOn("52010000", day("2025-01-01")), "no row: no rate (the tax is 0)");
        assertNull(t.rateOn("10063010", day("2019-12-31")));
        assertEquals(3, t.rowCount());
    }

    @Test
    void aSpecificTableGivesAnAmountPerUnitInACurrency() throws Exception {
        TaxTable t = TaxTable.load(csv("""
                hs_prefix,rate,unit,currency,valid_from,valid_to
                2208,12,litre,AZN,2020-01-01,
                """), true, "tax excise of AZE");
        TaxRate rate = t.rateOn("22083000", day("2025-01-01"));
        assertTrue(rate.specific());
        assertEquals(new TaxRate(12, "litre", "AZN"), rate);
    }

    @Test
    void aSpecificTableWithABadCurrencyIsRefused() throws Exception {
        Path file = csv("hs_prefix,rate,unit,currency,valid_from,valid_to\n2208,12,litre,azn,2020-01-01,\n");
        assertEquals(file + ":2: currency 'azn' is not three upper-case letters", assertThrows(TableException.class,
                () -> TaxTable.load(file, true, "tax excise of AZE")).getMessage());
    }
}
