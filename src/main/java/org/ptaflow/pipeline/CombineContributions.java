package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
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
 * against watermarks and checkpoints:
 * <ul>
 *   <li>a watermark flushes everything held before it goes on, so a contribution the join let through on time
 *       still reaches its window before the watermark that closes it;</li>
 *   <li>a checkpoint flushes before its barrier ({@link #prepareSnapshotPreBarrier}): what the join's checkpointed
 *       state has counted as accepted is downstream of the barrier, so nothing is held in state here and exactly
 *       once holds as before;</li>
 *   <li>the end of input flushes (and a bounded run's final watermark already has);</li>
 *   <li>more than {@link #MAX_KEYS} keys held flushes too, which bounds memory whatever the number of keys;</li>
 *   <li>in a live run, a timer flushes every {@code flushEveryMillis} of processing time, so that early rows are
 *       not held back when the watermark stands still (a quiet source).</li>
 * </ul>
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
public class CombineContributions extends AbstractStreamOperator<ScenarioContribution>
        implements OneInputStreamOperator<ScenarioContribution, ScenarioContribution>, BoundedOneInput {
    /** Keys held at most before a flush; a few MB. */
    static final int MAX_KEYS = 20_000;

    private final WindowSize[] sizeByScenario;
    /** Processing-time flush interval in a live run; 0 = none (a backtest flushes on its bounds and at the end). */
    private final long flushEveryMillis;

    private transient Map<Key, ScenarioContribution> held;
    /** The last window computed per scenario: consecutive records mostly fall in the same one. */
    private transient TimeWindow[] lastWindow;

    /** What one combined contribution stands for: its window is derived from the scenario's window size. */
    private record Key(int scenarioIndex, long windowStart, String importer, String beneficiary, String hs6) {}

    public CombineContributions(List<WindowSize> sizeByScenario, long flushEveryMillis) {
        this.sizeByScenario = sizeByScenario.toArray(new WindowSize[0]);
        this.flushEveryMillis = flushEveryMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new HashMap<>();
        lastWindow = new TimeWindow[sizeByScenario.length];
        if (flushEveryMillis > 0) {
            getProcessingTimeService().scheduleWithFixedDelay(time -> flush(), flushEveryMillis, flushEveryMillis);
        }
    }

    @Override
    public void processElement(StreamRecord<ScenarioContribution> element) {
        ScenarioContribution c = element.getValue();
        TimeWindow window = windowOf(c.scenarioIndex, c.eventTime);
        Key key = new Key(c.scenarioIndex, window.getStart(), c.importer, c.beneficiary, c.hs6);
        ScenarioContribution sum = held.get(key);
        if (sum == null) {
            // A new object: the input is never changed (safe under object reuse).
            sum = new ScenarioContribution(c.scenarioIndex, c.scenario, c.importer, c.beneficiary, c.hs6,
                    c.eventTime, new WindowSums());
            if (held.size() >= MAX_KEYS) {
                flush();
            }
            held.put(key, sum);
        }
        sum.sums.add(c.sums);
        sum.awaitsQuota |= c.awaitsQuota;
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

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // dropped: see the class comment
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** Emits every held sum, stamped with the event time of the first contribution of its key (in its window). */
    private void flush() {
        if (held.isEmpty()) {
            return;
        }
        for (ScenarioContribution sum : held.values()) {
            output.collect(new StreamRecord<>(sum, sum.eventTime));
        }
        held.clear();
    }
}
