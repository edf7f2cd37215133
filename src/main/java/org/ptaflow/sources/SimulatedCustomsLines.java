package org.ptaflow.sources;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.ptaflow.records.SourceLine;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * The simulator as a Flink source: record {@code i} is a pure function of (seed, i), so the generated stream is the
 * same at any parallelism and after a restore (the generator source checkpoints its position). Records go through
 * the same CSV parser as files do, or, {@code direct}, are made by the parser from their index without text (the
 * same records: {@code CustomsSimulator.record}).
 */
public final class SimulatedCustomsLines {
    private SimulatedCustomsLines() {}

    /** The source name of the simulator's lines, in the counts and the rejected output. */
    public static final String SOURCE = "simulator";

    /** Records per reader of an endless stream before its range ends: about 35 years at 1 M records/s. */
    static final int ENDLESS_RANGE_BITS = 40;

    /**
     * @param count number of records, or {@code Long.MAX_VALUE} for an endless stream
     * @param recordsPerSecond rate limit over all subtasks; 0 or less for as fast as possible
     * @param parallelism the parallelism the source will run at (set it on the source)
     */
    public static DataGeneratorSource<SourceLine> source(SimulatorSettings settings, long count, double recordsPerSecond,
            int parallelism) {
        return source(settings, count, recordsPerSecond, parallelism, false);
    }

    /**
     * @param direct true: lines of format {@link SourceLine#SIMULATED} (an index, no text) for a job built with
     *     {@code ImpactPipeline.Settings.withSimulatedRecords(settings)}, which makes each record from its index
     *     instead of writing and parsing its text; false: CSV lines
     */
    public static DataGeneratorSource<SourceLine> source(SimulatorSettings settings, long count, double recordsPerSecond,
            int parallelism, boolean direct) {
        Lines lines;
        long total;
        if (count == Long.MAX_VALUE) {
            // The generator source gives each reader one contiguous range of sequence numbers. For a bounded run
            // that is fine (every record comes once). An endless range split in two would start the second reader
            // at record 4.6e18, centuries of simulated time away; instead each reader gets 2^40 numbers and they
            // are interleaved back into one stream of consecutive records: reader r makes records r, r + p, ...
            lines = new Lines(settings, parallelism, direct);
            total = ((long) parallelism) << ENDLESS_RANGE_BITS;
        } else {
            lines = new Lines(settings, 0, direct);
            total = count;
        }
        TypeInformation<SourceLine> type = TypeInformation.of(SourceLine.class);
        return recordsPerSecond > 0
                ? new DataGeneratorSource<>(lines, total, RateLimiterStrategy.perSecond(recordsPerSecond), type)
                : new UnthrottledGeneratorSource<>(lines, total, type);
    }

    static final class Lines implements GeneratorFunction<Long, SourceLine> {
        private final SimulatorSettings settings;
        /** 0 for a bounded run (sequence number = record index); else the interleaving factor. */
        private final int interleave;
        /** Lines of format SIMULATED (an index) instead of CSV text. */
        private final boolean direct;
        private transient CustomsSimulator simulator;
        private transient String header;

        Lines(SimulatorSettings settings, int interleave, boolean direct) {
            this.settings = settings;
            this.interleave = interleave;
            this.direct = direct;
        }

        /** The record index for a sequence number of the generator source. */
        static long recordIndex(long sequence, int interleave) {
            if (interleave == 0) {
                return sequence;
            }
            long reader = sequence >>> ENDLESS_RANGE_BITS;
            long position = sequence & ((1L << ENDLESS_RANGE_BITS) - 1);
            return position * interleave + reader;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            simulator = new CustomsSimulator(settings);
            header = simulator.csvHeader();
        }

        @Override
        public SourceLine map(Long sequence) {
            long index = recordIndex(sequence, interleave);
            return direct ? SourceLine.simulated(SOURCE, index)
                    : SourceLine.csv(SOURCE, index, header, simulator.csvLine(index));
        }
    }
}
