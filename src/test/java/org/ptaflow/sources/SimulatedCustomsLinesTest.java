package org.ptaflow.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeSet;

import org.junit.jupiter.api.Test;

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
}
