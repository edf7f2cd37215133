package org.ptaflow.pipeline;

import java.util.Arrays;
import java.util.Objects;

import org.ptaflow.flags.OriginImport;
import org.ptaflow.flags.PartnerShift;

/**
 * Inside the scenario join ({@link ScenarioJoinOperator}), before rule {@code partner_shift}: adds up the values of
 * one (scenario, importer, HS6, origin, month) before they cross the shuffle, as {@link CombineContributions} does
 * for the windows, flushed where {@link PreShuffleSums} says. The rule sums values by month and origin, so how they
 * are grouped before does not change a flag. A record's imports in every scenario come in one {@link RoutedRecord}
 * and share one group per (importer, HS6, origin, month), looked up once.
 */
final class CombineOriginImports
        extends PreShuffleSums<CombineOriginImports.Key, CombineOriginImports.Group, OriginImport> {
    /**
     * Equality and hash written out, as {@link CombineContributions.Key}'s: they run for every group looked up. No
     * scenario: a {@link Group} holds every scenario's sum of the key.
     */
    record Key(String importer, String hs6, String origin, int month) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && month == k.month && Objects.equals(hs6, k.hs6)
                    && Objects.equals(origin, k.origin) && Objects.equals(importer, k.importer);
        }

        @Override
        public int hashCode() {
            return hash(importer, hs6, origin, month);
        }

        static int hash(String importer, String hs6, String origin, int month) {
            int h = 31 * month + Objects.hashCode(importer);
            h = 31 * h + Objects.hashCode(hs6);
            return 31 * h + Objects.hashCode(origin);
        }

        /**
         * Whether an import falls in this group. A record's imports in every scenario carry its own strings, so
         * {@code Objects.equals} mostly ends at its reference check.
         */
        boolean holds(RoutedRecord r, int month) {
            return this.month == month && Objects.equals(hs6, r.hs6)
                    && Objects.equals(origin, r.origin)
                    && Objects.equals(importer, r.importer);
        }
    }

    /** The held sum of each scenario that has one for the key, in the order they came. */
    static final class Group {
        final Key key;
        OriginImport[] sums = new OriginImport[2];
        int count;

        Group(Key key) {
            this.key = key;
        }

        /**
         * The scenario's sum, or null (each import carries its scenario's own id: a reference check mostly). Every
         * record routes its imports in the run's scenario order, so the sum at {@code position} (the import's place
         * in its record) is nearly always the one: tried first, before the scan.
         */
        OriginImport of(String scenario, int position) {
            if (position < count && sums[position].scenario == scenario) {
                return sums[position];
            }
            for (int k = 0; k < count; k++) {
                OriginImport sum = sums[k];
                if (Objects.equals(sum.scenario, scenario)) {
                    return sum;
                }
            }
            return null;
        }

        void add(OriginImport sum) {
            if (count == sums.length) {
                sums = Arrays.copyOf(sums, 2 * count);
            }
            sums[count++] = sum;
        }
    }

    /** The month of the last registration time seen, and its bounds: consecutive records mostly share it. */
    private int lastMonth;
    private long lastMonthStart = Long.MAX_VALUE;
    private long nextMonthStart = Long.MIN_VALUE;

    /** @param out where the combined values go when flushed */
    CombineOriginImports(Out<OriginImport> out) {
        super(out, Group::new);
    }

    /** Adds the values of one record the join routed, in every scenario that routed it. */
    void add(RoutedRecord r) {
        if (r.importCount == 0) {
            return;
        }
        if (r.registeredAt < lastMonthStart || r.registeredAt >= nextMonthStart) {
            lastMonth = PartnerShift.monthOf(r.registeredAt);
            lastMonthStart = PartnerShift.monthStart(lastMonth);
            nextMonthStart = PartnerShift.monthStart(lastMonth + 1);
        }
        int month = lastMonth;
        int hash = Key.hash(r.importer, r.hs6, r.origin, month);
        Group group = recent(hash);
        if (group == null || !group.key.holds(r, month)) {
            group = held(hash, new Key(r.importer, r.hs6, r.origin, month));
        }
        for (int k = 0; k < r.importCount; k++) {
            String scenario = r.importScenario[k];
            OriginImport sum = group.of(scenario, k);
            if (sum == null) {
                // A new object: the input is never changed (safe under object reuse).
                group.add(new OriginImport(scenario, r.importer, r.hs6, r.origin, r.registeredAt,
                        r.importValueMicros[k]));
            } else {
                sum.valueMicros = Math.addExact(sum.valueMicros, r.importValueMicros[k]);
            }
        }
    }

    @Override
    void send(Group group) {
        for (int k = 0; k < group.count; k++) {
            emit(group.sums[k], group.sums[k].registeredAt);
        }
    }
}
