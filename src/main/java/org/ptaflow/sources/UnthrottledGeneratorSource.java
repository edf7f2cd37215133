package org.ptaflow.sources;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratingIteratorSourceReader;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Flink's generator source without its rate limiter, for a simulator asked to run as fast as it can.
 *
 * <p>{@link DataGeneratorSource} wraps its reader in a {@code RateLimitedSourceReader} even when the rate is
 * unlimited: that reader answers every other poll "nothing available" and builds a new availability future for each
 * record (a rate limiter's permit combined with the reader's own), so every record costs a turn of the task's
 * mailbox loop and a few future objects: the source alone took about 250 ns a record with the wrapper and 130 without
 * it on this project's machine, where the simulator takes about 250 to make a record. This source gives the same
 * records from the same reader minus that wrapper: the same splits, enumerator and checkpointed state as
 * {@link DataGeneratorSource} (it is one), so a savepoint of either restores into the other.
 */
final class UnthrottledGeneratorSource<OUT> extends DataGeneratorSource<OUT> {
    private static final long serialVersionUID = 1L;

    UnthrottledGeneratorSource(GeneratorFunction<Long, OUT> generator, long count, TypeInformation<OUT> type) {
        super(generator, count, type);
    }

    @Override
    public SourceReader<OUT, NumberSequenceSplit> createReader(SourceReaderContext readerContext) {
        return new GeneratingIteratorSourceReader<>(readerContext, getGeneratorFunction());
    }
}
