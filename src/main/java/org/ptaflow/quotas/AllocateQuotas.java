package org.ptaflow.quotas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ptaflow.economics.QuotaShare;
import org.ptaflow.economics.RecordSums;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.pipeline.OutputTags;
import org.ptaflow.pipeline.ScenarioContribution;
import org.ptaflow.scenario.Quota;
import org.ptaflow.scenario.Scenario;

/**
 * Allocates each quota's claims by registration day, first come first served (economics.md §7), keyed by scenario
 * and quota, and turns every pending record of the day into what its fraction adds to its window.
 *
 * <p>The scenario join counts a record on a quota line at once as pending (nothing inside the quota) and sends it
 * here. A day is allocated by an event-time timer when it is complete: in a live run once the watermark passes the
 * end of the day plus the scenario's allowed lateness — the join has made every later claim of that day late, so
 * nothing the job accepts can come after its day's allocation; in a backtest at the end of input, in day order.
 * Then each record adds the difference between its split sums and its pending sums (exact: both are sums of
 * rounded longs), and each day with claims gives one {@link QuotaStatus}. The day's claims are allocated together
 * and each grant depends only on its own request and the day's total ({@link DayAllocation}), so the result is the
 * same at any parallelism, in any arrival order, live or batch.
 *
 * <p>State, all keyed by quota and checkpointed: the records waiting for their day ({@code quota-pending-records}),
 * the current period ({@code quota-period}) and the volume changes received ({@code quota-volume-changes}). A
 * day's records leave the state when it is allocated, so a live run keeps at most the days within the allowed
 * lateness.
 */
