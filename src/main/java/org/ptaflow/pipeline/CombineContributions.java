package org.ptaflow.pipeline;

import java.util.List;
import java.util.Objects;

import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.WindowSize;

/**
 * Between the scenario join and the windows: adds up the contributions of one (scenario, window, importer,
 * beneficiary, HS6) before they cross the shuffle, so that the windows receive one contribution per key and
 * window for each batch instead of one per record. A backtest of a million records becomes a few hundred
 * contributions; before, every record crossed the network once per beneficiary of its importer.
 *
 * <p>The rows do not change: window sums are exact longs, so a window's total is the same however its
 * contributions are grouped (see {@link WindowSums}). What the windows see, and when, keeps the join's order
 * against watermarks and checkpoints: sums are flushed on every watermark, before every checkpoint barrier, at the
 * end of input, past a bound of keys and on a processing-time timer in a live run ({@link PreShuffleSums}, which
 * {@link CombineOriginImports} shares).
 * Late firings within the allowed lateness may be grouped: several late records of one key between two watermarks
 * fire the window once with all of them instead of once each; the last row for a window is the same.
 *
 * <p>It forwards records and watermarks, never an idle status: to the windows, every join subtask is always
 * active, so their watermark is the minimum over all of them. Why: when the records source has been idle (a Kafka
 * partition quiet for the idleness timeout, a broker outage, a slow fetch on a busy machine), its next records
 * travel downstream while the stream is still marked idle; Flink marks it active again only with the next
 * watermark. A join subtask whose inputs are all idle marks its output idle, and the windows then take their
 * watermark from the other join subtasks alone. A watermark from one join subtask can then overtake, on its own
 * channel, a contribution that another join subtask has just emitted: the window fires without it and drops it as
 * late afterwards (or, within the allowed lateness, fires a second final row), although the join, with its own
 * watermark, had let it through on time. Every join subtask sees the same watermarks (they come from the same
 * source subtasks), so holding the windows to the slowest one costs nothing. (This was a pass-through operator of
 * its own, {@code WindowsSeeJoinActive}, before the combining; the uid {@code join-active-for-windows} is its.)
 */
public class CombineContributions extends PreShuffleSums<CombineContributions.Key, ScenarioContribution> {
    private final WindowSize[] sizeByScenario;

    /** The last window computed per scenario: consecutive records mostly fall in the same one. */
    private transient TimeWindow[] lastWindow;

    /**
     * What one combined contribution stands for: its window is derived from the scenario's window size. Equality
     * and hash written out: they run for every contribution, and a record's generated ones go through
     * {@code ObjectMethods} (2 % of the join thread's samples on their own).
     */
    record Key(int scenarioIndex, long windowStart, String importer, String beneficiary, String hs6) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && scenarioIndex == k.scenarioIndex && windowStart == k.windowStart
                    && Objects.equals(hs6, k.hs6) && Objects.equals(importer, k.importer)
                    && Objects.equals(beneficiary, k.beneficiary);
        }

        @Override
        public int hashCode() {
            int h = 31 * scenarioIndex + Long.hashCode(windowStart);
            h = 31 * h + Objects.hashCode(importer);
            h = 31 * h + Objects.hashCode(beneficiary);
            return 31 * h + Objects.hashCode(hs6);
        }
    }

    public CombineContributions(List<WindowSize> sizeByScenario, long flushEveryMillis) {
        super(flushEveryMillis);
        this.sizeByScenario = sizeByScenario.toArray(new WindowSize[0]);
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastWindow = new TimeWindow[sizeByScenario.length];
    }

    @Override
    public void processElement(StreamRecord<ScenarioContribution> element) {
        ScenarioContribution c = element.getValue();
        TimeWindow window = windowOf(c.scenarioIndex, c.eventTime);
        Key key = new Key(c.scenarioIndex, window.getStart(), c.importer, c.beneficiary, c.hs6);
        ScenarioContribution sum = held(key);
        if (sum == null) {
            // A new object: the input is never changed (safe under object reuse).
            sum = new ScenarioContribution(c.scenarioIndex, c.scenario, c.importer, c.beneficiary, c.hs6,
                    c.eventTime, new WindowSums());
            hold(key, sum);
        }
        sum.sums.add(c.sums);
        sum.awaitsQuota |= c.awaitsQuota;
    }

    /** A held sum goes out with the event time of the first contribution of its key (in its window). */
    @Override
    long eventTime(ScenarioContribution sum) {
        return sum.eventTime;
    }

    private TimeWindow windowOf(int scenarioIndex, long eventTime) {
        TimeWindow last = lastWindow[scenarioIndex];
        if (last != null && eventTime >= last.getStart() && eventTime < last.getEnd()) {
            return last;
        }
        TimeWindow window = CalendarWindows.windowOf(sizeByScenario[scenarioIndex], eventTime);
        lastWindow[scenarioIndex] = window;
        return window;
    }
}
