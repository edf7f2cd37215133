package org.ptaflow.records;

import java.lang.reflect.Type;
import java.util.Map;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@link CustomsRecord}: every stream of records uses {@link CustomsRecordSerializer}
 * (the class names {@link Factory} in its {@code @TypeInfo}), so no code has to remember to ask for it.
 */
public final class CustomsRecordTypeInfo extends CompactTypeInfo<CustomsRecord> {
    private static final long serialVersionUID = 1L;

    public static final CustomsRecordTypeInfo INSTANCE = new CustomsRecordTypeInfo();

    private CustomsRecordTypeInfo() {
        super(CustomsRecord.class);
    }

    @Override
    public TypeSerializer<CustomsRecord> createSerializer(SerializerConfig config) {
        return new CustomsRecordSerializer();
    }

    /** Named by {@code @TypeInfo} on {@link CustomsRecord}. */
    public static final class Factory extends TypeInfoFactory<CustomsRecord> {
        @Override
        public TypeInformation<CustomsRecord> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return INSTANCE;
        }
    }
}
