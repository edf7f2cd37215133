package org.ptaflow.records;

import java.lang.reflect.Type;
import java.util.Map;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@link RecordBlock}: every stream of blocks uses {@link RecordBlockSerializer}
 * (the class names {@link Factory} in its {@code @TypeInfo}), so no code has to remember to ask for it.
 */
public final class RecordBlockTypeInfo extends CompactTypeInfo<RecordBlock> {
    private static final long serialVersionUID = 1L;

    public static final RecordBlockTypeInfo INSTANCE = new RecordBlockTypeInfo();

    private RecordBlockTypeInfo() {
        super(RecordBlock.class);
    }

    @Override
    public TypeSerializer<RecordBlock> createSerializer(SerializerConfig config) {
        return new RecordBlockSerializer();
    }

    /** Named by {@code @TypeInfo} on {@link RecordBlock}. */
    public static final class Factory extends TypeInfoFactory<RecordBlock> {
        @Override
        public TypeInformation<RecordBlock> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return INSTANCE;
        }
    }
}
