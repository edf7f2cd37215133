package org.ptaflow.flags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.WindowSize;

/**
 * Rule {@code partner_shift} in the job: keyed by scenario, importer and HS6 ({@link #BY_LINE}), it sums each
 * month's home-use imports by origin in keyed state and, when the watermark passes a month's end (an event-time
 * timer), hands that month and the 12 before it to {@link PartnerShift}. In a live run the month waits until the
 * scenario join can accept no more of its records ({@link #closingDelay}): the impact rows count those records, so
 * the flags do as well, and equal a backtest's.
 *
 * <p>State is bounded: after a month is evaluated, the months that no later month compares with (12 or more before
 * it) are dropped, and a timer 12 months after the latest month with imports clears the rest, so a line that stops
 * trading leaves nothing behind.
 *
 * <p>A record whose month has already closed (the watermark passed its end and the delay) is late: its month is not
 * evaluated again (its flag, if any, was decided), but its value still counts in the history of the months to come,
 * when they are still within 12 months of it. In a backtest the watermark passes every month only at the end of the
 * input, so every record counts and the flags do not depend on arrival order.
 */
public class PartnerShiftFunction extends KeyedProcessFunction<String, OriginImport, Flag> {
    private static final long serialVersionUID = 1L;

    /** The operator's key: scenario, importer and HS6 ({@link OriginImport#lineKey}). */
    public static final KeySelector<OriginImport, String> BY_LINE = new LineKey();

    private static final class LineKey implements KeySelector<OriginImport, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(OriginImport line) {
            return line.lineKey();
        }
    }

    /** Month (as {@link PartnerShift#monthOf} numbers it) → that month's imports of the line by origin. */
    static final MapStateDescriptor<Integer, MonthImports> MONTHS = new MapStateDescriptor<>(
            "partner-shift-months", Types.INT, TypeInformation.of(MonthImports.class));

    /** The rule of each scenario of the run, by scenario id: the tables travel with the job. */
    private final HashMap<String, PartnerShift> rules = new HashMap<>();
    /** How long after its end a month of each scenario is evaluated, milliseconds ({@link #closingDelay}, or 0). */
    private final HashMap<String, Long> delays = new HashMap<>();

    private transient MapState<Integer, MonthImports> months;

    /**
     * @param lateness false in a backtest (months close at the end of the input); true in a live run, where a month
     *     closes when the watermark passes its end plus its scenario's allowed lateness
     */
    public PartnerShiftFunction(List<Scenario> scenarios, boolean lateness) {
        for (Scenario s : scenarios) {
            rules.put(s.id(), new PartnerShift(s));
            delays.put(s.id(), lateness ? closingDelay(s) : 0L);
        }
    }

    /**
     * How long after a month's end the scenario join may still accept a record of it, milliseconds: the scenario's
     * allowed lateness after the end of the record's window, and with weekly windows the week that holds the month's
     * last day may end up to 6 days after it (monthly and daily windows end with the month at the latest).
     */
    static long closingDelay(Scenario s) {
        long straddle = s.windows().size() == WindowSize.WEEK ? 6 * 86_400_000L : 0;
        return s.windows().allowedLatenessMillis() + straddle;
    }

    /** When the month of this key's scenario closes: its end plus the scenario's delay. */
    private static long closes(int month, long delay) {
        return PartnerShift.monthEnd(month) + delay;
    }

    private long delay(String lineKey) {
        String scenario = lineKey.substring(0, lineKey.indexOf('|'));
        Long delay = delays.get(scenario);
        if (delay == null) {
            throw new IllegalStateException("no scenario " + scenario + " in this run for line " + lineKey);
        }
        return delay;
    }

    @Override
    public void open(OpenContext openContext) {
        months = getRuntimeContext().getMapState(MONTHS);
    }

    @Override
    public void processElement(OriginImport line, Context ctx, Collector<Flag> out) throws Exception {
        int month = PartnerShift.monthOf(line.registeredAt);
        long delay = delay(ctx.getCurrentKey());
        long watermark = ctx.timerService().currentWatermark();
        long forgetAt = closes(month + PartnerShift.HISTORY_MONTHS, delay);
        if (forgetAt <= watermark) {
            return; // no month still to come compares with it
        }
        MonthImports before = months.get(month);
        months.put(month, before == null ? MonthImports.of(line.origin, line.valueMicros)
                : before.plus(line.origin, line.valueMicros));
        long closes = closes(month, delay);
        // A late record's month is not evaluated again; its timer only clears it when it is too old to matter.
        ctx.timerService().registerEventTimeTimer(closes > watermark ? closes : forgetAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Flag> out) throws Exception {
        long delay = delay(ctx.getCurrentKey());
        int month = PartnerShift.monthOf(timestamp - delay);
        Map<Integer, Map<String, Long>> byMonth = new TreeMap<>();
        List<Integer> expired = new ArrayList<>();
        int latest = Integer.MIN_VALUE;
        for (Map.Entry<Integer, MonthImports> e : months.entries()) {
            int m = e.getKey();
            if (m <= month - PartnerShift.HISTORY_MONTHS) {
                expired.add(m); // no month after this one compares with it
            } else {
                byMonth.put(m, e.getValue().byOrigin());
                latest = Math.max(latest, m);
            }
        }
        if (byMonth.containsKey(month)) {
            String[] key = ctx.getCurrentKey().split("\\|", 3);
            for (Flag flag : rules.get(key[0]).check(key[1], key[2], month, byMonth)) {
                out.collect(flag);
            }
        }
        for (int m : expired) {
            months.remove(m);
        }
        if (latest != Integer.MIN_VALUE) {
            // Clears the line once its latest month is out of every later month's history (timers of one
            // timestamp are one timer: registering it again costs nothing).
            ctx.timerService().registerEventTimeTimer(closes(latest + PartnerShift.HISTORY_MONTHS, delay));
        }
    }
}
