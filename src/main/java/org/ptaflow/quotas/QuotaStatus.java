package org.ptaflow.quotas;

import java.time.LocalDate;
import java.util.Objects;
import org.ptaflow.scenario.Quota;

/**
 * One row of {@code quotas.csv} and of the {@code quota-status} topic (contract §4): a quota's allocation of one
 * registration day with claims, and where its period stands after it. Amounts are thousandths of the quota's unit
 * (written with 3 decimals). A Flink POJO.
 */
public class QuotaStatus {
    public static final String OPEN = "open";
    public static final String CRITICAL = "critical";
    public static final String EXHAUSTED = "exhausted";

    public String scenario;
    public String quota;
    /** The quota's unit ({@code kg}, {@code USD}, …), for readers of the row; not a contract column. */
    public String unit;
    /** The period holding {@link #day}: first day and the day after its last (epoch days). */
    public long periodStartDay;
    public long periodEndDay;
    /** The registration day allocated, epoch day (UTC). */
    public long day;
    /** Σ of the day's requests, thousandths. */
    public long requestedMilli;
    /** Σ granted to the day's claims, thousandths. */
    public long allocatedMilli;
    /** What is left of the period's volume after the day, thousandths. */
    public long balanceMilli;
    /** The period's volume (pro-rated for a first period), thousandths; fill is measured against it. */
    public long volumeMilli;
    /** Allocated in the period so far (opening included) ÷ its volume; 1 when the volume is 0. */
    public double fill;
    /** {@link #OPEN}, {@link #CRITICAL} or {@link #EXHAUSTED}. */
    public String status;
    /** The day the period was exhausted, epoch day; {@link Long#MIN_VALUE} while it is not. */
    public long exhaustedOnDay = Long.MIN_VALUE;

    public QuotaStatus() {}

    public boolean exhausted() {
        return exhaustedOnDay != Long.MIN_VALUE;
    }

    public LocalDate dayDate() {
        return LocalDate.ofEpochDay(day);
    }

    /** The exhaustion date, or null while the period is not exhausted. */
    public LocalDate exhaustedOn() {
        return exhausted() ? LocalDate.ofEpochDay(exhaustedOnDay) : null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QuotaStatus q)) {
            return false;
        }
        return periodStartDay == q.periodStartDay && periodEndDay == q.periodEndDay && day == q.day
                && requestedMilli == q.requestedMilli && allocatedMilli == q.allocatedMilli
                && balanceMilli == q.balanceMilli && volumeMilli == q.volumeMilli
                && Double.compare(fill, q.fill) == 0 && exhaustedOnDay == q.exhaustedOnDay
                && Objects.equals(scenario, q.scenario) && Objects.equals(quota, q.quota)
                && Objects.equals(unit, q.unit) && Objects.equals(status, q.status);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scenario, quota, day, allocatedMilli, balanceMilli);
    }

    @Override
    public String toString() {
        return scenario + "/" + quota + " " + dayDate() + ": requested " + Quota.fromMilli(requestedMilli)
                + ", allocated " + Quota.fromMilli(allocatedMilli) + ", balance " + Quota.fromMilli(balanceMilli)
                + ", fill " + fill + ", " + status + (exhausted() ? " on " + exhaustedOn() : "");
    }
}
