package org.ptaflow.tariffs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ptaflow.tariffs.Tables.day;
import static org.ptaflow.tariffs.Tables.write;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FxTableTest {
    @TempDir
    Path dir;

    private FxTable table() throws TableException {
        return FxTable.load(write(dir, "fx.csv",
                "currency,date,usd_per_unit",
                "PKR,2024-03-04,0.003580",
                "AZN,2024-03-01,0.588235",
                "PKR,2024-03-01,0.003575",
                "PKR,2024-03-08,0.003590"));
    }

    @Test
    void rateOnARateDate() throws Exception {
        assertEquals(new BigDecimal("0.003580"), table().usdPerUnit("PKR", day("2024-03-04")));
    }

    @Test
    void betweenDatesTheLatestEarlierRateApplies() throws Exception {
        assertEquals(new BigDecimal("0.003580"), table().usdPerUnit("PKR", day("2024-03-07")));
        assertEquals(new BigDecimal("0.003590"), table().usdPerUnit("PKR", day("2024-12-31")));
        assertEquals(new BigDecimal("0.588235"), table().usdPerUnit("AZN", day("2024-03-05")));
    }

    @Test
    void beforeTheFirstDateOrUnknownCurrencyThereIsNone() throws Exception {
        assertNull(table().usdPerUnit("PKR", day("2024-02-29")));
        assertNull(table().usdPerUnit("EUR", day("2024-03-05")));
    }

    @Test
    void twoRowsForOneCurrencyAndDateAreRefused() {
        Path csv = write(dir, "dup.csv",
                "currency,date,usd_per_unit",
                "PKR,2024-03-01,0.003575",
                "AZN,2024-03-01,0.588235",
                "PKR,2024-03-01,0.003576");
        TableException e = assertThrows(TableException.class, () -> FxTable.load(csv));
        assertEquals(csv + ":4: a rate for PKR on 2024-03-01 is already on line 2", e.getMessage());
    }

    @Test
    void nonPositiveRateIsRefused() {
        Path csv = write(dir, "zero.csv", "currency,date,usd_per_unit", "PKR,2024-03-01,0");
        assertThrows(TableException.class, () -> FxTable.load(csv));
    }
}
