package org.ptaflow.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.SourceLine;
import org.ptaflow.simulator.SimulatorSettings;

class SimulatedCustomsLinesTest {

    @Test
    void boundedSequenceNumbersAreRecordIndexes() {
        assertEquals(0, SimulatedCustomsLines.Lines.recordIndex(0, 0));
        assertEquals(12345, SimulatedCustomsLines.Lines.recordIndex(12345, 0));
    }

    @Test
    void endlessReadersInterleaveIntoConsecutiveRecords() {
        int readers = 3;
        TreeSet<Long> indexes = new TreeSet<>();
        for (long reader = 0; reader < readers; reader++) {
            long first = reader << SimulatedCustomsLines.ENDLESS_RANGE_BITS; // where the reader's range starts
            for (long k = 0; k < 100; k++) {
                indexes.add(SimulatedCustomsLines.Lines.recordIndex(first + k, readers));
            }
        }
        // 3 readers × 100 numbers = records 0..299, each exactly once
        assertEquals(300, indexes.size());
        assertEquals(0L, indexes.first());
        assertEquals(299L, indexes.last());
        // reader 1's tenth number is record 10 × 3 + 1
        assertEquals(31, SimulatedCustomsLines.Lines.recordIndex((1L << SimulatedCustomsLines.ENDLESS_RANGE_BITS) + 10, 3));
    }

    /**
     * As fast as it can, the simulator's source has no rate limiter around its reader, and still gives every record
     * once at parallelism 2, as the rate-limited source does.
     */
    @Test
    void anUnlimitedSourceGivesEveryRecordOnceWithoutARateLimiter() throws Exception {
        SimulatorSettings settings = SimulatorSettings.defaults(5);
        var unlimited = SimulatedCustomsLines.source(settings, 5_000, 0, 2, true);
        assertInstanceOf(UnthrottledGeneratorSource.class, unlimited);
        List<Long> everyIndexOnce = java.util.stream.LongStream.range(0, 5_000).boxed().toList();
        assertEquals(everyIndexOnce, indexesRead(unlimited));
        assertEquals(everyIndexOnce, indexesRead(SimulatedCustomsLines.source(settings, 5_000, 1e9, 2, true)));
    }

    private static List<Long> indexesRead(org.apache.flink.api.connector.source.Source<SourceLine, ?, ?> source)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<Long> indexes = new ArrayList<>();
        try (CloseableIterator<SourceLine> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "simulator")
                .executeAndCollect()) {
            lines.forEachRemaining(line -> indexes.add(line.line));
        }
        indexes.sort(null);
        return indexes;
    }
}
