package org.ptaflow.records;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink's type information for a class whose elements cross the network with a serializer written by hand
 * ({@link CustomsRecordSerializer}, {@code quotas.QuotaEventSerializer}, {@code sinks.JobOutputSerializer}): one
 * opaque field, never a key, equal to any other instance of the same subclass. Subclasses say which serializer.
 */
public abstract class CompactTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    protected CompactTypeInfo(Class<T> type) {
        this.type = type;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "(compact)";
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }
}
