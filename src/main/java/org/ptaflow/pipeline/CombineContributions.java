package org.ptaflow.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.WindowSize;

/**
 * Inside the scenario join ({@link ScenarioJoinOperator}) and after the quotas' allocation ({@link CombineAllocations}):
 * adds up the contributions of one (scenario, window, importer, beneficiary, HS6) before they cross the shuffle to
 * the windows, so that the windows receive one contribution per key and window for each flush instead of one per
 * record. A backtest of a million records becomes a few hundred contributions. The scenarios of one window size share
 * a {@link Group} per (window, importer, beneficiary, HS6), found once per record: its contributions to the other
 * scenarios come in the same {@link RoutedRecord} and find it again among the groups used lately
 * ({@link PreShuffleSums#recent}), without a lookup in the map of held groups.
 *
 * <p>The rows do not change: window sums are exact longs, so a window's total is the same however its
 * contributions are grouped (see {@link WindowSums}). What the windows see, and when, keeps the join's order
 * against watermarks and checkpoints: the holding operator flushes on every watermark, before every checkpoint
 * barrier, at the end of input and on a processing-time timer in a live run, and the sums flush themselves past a
 * bound of keys ({@link PreShuffleSums}, which {@link CombineOriginImports} shares). Late firings within the allowed
 * lateness may be grouped: several late records of one key between two watermarks fire the window once with all of
 * them instead of once each; the last row for a window is the same.
 *
 * <p>Why the join's sums are combined inside the join rather than by an operator chained after it: that would hand
 * every record through Flink's chained outputs (a collector, the outputs' counters, a call per output), some of the
 * join thread's CPU for nothing (docs/performance.md). The sums and the points at which they are flushed are the same
 * either way.
 */
