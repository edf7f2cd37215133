package org.ptaflow.pipeline;

import java.util.Objects;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.ptaflow.flags.OriginImport;
import org.ptaflow.flags.PartnerShift;

/**
 * Between the scenario join and rule {@code partner_shift}: adds up the values of one (scenario, importer, HS6,
 * origin, month) before they cross the shuffle, as {@link CombineContributions} does for the windows, flushed
 * where {@link PreShuffleSums} says. The rule sums values by month and origin, so how they are grouped before does
 * not change a flag.
 */
public class CombineOriginImports extends PreShuffleSums<CombineOriginImports.Key, OriginImport> {
    /** Equality and hash written out, as {@link CombineContributions.Key}'s: they run for every record. */
    record Key(String scenario, String importer, String hs6, String origin, int month) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && month == k.month && Objects.equals(hs6, k.hs6)
                    && Objects.equals(origin, k.origin) && Objects.equals(importer, k.importer)
                    && Objects.equals(scenario, k.scenario);
        }

        @Override
        public int hashCode() {
            int h = 31 * month + Objects.hashCode(scenario);
            h = 31 * h + Objects.hashCode(importer);
            h = 31 * h + Objects.hashCode(hs6);
            return 31 * h + Objects.hashCode(origin);
        }
    }

    public CombineOriginImports(long flushEveryMillis) {
        super(flushEveryMillis);
    }

    @Override
    public void processElement(StreamRecord<OriginImport> element) {
        OriginImport i = element.getValue();
        Key key = new Key(i.scenario, i.importer, i.hs6, i.origin, PartnerShift.monthOf(i.registeredAt));
        OriginImport sum = held(key);
        if (sum == null) {
            // A new object: the input is never changed (safe under object reuse).
            hold(key, new OriginImport(i.scenario, i.importer, i.hs6, i.origin, i.registeredAt, i.valueMicros));
        } else {
            sum.valueMicros = Math.addExact(sum.valueMicros, i.valueMicros);
        }
    }

    @Override
    long eventTime(OriginImport sum) {
        return sum.registeredAt;
    }
}
