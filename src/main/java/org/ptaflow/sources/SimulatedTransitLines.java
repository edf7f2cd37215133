package org.ptaflow.sources;

import java.util.Iterator;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.ptaflow.records.SourceLine;
import org.ptaflow.simulator.TransitSimulator;
import org.ptaflow.simulator.TransitSimulatorSettings;

/**
 * The transit simulator as a Flink source of CSV {@link SourceLine}s (header {@link TransitSimulator#HEADER}), in
 * event-time order, for the live {@code run}: the transit events go through the same parser as a transit file.
 *
 * <p>Event {@code n} is the {@code n}-th line of {@link TransitSimulator#lines(long)}, a pure function of the
 * settings and {@code n}; a reader keeps one iterator and, when it is asked for another sequence number than the
 * next one (after a restore, or a second reader's range), replays the iterator from the start up to it. So the
 * stream is the same after a restore; run it at parallelism 1 (a few events a second: one reader is plenty and
 * keeps the stream in time order).
 */
public final class SimulatedTransitLines {
    private SimulatedTransitLines() {}

    /** The source name the lines carry (the rejected output's {@code source}). */
    public static final String SOURCE = "transit-simulator";

    /**
     * @param movements number of movements, or {@code Long.MAX_VALUE} for an endless stream
     * @param eventsPerSecond rate limit; 0 or less for as fast as possible (pace it with the customs records: about
     *     2 events per movement, so simulated days a second × {@code movementsPerDay} × 2)
     */
    public static DataGeneratorSource<SourceLine> source(TransitSimulatorSettings settings, long movements,
            double eventsPerSecond) {
        long count = movements == Long.MAX_VALUE ? Long.MAX_VALUE
                : new TransitSimulator(settings).eventCount(movements);
        TypeInformation<SourceLine> type = TypeInformation.of(SourceLine.class);
        return eventsPerSecond > 0
                ? new DataGeneratorSource<>(new Lines(settings, movements), count,
                        RateLimiterStrategy.perSecond(eventsPerSecond), type)
                : new UnthrottledGeneratorSource<>(new Lines(settings, movements), count, type);
    }

    /**
     * The rate that keeps the transit events level with customs records simulated at {@code simulatedDaysPerSecond}
     * (the {@code run} simulator's pace): movements a day × events a movement × days a second. A movement makes
     * one departure unless it is an orphan, one exit or cancellation unless it is bad or never exits, and a
     * duplicate departure now and then.
     */
    public static double eventsPerSecond(TransitSimulatorSettings settings, double simulatedDaysPerSecond) {
        double departures = 1 - TransitSimulator.ORPHAN_SHARE;
        double ends = 1 - TransitSimulator.BAD_SHARE - TransitSimulator.NEVER_EXITS_SHARE;
        double duplicates = TransitSimulator.DUPLICATE_SHARE * (1 - TransitSimulator.BAD_SHARE
                - TransitSimulator.ORPHAN_SHARE);
        return settings.movementsPerDay() * (departures + ends + duplicates) * simulatedDaysPerSecond;
    }

    static final class Lines implements GeneratorFunction<Long, SourceLine> {
        private final TransitSimulatorSettings settings;
        private final long movements;
        private transient Iterator<String> lines;
        /** The sequence number {@link #lines} gives next. */
        private transient long position;

        Lines(TransitSimulatorSettings settings, long movements) {
            this.settings = settings;
            this.movements = movements;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            lines = new TransitSimulator(settings).lines(movements);
            position = 0;
        }

        @Override
        public SourceLine map(Long sequence) {
            if (sequence < position) {
                lines = new TransitSimulator(settings).lines(movements);
                position = 0;
            }
            while (position < sequence) {
                lines.next();
                position++;
            }
            position++;
            return SourceLine.csv(SOURCE, sequence, TransitSimulator.HEADER, lines.next());
        }
    }
}
