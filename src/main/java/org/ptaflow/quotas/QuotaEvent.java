package org.ptaflow.quotas;

import java.util.Map;

/**
 * What reaches a quota's allocation ({@link AllocateQuotas}), keyed by scenario and quota: an eligible beneficiary
 * record on one of the quota's lines (a claim, or a record that did not claim and so only needs its day's fraction
 * for the estimate), or a change of the quota's volume received on {@code concession-updates}.
 *
 * <p>A record carries what its split needs and nothing else: the rates in force on its date and its value, as the
 * scenario join computed them, so the allocation never looks a rate up again (an amendment received in between
 * must not change a record the join already priced). A Flink POJO.
 */
public class QuotaEvent {
    /** {@link #scenario} and {@link #quota} joined: the allocation's key. */
    public String quotaKey;
    public String scenario;
    public String quota;

    /** True for a change of volume; the record fields are then unused. */
    public boolean volumeChange;
    /** A volume change: from this epoch day on, a whole period's volume is {@link #volumeMilli}. */
    public long fromDay;
    public long volumeMilli;

    /** The scenario's position in the run's list. */
    public int scenarioIndex;
    public String importer;
    public String beneficiary;
    public String hs6;
    /** Registration time, epoch ms (UTC): the record's window and its allocation day come from it. */
    public long eventTime;
    /** Whether the record claims the agreement (draws on the quota); otherwise it only takes its day's fraction. */
    public boolean claims;
    /** A claim's request, thousandths of the quota's unit. */
    public long requestMilli;
    public long valueMicros;
    public double mfnPercent;
    public double preferentialPercent;
    public double outOfQuotaPercent;
    /** Per border tax of the importer: ad-valorem percent (NaN where specific or none); null without taxes. */
    public double[] taxPercents;
    /** Per border tax: the specific amount in micro-USD, -1 where none; null without taxes. */
    public long[] specificMicros;

    public QuotaEvent() {}

    public static String key(String scenario, String quota) {
        return scenario + '|' + quota;
    }

    /**
     * Points the event's codes at one copy of each, from {@code shared} (filled as codes arrive): a backtest holds
     * every claim on a quota line until its end, and each arrives from the shuffle with six strings of its own, more
     * than the rest of the event (about 290 of 490 bytes). The codes come from a small vocabulary (scenarios,
     * quotas, countries, the HS6 lines of quotas).
     */
    public void shareCodes(Map<String, String> shared) {
        quotaKey = shared.computeIfAbsent(quotaKey, k -> k);
        scenario = shared.computeIfAbsent(scenario, k -> k);
        quota = shared.computeIfAbsent(quota, k -> k);
        importer = importer == null ? null : shared.computeIfAbsent(importer, k -> k);
        beneficiary = beneficiary == null ? null : shared.computeIfAbsent(beneficiary, k -> k);
        hs6 = hs6 == null ? null : shared.computeIfAbsent(hs6, k -> k);
    }

    /** The registration day, epoch day UTC. */
    public long day() {
        return Math.floorDiv(eventTime, 86_400_000L);
    }

    /** A change of a quota's volume, from a {@code quota} amendment. */
    public static QuotaEvent volumeChange(String scenario, String quota, long fromDay, long volumeMilli) {
        QuotaEvent e = new QuotaEvent();
        e.quotaKey = key(scenario, quota);
        e.scenario = scenario;
        e.quota = quota;
        e.volumeChange = true;
        e.fromDay = fromDay;
        e.volumeMilli = volumeMilli;
        return e;
    }
}
