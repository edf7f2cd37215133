package org.ptaflow.economics;

import java.time.Instant;
import java.util.Objects;

/**
 * What an impact row is about, apart from its window: the scenario, the importing territory, the beneficiary
 * whose preference is measured and the HS6 line (contract §4). The window operator is keyed by it; the row carries
 * it; sinks and the dashboard tell rows apart by it and the window's start ({@link InWindow}).
 *
 * <p>A Java record, so Flink serializes it without Kryo. The hash code is written out rather than left to the
 * record's generated one, whose algorithm Java leaves unspecified: Flink assigns a key to a key group by its hash
 * code, and a savepoint taken on one JVM must find its keys in the same key groups on another.
 */
public record ImpactKey(String scenario, String importer, String beneficiary, String hs6) {

    /** The key of one window's row: a later row of the same window and key replaces an earlier one. */
    public record InWindow(ImpactKey key, long windowStart) {
        /** The row's key on the compacted Kafka topic: {@code scenario|window start (ISO-8601)|importer|beneficiary|hs6}. */
        public String topicKey() {
            return key.scenario + '|' + Instant.ofEpochMilli(windowStart) + '|' + key.importer + '|'
                    + key.beneficiary + '|' + key.hs6;
        }
    }

    public InWindow inWindow(long windowStart) {
        return new InWindow(this, windowStart);
    }

    @Override
    public int hashCode() {
        // String.hashCode is specified by the JLS; 31 × h + x as in java.util.Arrays.hashCode.
        int h = Objects.hashCode(scenario);
        h = 31 * h + Objects.hashCode(importer);
        h = 31 * h + Objects.hashCode(beneficiary);
        return 31 * h + Objects.hashCode(hs6);
    }
}
