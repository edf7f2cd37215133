package org.ptaflow.scenario;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Locale;

/**
 * A tariff-rate quota of a scenario (contract §3 {@code quotas:}, economics.md §7): the concession's rate holds for a
 * pair's claims on these lines only within {@code volume} per period, allocated first come first served by
 * registration day. Built by {@link ScenarioLoader}, which has checked the lines against the pair's concession lists,
 * the unit, the volume and {@code critical_at}.
 *
 * <p>Volumes, allocations and requests are counted in thousandths of the quota's unit ({@code milli}): the rule
 * rounds allocations down to 3 decimals, so whole numbers of thousandths are exact.
 */
public final class Quota implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The largest request a claim can make, in the quota's unit (10^15, a quota's largest volume): a claim beyond it
     * cannot be measured in thousandths and is rejected ({@code no_quota_unit}) rather than stop the job.
     */
    public static final BigDecimal LARGEST_REQUEST = BigDecimal.TEN.pow(15);

    /** The unit of a quota counted in customs value rather than quantity. */
    public static final String USD = "USD";

    /** How a quota's periods follow each other. */
    public enum Period {
        /** Calendar years, or years from {@link #yearStart()}. */
        YEAR,
        QUARTER,
        MONTH;

        /** The scenario's word for the period. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String id;
    private final String importer;
    private final String beneficiary;
    private final List<String> lines;
    private final String unit;
    private final long volumeMilli;
    private final Period period;
    /** Years only: the day a period starts ({@code start: 07-01}); January 1st by default. */
    private final MonthDay yearStart;
    private final double criticalAt;
    /** Percent; NaN: the MFN rate on the record's date. */
    private final double outOfQuotaPercent;
    /** Epoch day from which the concession covering the quota's first line is in force; Long.MIN_VALUE: always. */
    private final long inForceFromDay;
    /** Epoch day of the opening statement ({@code opening.date}); Long.MIN_VALUE: none. */
    private final long openingDay;
    private final long openingAllocatedMilli;

    /**
     * @param outOfQuotaPercent the rate above the quota, percent; NaN for the MFN rate
     * @param inForceFrom the first staging date of the concession covering the quota's first line; null when that
     *     concession is in force on every date
     * @param openingDate {@code opening.date}, or null without an opening statement
     * @param openingAllocated {@code opening.allocated} in the quota's unit (ignored without an opening date)
     */
    public Quota(String id, String importer, String beneficiary, List<String> lines, String unit, BigDecimal volume,
            Period period, MonthDay yearStart, double criticalAt, double outOfQuotaPercent, LocalDate inForceFrom,
            LocalDate openingDate, BigDecimal openingAllocated) {
        if (period != Period.YEAR && yearStart != null && !yearStart.equals(MonthDay.of(1, 1))) {
            throw new IllegalArgumentException("start applies to yearly quotas only");
        }
        this.id = id;
        this.importer = importer;
        this.beneficiary = beneficiary;
        this.lines = List.copyOf(lines);
        this.unit = unit;
        this.volumeMilli = toMilli(volume);
        this.period = period;
        this.yearStart = yearStart == null ? MonthDay.of(1, 1) : yearStart;
        this.criticalAt = criticalAt;
        this.outOfQuotaPercent = outOfQuotaPercent;
        this.inForceFromDay = inForceFrom == null ? Long.MIN_VALUE : inForceFrom.toEpochDay();
        this.openingDay = openingDate == null ? Long.MIN_VALUE : openingDate.toEpochDay();
        this.openingAllocatedMilli = openingDate == null ? 0 : toMilli(openingAllocated);
    }

    /** A quantity in thousandths of its unit, rounded down (the rule never grants more than was written). */
    public static long toMilli(BigDecimal amount) {
        return amount.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** Thousandths back to the unit, exact (3 decimals). */
    public static BigDecimal fromMilli(long milli) {
        return BigDecimal.valueOf(milli, 3);
    }

    public String id() {
        return id;
    }

    public String importer() {
        return importer;
    }

    public String beneficiary() {
        return beneficiary;
    }

    /** HS prefixes, each within the pair's concession lists. */
    public List<String> lines() {
        return lines;
    }

    /** The unit as the scenario writes it; {@link #USD} for a quota counted in value. */
    public String unit() {
        return unit;
    }

    /** Whether requests are the claims' USD values rather than their quantities. */
    public boolean countsValue() {
        return USD.equalsIgnoreCase(unit);
    }

    /** Whether a record's quantity unit is the quota's (case-insensitive, as tax units). */
    public boolean sameUnit(String recordUnit) {
        return recordUnit != null && unit.equalsIgnoreCase(recordUnit);
    }

    /** The volume of a whole period, thousandths of the unit. */
    public long volumeMilli() {
        return volumeMilli;
    }

    public Period period() {
        return period;
    }

    public MonthDay yearStart() {
        return yearStart;
    }

    /** Share of the period's volume from which the quota is {@code critical}, in (0, 1]. */
    public double criticalAt() {
        return criticalAt;
    }

    /** The rate a claim pays above the quota, percent; NaN: the MFN rate in force on the record's date. */
    public double outOfQuotaPercent() {
        return outOfQuotaPercent;
    }

    /** The out-of-quota rate for a record whose MFN rate is {@code mfnPercent}. */
    public double outOfQuotaPercent(double mfnPercent) {
        return Double.isNaN(outOfQuotaPercent) ? mfnPercent : outOfQuotaPercent;
    }

    /** The epoch day the quota's concession enters into force; Long.MIN_VALUE when it always is. */
    public long inForceFromDay() {
        return inForceFromDay;
    }

    /** The epoch day of the opening statement; Long.MIN_VALUE when the quota has none. */
    public long openingDay() {
        return openingDay;
    }

    /** What was allocated in the opening day's period before the records begin, thousandths. */
    public long openingAllocatedMilli() {
        return openingAllocatedMilli;
    }

    /** The first day (epoch day) of the period holding {@code epochDay}. */
    public long periodStart(long epochDay) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        LocalDate start = switch (period) {
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
            case YEAR -> {
                LocalDate thisYear = yearStart.atYear(day.getYear());
                yield day.isBefore(thisYear) ? yearStart.atYear(day.getYear() - 1) : thisYear;
            }
        };
        return start.toEpochDay();
    }

    /** The day after the last of the period starting on {@code periodStart} (exclusive end). */
    public long periodEnd(long periodStart) {
        LocalDate start = LocalDate.ofEpochDay(periodStart);
        LocalDate end = switch (period) {
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case YEAR -> yearStart.atYear(start.getYear() + 1);
        };
        return end.toEpochDay();
    }

    /**
     * The volume of the period starting on {@code periodStart} given a whole period's volume: pro-rated by days when
     * the period begins before the concession enters into force ({@code volume × days in force ÷ days in the
     * period}, rounded down to 3 decimals, economics.md §7); 0 when it enters into force after the period.
     */
    public long periodVolumeMilli(long periodStart, long wholeVolumeMilli) {
        long end = periodEnd(periodStart);
        if (inForceFromDay <= periodStart) {
            return wholeVolumeMilli;
        }
        long days = end - periodStart;
        long inForce = Math.max(0, end - inForceFromDay);
        return BigDecimal.valueOf(wholeVolumeMilli).multiply(BigDecimal.valueOf(inForce))
                .divide(BigDecimal.valueOf(days), 0, RoundingMode.FLOOR).longValueExact();
    }

    @Override
    public String toString() {
        return "quota " + id + " (" + importer + " from " + beneficiary + ", " + lines + ", " + fromMilli(volumeMilli)
                + " " + unit + " per " + period.word() + ")";
    }
}