public final class CombineContributions
        extends PreShuffleSums<CombineContributions.Key, CombineContributions.Group, ScenarioContribution> {

    private final WindowSize[] sizeByScenario;
    /** Per scenario, the position of its window size among the run's distinct sizes: one size, one group. */
    private final int[] sizeGroupByScenario;
    private final int sizeGroups;
    /** Whether a contribution shared by several scenarios can be added once: a bit per scenario must fit a long. */
    final boolean sharesSums;

    /** The last window computed per size group: consecutive records mostly fall in the same one. */
    private final TimeWindow[] lastWindow;

    /**
     * What one group of combined contributions stands for, every scenario of one window size alike: the window is
     * derived from that size. Equality and hash written out: they run for every group looked up, and a record's
     * generated ones go through {@code ObjectMethods}.
     */
    record Key(int sizeGroup, long windowStart, String importer, String beneficiary, String hs6) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && sizeGroup == k.sizeGroup && windowStart == k.windowStart
                    && Objects.equals(hs6, k.hs6) && Objects.equals(importer, k.importer)
                    && Objects.equals(beneficiary, k.beneficiary);
        }

        @Override
        public int hashCode() {
            return hash(sizeGroup, windowStart, importer, beneficiary, hs6);
        }

        static int hash(int sizeGroup, long windowStart, String importer, String beneficiary, String hs6) {
            int h = 31 * sizeGroup + Long.hashCode(windowStart);
            h = 31 * h + Objects.hashCode(importer);
            h = 31 * h + Objects.hashCode(beneficiary);
            return 31 * h + Objects.hashCode(hs6);
        }

        /**
         * Whether a contribution falls in this group. Every contribution of one record carries the record's own
         * importer and six digits, so {@code Objects.equals} mostly ends at its reference check.
         */
        boolean holds(int group, long start, String importer, String beneficiary, String hs6) {
            return windowStart == start && sizeGroup == group && Objects.equals(this.hs6, hs6)
                    && Objects.equals(this.importer, importer) && Objects.equals(this.beneficiary, beneficiary);
        }
    }

    /**
     * The held sum of each scenario for one key (null where the scenario has none yet), and the sums added once for
     * several scenarios: a record that every scenario prices alike (a line none of them concedes, mostly) routes one
     * sums object to all of them, added here once instead of once per scenario. Each scenario's row is its own sum
     * plus every shared sum whose scenarios include it ({@link #send}); sums are exact longs, so the total is the
     * same however it was grouped.
     */
    static final class Group {
        final Key key;
        final ScenarioContribution[] byScenario;
        /** Per shared sum: its scenarios, a bit per scenario index. */
        long[] sharedScenarios;
        WindowSums[] shared;
        int sharedCount;

        Group(Key key, int scenarios) {
            this.key = key;
            this.byScenario = new ScenarioContribution[scenarios];
        }

        /** Adds a contribution of the scenarios in {@code scenarios} (bits), each of which already has its sum. */
        void addShared(long scenarios, WindowSums sums) {
            for (int s = 0; s < sharedCount; s++) {
                if (sharedScenarios[s] == scenarios) {
                    shared[s].add(sums);
                    return;
                }
            }
            if (shared == null || sharedCount == shared.length) {
                int n = Math.max(2, 2 * sharedCount);
                sharedScenarios = sharedScenarios == null ? new long[n] : Arrays.copyOf(sharedScenarios, n);
                shared = shared == null ? new WindowSums[n] : Arrays.copyOf(shared, n);
            }
            WindowSums sum = new WindowSums();
            sum.add(sums);
            sharedScenarios[sharedCount] = scenarios;
            shared[sharedCount++] = sum;
        }
    }

    /**
     * Adds the contributions of one record the join routed. Consecutive contributions of one sums object to one
     * beneficiary in scenarios of one window size (the join routes scenario after scenario, and shares the object
     * where they price the record alike) find their group once and are added once, as a shared sum of those
     * scenarios.
     */
    void add(RoutedRecord r) {
        int n = r.contributionCount;
        int k = 0;
        while (k < n) {
            int end = k + 1;
            if (sharesSums) {
                int sizeGroup = sizeGroupOf(r.scenarioIndex[k]);
                long scenarios = 1L << r.scenarioIndex[k];
                // (a scenario twice in a row would be added once: never routed so, but then not shared)
                while (end < n && r.sums[end] == r.sums[k] && r.beneficiary[end].equals(r.beneficiary[k])
                        && sizeGroupOf(r.scenarioIndex[end]) == sizeGroup
                        && (scenarios & (1L << r.scenarioIndex[end])) == 0) {
                    scenarios |= 1L << r.scenarioIndex[end];
                    end++;
                }
            }
            if (end - k == 1) {
                add(r.scenarioIndex[k], r.scenario[k], r.importer, r.beneficiary[k], r.hs6, r.registeredAt,
                        r.sums[k], r.awaitsQuota[k]);
            } else {
                addAlike(r, k, end);
            }
            k = end;
        }
    }

    /** Adds what one claim adds once its day is allocated (the quotas' allocation). */
    void add(ScenarioContribution c) {
        add(c.scenarioIndex, c.scenario, c.importer, c.beneficiary, c.hs6, c.eventTime, c.sums, c.awaitsQuota);
    }

    /**
     * @param sizeByScenario each scenario's window size, in the run's order
     * @param out where the combined sums go when flushed
     */
    CombineContributions(List<WindowSize> sizeByScenario, Out<ScenarioContribution> out) {
        super(out, key -> new Group(key, sizeByScenario.size()));
        this.sizeByScenario = sizeByScenario.toArray(new WindowSize[0]);
        this.sizeGroupByScenario = new int[this.sizeByScenario.length];
        List<WindowSize> distinct = new ArrayList<>();
        for (int i = 0; i < this.sizeByScenario.length; i++) {
            int at = distinct.indexOf(this.sizeByScenario[i]);
            if (at < 0) {
                at = distinct.size();
                distinct.add(this.sizeByScenario[i]);
            }
            sizeGroupByScenario[i] = at;
        }
        this.sizeGroups = distinct.size();
        this.sharesSums = this.sizeByScenario.length <= Long.SIZE;
        this.lastWindow = new TimeWindow[sizeGroups];
    }

    /** Adds one contribution to the held sum of its scenario, window and key. */
    private void add(int scenarioIndex, String scenario, String importer, String beneficiary, String hs6,
            long eventTime, WindowSums sums, boolean awaitsQuota) {
        Group group = groupOf(scenarioIndex, importer, beneficiary, hs6, eventTime);
        ScenarioContribution sum = sumOf(group, scenarioIndex, scenario, importer, beneficiary, hs6, eventTime);
        sum.sums.add(sums);
        sum.awaitsQuota |= awaitsQuota;
    }

    /**
     * Adds the contributions {@code from} (inclusive) to {@code to} of a routed record, one sums object to one
     * beneficiary in scenarios of one window size, as one shared sum.
     */
    private void addAlike(RoutedRecord r, int from, int to) {
        Group group = groupOf(r.scenarioIndex[from], r.importer, r.beneficiary[from], r.hs6, r.registeredAt);
        long scenarios = 0;
        for (int k = from; k < to; k++) {
            int i = r.scenarioIndex[k];
            ScenarioContribution sum = sumOf(group, i, r.scenario[k], r.importer, r.beneficiary[k], r.hs6,
                    r.registeredAt);
            sum.awaitsQuota |= r.awaitsQuota[k];
            scenarios |= 1L << i;
        }
        group.addShared(scenarios, r.sums[from]);
    }

    private int sizeGroupOf(int scenarioIndex) {
        return sizeGroupByScenario[scenarioIndex];
    }

    /** The held group of a contribution's window and key, held anew if there is none. */
    private Group groupOf(int scenarioIndex, String importer, String beneficiary, String hs6, long eventTime) {
        int sizeGroup = sizeGroupByScenario[scenarioIndex];
        long start = windowOf(sizeGroup, scenarioIndex, eventTime).getStart();
        int hash = Key.hash(sizeGroup, start, importer, beneficiary, hs6);
        Group group = recent(hash);
        if (group == null || !group.key.holds(sizeGroup, start, importer, beneficiary, hs6)) {
            group = held(hash, new Key(sizeGroup, start, importer, beneficiary, hs6));
        }
        return group;
    }

    /** The scenario's held sum in the group, made on its first contribution. */
    private static ScenarioContribution sumOf(Group group, int scenarioIndex, String scenario, String importer,
            String beneficiary, String hs6, long eventTime) {
        ScenarioContribution sum = group.byScenario[scenarioIndex];
        if (sum == null) {
            // A new object: the input is never changed (safe under object reuse). It goes out with the event time
            // of the first contribution of its key in its window.
            sum = new ScenarioContribution(scenarioIndex, scenario, importer, beneficiary, hs6, eventTime,
                    new WindowSums());
            group.byScenario[scenarioIndex] = sum;
        }
        return sum;
    }

    @Override
    void send(Group group) {
        for (int i = 0; i < group.byScenario.length; i++) {
            ScenarioContribution sum = group.byScenario[i];
            if (sum == null) {
                continue;
            }
            for (int s = 0; s < group.sharedCount; s++) {
                if ((group.sharedScenarios[s] & (1L << i)) != 0) {
                    sum.sums.add(group.shared[s]);
                }
            }
            emit(sum, sum.eventTime);
        }
    }

    private TimeWindow windowOf(int sizeGroup, int scenarioIndex, long eventTime) {
        TimeWindow window = CalendarWindows.windowOf(sizeByScenario[scenarioIndex], eventTime, lastWindow[sizeGroup]);
        lastWindow[sizeGroup] = window;
        return window;
    }
}
