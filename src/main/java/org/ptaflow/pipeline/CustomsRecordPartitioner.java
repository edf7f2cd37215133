package org.ptaflow.pipeline;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.plugable.SerializationDelegate;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.graph.StreamGraphGenerator;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.ptaflow.records.CustomsRecord;

/**
 * The keyed shuffle of the customs records to the scenario join, as {@code keyBy(CustomsRecordKey)} makes it, without
 * the key's string: Flink's partitioner asks the key selector for each record's key, which built the string
 * {@code declaration#item} only to hash it. This one takes the same hash from {@link CustomsRecord#keyHash()} (the
 * declaration's cached hash folded with the item's digits, equal to the string's), so each record goes to the same key
 * group and subtask as before, and a savepoint restores as before.
 *
 * <p>The join stays keyed by {@link CustomsRecordKey} with {@code String} keys ({@link #keyJoin}): Flink's keyed
 * backend, its raw keyed state and a live run's key context are those of {@code keyBy}.
 */
final class CustomsRecordPartitioner extends KeyGroupStreamPartitioner<CustomsRecord, String> {
    private static final long serialVersionUID = 1L;

    CustomsRecordPartitioner() {
        super(CustomsRecordKey.INSTANCE, StreamGraphGenerator.DEFAULT_LOWER_BOUND_MAX_PARALLELISM);
    }

    /**
     * The records partitioned as {@code keyBy(CustomsRecordKey)} would; the join after them is keyed by
     * {@link #keyJoin}.
     */
    static DataStream<CustomsRecord> partition(DataStream<CustomsRecord> records) {
        return new DataStream<>(records.getExecutionEnvironment(),
                new PartitionTransformation<>(records.getTransformation(), new CustomsRecordPartitioner()));
    }

    /**
     * Makes the join's first input keyed by {@link CustomsRecordKey} (String keys), as {@code ConnectedStreams} does
     * for a {@code KeyedStream}: the join's records come from {@link #partition}.
     */
    static <OUT> SingleOutputStreamOperator<OUT> keyJoin(SingleOutputStreamOperator<OUT> join) {
        TwoInputTransformation<?, ?, OUT> transformation = (TwoInputTransformation<?, ?, OUT>) join.getTransformation();
        setFirstKey(transformation);
        return join;
    }

    @SuppressWarnings("unchecked")
    private static <IN2, OUT> void setFirstKey(TwoInputTransformation<?, IN2, OUT> transformation) {
        ((TwoInputTransformation<CustomsRecord, IN2, OUT>) transformation)
                .setStateKeySelectors(CustomsRecordKey.INSTANCE, null);
        transformation.setStateKeyType(Types.STRING);
    }

    @Override
    public int selectChannel(SerializationDelegate<StreamRecord<CustomsRecord>> record) {
        int maxParallelism = getMaxParallelism();
        int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(
                record.getInstance().getValue().keyHash(), maxParallelism);
        return KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, numberOfChannels, keyGroup);
    }

    /** Stateless apart from what the parent keeps: the same instance serves every copy (as the parent's). */
    @Override
    public CustomsRecordPartitioner copy() {
        return this;
    }
}
