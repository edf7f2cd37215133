package org.ptaflow.quotas;

/**
 * Where a quota's current period stands (keyed state of {@link AllocateQuotas}): its first day, the volume the
 * last allocation measured against, what has been allocated so far (the opening statement included) and the day it
 * ran out. Days are allocated in order, so only the current period is kept. A Flink POJO.
 */
public class QuotaPeriod {
    public long startDay;
    public long volumeMilli;
    public long allocatedMilli;
    /** Epoch day the period was exhausted; {@link Long#MIN_VALUE} while it is not. */
    public long exhaustedOnDay = Long.MIN_VALUE;

    public QuotaPeriod() {}

    QuotaPeriod(long startDay, long openingAllocatedMilli) {
        this.startDay = startDay;
        this.allocatedMilli = openingAllocatedMilli;
    }

    boolean exhausted() {
        return exhaustedOnDay != Long.MIN_VALUE;
    }
}
