package org.ptaflow.sources;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.ptaflow.pipeline.SourceLine;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * The simulator as a Flink source: record {@code i} is a pure function of (seed, i), so the generated stream is the
 * same at any parallelism and after a restore (the generator source checkpoints its position). Records go through
 * the same CSV parser as files do.
 */
public final class SimulatedCustomsLines {
    private SimulatedCustomsLines() {}

    /**
     * @param count number of records, or {@code Long.MAX_VALUE} for an endless stream
     * @param recordsPerSecond rate limit over all subtasks; 0 or less for as fast as possible
     */
    public static DataGeneratorSource<SourceLine> source(SimulatorSettings settings, long count, double recordsPerSecond) {
        RateLimiterStrategy<?> rate = recordsPerSecond > 0 ? RateLimiterStrategy.perSecond(recordsPerSecond)
                : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(new Lines(settings), count, rate, TypeInformation.of(SourceLine.class));
    }

    static final class Lines implements GeneratorFunction<Long, SourceLine> {
        private final SimulatorSettings settings;
        private transient CustomsSimulator simulator;
        private transient String header;

        Lines(SimulatorSettings settings) {
            this.settings = settings;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            simulator = new CustomsSimulator(settings);
            header = simulator.csvHeader();
        }

        @Override
        public SourceLine map(Long index) {
            return SourceLine.csv("simulator", index, header, simulator.csvLine(index));
        }
    }
}
