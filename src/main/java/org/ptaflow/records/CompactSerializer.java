package org.ptaflow.records;

import java.io.IOException;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the serializers written by hand ({@link CustomsRecordSerializer}, {@code quotas.QuotaEventSerializer},
 * {@code sinks.JobOutputSerializer}) share: mutable elements of variable length, each read into a new instance unless
 * one is given, equal to any other instance of the same subclass, and the caches of decoded codes ({@link Codes})
 * each instance keeps for its own thread (made only if used). Subclasses write the layout, copy an element and name
 * their snapshot.
 */
public abstract class CompactSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** Made on first use: transient, so a serializer Flink deserialised has none yet. */
    private transient Codes codes;

    /** The codes this serializer writes and reads (not thread-safe, as the serializer). */
    protected final Codes codes() {
        Codes c = codes;
        if (c == null) {
            codes = c = new Codes();
        }
        return c;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from) {
        return copy(from, createInstance());
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(DataInputView in) throws IOException {
        return deserialize(createInstance(), in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