public class AllocateQuotas extends KeyedProcessFunction<String, QuotaEvent, ScenarioContribution> {
    private static final long DAY_MILLIS = 86_400_000L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AllocateQuotas.class);

    /** The allocation's key: scenario and quota. */
    public static final KeySelector<QuotaEvent, String> BY_QUOTA = new QuotaKey();

    private static final class QuotaKey implements KeySelector<QuotaEvent, String> {
        @Override
        public String getKey(QuotaEvent event) {
            return event.quotaKey;
        }
    }

    static final MapStateDescriptor<Long, List<QuotaEvent>> PENDING = new MapStateDescriptor<>(
            "quota-pending-records", Types.LONG, Types.LIST(TypeInformation.of(QuotaEvent.class)));
    static final ValueStateDescriptor<QuotaPeriod> PERIOD =
            new ValueStateDescriptor<>("quota-period", TypeInformation.of(QuotaPeriod.class));
    static final MapStateDescriptor<Long, Long> VOLUMES =
            new MapStateDescriptor<>("quota-volume-changes", Types.LONG, Types.LONG);

    private final List<Scenario> scenarios;
    /** Live runs wait for each day's allowed lateness; a backtest allocates at the end of input. */
    private final boolean live;

    private transient MapState<Long, List<QuotaEvent>> pending;
    /** One copy of each code the pending records carry ({@link QuotaEvent#shareCodes}). */
    private transient Map<String, String> sharedCodes;
    private transient ValueState<QuotaPeriod> period;
    private transient MapState<Long, Long> volumes;
    /** By key: the quota, its scenario's index, and its gauges (registered on the subtask that allocates it). */
    private transient Map<String, Allocated> quotas;
    /**
     * Per quota, the earliest allocation time this instance registered a timer for since one of the quota's timers
     * last fired: a claim due at or after it registers nothing. That timer fires first and allocates every day then
     * due, and registers the first day not yet due ({@link #onTimer}), which is due no later than the claim's day: so
     * every pending day has a timer at or before its allocation time. A backtest's history in any order then
     * registers a few timers per quota (each new earliest day) instead of one per claim of a new day; Flink's timer
     * set hashes allocation times badly (whole days apart, multiples of 1,024 ms, so their low bits agree) and
     * registering cost a sixth of this operator's time even so. Not checkpointed: after a restore the first claim of
     * each quota registers again, which the timer set ignores if it holds that time.
     */
    private transient Map<String, Long> registered;

    /** One quota as this subtask knows it. */
    private static final class Allocated {
        final Quota quota;
        final int scenarioIndex;
        final long allowedLatenessMillis;
        volatile double fill;
        volatile int status;
        boolean gaugesRegistered;

        Allocated(Quota quota, int scenarioIndex, long allowedLatenessMillis) {
            this.quota = quota;
            this.scenarioIndex = scenarioIndex;
            this.allowedLatenessMillis = allowedLatenessMillis;
        }
    }

    /**
     * @param scenarios the run's scenarios in order
     * @param live true in a live run: a day is allocated once the watermark passes its end plus the allowed lateness
     */
    public AllocateQuotas(List<Scenario> scenarios, boolean live) {
        this.scenarios = List.copyOf(scenarios);
        this.live = live;
    }

    /** When the day's allocation runs: the last millisecond of the day plus, live, the scenario's allowed lateness. */
    public static long allocationTime(long epochDay, long allowedLatenessMillis) {
        return (epochDay + 1) * DAY_MILLIS - 1 + allowedLatenessMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(PENDING);
        period = getRuntimeContext().getState(PERIOD);
        volumes = getRuntimeContext().getMapState(VOLUMES);
        quotas = new HashMap<>();
        sharedCodes = new HashMap<>();
        registered = new HashMap<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            long lateness = live ? s.windows().allowedLatenessMillis() : 0;
            for (Quota q : s.quotas()) {
                quotas.put(QuotaEvent.key(s.id(), q.id()), new Allocated(q, i, lateness));
            }
        }
    }

    @Override
    public void processElement(QuotaEvent event, Context ctx, Collector<ScenarioContribution> out) throws Exception {
        Allocated allocated = quotas.get(event.quotaKey);
        if (allocated == null) {
            throw new IllegalStateException("no quota " + event.quotaKey + " in the run's scenarios");
        }
        if (event.volumeChange) {
            volumes.put(event.fromDay, event.volumeMilli);
            return;
        }
        long day = event.day();
        event.shareCodes(sharedCodes);
        List<QuotaEvent> ofDay = pending.get(day);
        if (ofDay == null) {
            ofDay = new ArrayList<>();
        }
        ofDay.add(event);
        pending.put(day, ofDay);
        long due = allocationTime(day, allocated.allowedLatenessMillis);
        Long earliest = registered.get(event.quotaKey);
        if (earliest == null || due < earliest) {
            ctx.timerService().registerEventTimeTimer(due);
            registered.put(event.quotaKey, due);
        }
    }

    /**
     * Allocates, in day order, every pending day that is due by the watermark. Days are read from state rather than
     * from the timer's time, so a run resumed with another allowed lateness still allocates every day (a day not yet
     * due under the new lateness gets a timer of its own), and a quota the resumed scenarios no longer have (renamed
     * or removed) drops its pending records instead of failing the job.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScenarioContribution> out) throws Exception {
        registered.remove(ctx.getCurrentKey()); // until the next timer below, or the next claim, registers one
        Allocated allocated = quotas.get(ctx.getCurrentKey());
        if (allocated == null) {
            LOG.warn("quota {} is not in the run's scenarios any more: its pending records are left pending at f = 0",
                    ctx.getCurrentKey());
            pending.clear();
            period.clear();
            volumes.clear();
            return;
        }
        List<Long> days = new ArrayList<>();
        for (Long day : pending.keys()) {
            days.add(day);
        }
        java.util.Collections.sort(days);
        // Every day due by the watermark, not only by this timer's time: a quota keeps one timer for its earliest
        // pending day (see registered), and a timer registered here at or below the watermark would never fire in a
        // batch run (and would only fire later in this same watermark in a streaming one).
        long horizon = Math.max(timestamp, ctx.timerService().currentWatermark());
        for (long day : days) {
            long due = allocationTime(day, allocated.allowedLatenessMillis);
            if (due > horizon) {
                // The days are in order, and so are their due times: the first day not yet due gets a timer (it
                // has one unless a restore changed the lateness), and each day after it gets one in turn when the
                // one before is allocated. Registering every later day again, on every timer, made the end of a
                // backtest quadratic in its days. Recorded, so that a claim of this day or a later one registers
                // nothing more.
                ctx.timerService().registerEventTimeTimer(due);
                registered.put(ctx.getCurrentKey(), due);
                break;
            }
            List<QuotaEvent> records = pending.get(day);
            pending.remove(day);
            allocate(allocated, day, records, ctx, out);
        }
    }

    private void allocate(Allocated allocated, long day, List<QuotaEvent> records, OnTimerContext ctx,
            Collector<ScenarioContribution> out) throws Exception {
        Quota quota = allocated.quota;
        long periodStart = quota.periodStart(day);
        QuotaPeriod current = period.value();
        if (current == null || current.startDay != periodStart) {
            boolean opening = quota.openingDay() >= periodStart && quota.openingDay() < quota.periodEnd(periodStart);
            current = new QuotaPeriod(periodStart, opening ? quota.openingAllocatedMilli() : 0);
        }
        long volume = quota.periodVolumeMilli(periodStart, volumeOn(day, quota));
        if (current.exhausted() && volume > current.volumeMilli) {
            current.exhaustedOnDay = Long.MIN_VALUE; // a volume raised by an amendment reopens the period
        }
        current.volumeMilli = volume;
        long balance = Math.max(0, volume - current.allocatedMilli);

        long[] requests = records.stream().filter(r -> r.claims).mapToLong(r -> r.requestMilli).toArray();
        DayAllocation day0 = DayAllocation.of(balance, current.exhausted(), requests);

        int c = 0;
        for (QuotaEvent r : records) {
            QuotaShare share = r.claims
                    ? QuotaShare.claimOnDay(day0.grantsMilli()[c], requests[c++], day0.dayNumerator(),
                            day0.dayDenominator(), r.outOfQuotaPercent)
                    : QuotaShare.notClaimed(day0.dayNumerator(), day0.dayDenominator(), r.outOfQuotaPercent);
            if (share.statutoryNumerator() == 0 && share.fullPreferenceNumerator() == 0) {
                continue; // nothing inside the quota: the pending sums already say all
            }
            Scenario s = scenarios.get(r.scenarioIndex);
            RecordSums sums = RecordSums.ofQuotaRecord(r.valueMicros, r.mfnPercent, r.preferentialPercent, r.claims,
                    r.taxPercents == null ? List.of() : s.taxes(r.importer), r.taxPercents, r.specificMicros);
            WindowSums added = sums.asBeneficiary(share);
            added.subtract(sums.asBeneficiary(QuotaShare.pending(r.outOfQuotaPercent)));
            out.collect(new ScenarioContribution(r.scenarioIndex, r.scenario, r.importer, r.beneficiary, r.hs6,
                    r.eventTime, added).onQuotaLine());
        }

        current.allocatedMilli = Math.addExact(current.allocatedMilli, day0.allocatedMilli());
        if (day0.exhaustsToday()) {
            current.exhaustedOnDay = day;
        }
        period.update(current);
        if (requests.length > 0) {
            ctx.output(OutputTags.QUOTA_STATUS, status(allocated, current, day, day0, balance));
        }
    }

    /** The whole-period volume in force on the day: the latest change from on or before it, else the scenario's. */
    private long volumeOn(long day, Quota quota) throws Exception {
        long from = Long.MIN_VALUE;
        long volume = quota.volumeMilli();
        for (Map.Entry<Long, Long> change : volumes.entries()) {
            if (change.getKey() <= day && change.getKey() > from) {
                from = change.getKey();
                volume = change.getValue();
            }
        }
        return volume;
    }

    private QuotaStatus status(Allocated allocated, QuotaPeriod current, long day, DayAllocation result,
            long balanceBefore) {
        Quota quota = allocated.quota;
        QuotaStatus row = new QuotaStatus();
        row.scenario = scenarios.get(allocated.scenarioIndex).id();
        row.quota = quota.id();
        row.unit = quota.unit();
        row.periodStartDay = current.startDay;
        row.periodEndDay = quota.periodEnd(current.startDay);
        row.day = day;
        row.requestedMilli = result.requestedMilli();
        row.allocatedMilli = result.allocatedMilli();
        row.balanceMilli = balanceBefore - result.allocatedMilli();
        row.volumeMilli = current.volumeMilli;
        row.fill = current.volumeMilli == 0 ? 1.0 : (double) current.allocatedMilli / current.volumeMilli;
        row.exhaustedOnDay = current.exhaustedOnDay;
        row.status = current.exhausted() ? QuotaStatus.EXHAUSTED
                : row.fill >= quota.criticalAt() ? QuotaStatus.CRITICAL : QuotaStatus.OPEN;
        publish(allocated, row);
        return row;
    }

    /**
     * The quota's gauges ({@code ptaflow_quota_<scenario>_<quota>_fill} and {@code _status}: 0 open, 1 critical, 2
     * exhausted), registered by the subtask that allocates the quota, the first time it does.
     */
    private void publish(Allocated allocated, QuotaStatus row) {
        allocated.fill = row.fill;
        allocated.status = switch (row.status) {
            case QuotaStatus.EXHAUSTED -> 2;
            case QuotaStatus.CRITICAL -> 1;
            default -> 0;
        };
        if (!allocated.gaugesRegistered) {
            allocated.gaugesRegistered = true;
            MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("ptaflow");
            String name = "quota_" + row.scenario + "_" + row.quota;
            group.gauge(name + "_fill", (Gauge<Double>) () -> allocated.fill);
            group.gauge(name + "_status", (Gauge<Integer>) () -> allocated.status);
        }
    }
}
