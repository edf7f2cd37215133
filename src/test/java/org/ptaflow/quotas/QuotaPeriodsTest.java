package org.ptaflow.quotas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptaflow.scenario.Quota;

/** Periods and the pro-rated first period of economics.md §7. */
class QuotaPeriodsTest {
    private static long day(String date) {
        return LocalDate.parse(date).toEpochDay();
    }

    private static Quota quota(Quota.Period period, MonthDay start, String inForceFrom) {
        return new Quota("q", "PAK", "AZE", List.of("0902"), "kg", new BigDecimal("365000"), period, start, 0.9,
                Double.NaN, inForceFrom == null ? null : LocalDate.parse(inForceFrom), null, null);
    }

    @Test
    void periodsAreCalendarYearsQuartersMonthsOrYearsFromAStartDay() {
        Quota year = quota(Quota.Period.YEAR, null, null);
        assertEquals(day("2025-01-01"), year.periodStart(day("2025-08-20")));
        assertEquals(day("2026-01-01"), year.periodEnd(day("2025-01-01")));

        Quota fiscal = quota(Quota.Period.YEAR, MonthDay.of(7, 1), null);
        assertEquals(day("2024-07-01"), fiscal.periodStart(day("2025-06-30")));
        assertEquals(day("2025-07-01"), fiscal.periodStart(day("2025-07-01")));
        assertEquals(day("2026-07-01"), fiscal.periodEnd(day("2025-07-01")));

        Quota quarter = quota(Quota.Period.QUARTER, null, null);
        assertEquals(day("2025-07-01"), quarter.periodStart(day("2025-09-30")));
        assertEquals(day("2025-10-01"), quarter.periodEnd(day("2025-07-01")));

        Quota month = quota(Quota.Period.MONTH, null, null);
        assertEquals(day("2024-02-01"), month.periodStart(day("2024-02-29")));
        assertEquals(day("2024-03-01"), month.periodEnd(day("2024-02-01")));
    }

    @Test
    void aFirstPeriodBeginningBeforeEntryIntoForceIsProRatedByDays() {
        // In force from 2025-07-01: 184 of 365 days of 2025; 365000 kg × 184 / 365 = 184000 kg exactly.
        Quota q = quota(Quota.Period.YEAR, null, "2025-07-01");
        assertEquals(184_000_000L, q.periodVolumeMilli(day("2025-01-01"), q.volumeMilli()));
        // The next period is whole.
        assertEquals(365_000_000L, q.periodVolumeMilli(day("2026-01-01"), q.volumeMilli()));
        // 1000 kg from 2025-03-15: 292 of 365 days → 800 kg exactly; 1001 kg → 800.8 kg; 1 kg → 0.8 kg;
        // 0.005 kg × 292 / 365 = 0.004 kg (rounded down to 3 decimals).
        Quota march = new Quota("q", "PAK", "AZE", List.of("0902"), "kg", new BigDecimal("1000"),
                Quota.Period.YEAR, null, 0.9, Double.NaN, LocalDate.parse("2025-03-15"), null, null);
        long start = day("2025-01-01");
        assertEquals(800_000L, march.periodVolumeMilli(start, 1_000_000L));
        assertEquals(800_800L, march.periodVolumeMilli(start, 1_001_000L));
        assertEquals(4L, march.periodVolumeMilli(start, 5L));
        // 100 kg from 2025-01-02: 364 / 365 × 100 = 99.7260… → 99.726 kg.
        Quota second = quota(Quota.Period.YEAR, null, "2025-01-02");
        assertEquals(99_726L, second.periodVolumeMilli(start, 100_000L));
    }
}
