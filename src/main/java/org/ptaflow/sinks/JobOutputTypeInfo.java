package org.ptaflow.sinks;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.ptaflow.records.CompactTypeInfo;

/**
 * Flink's type information for the stream of {@link JobOutput}s that the command line collects: each output
 * crosses as one block ({@link JobOutputSerializer}). {@code cli.FlinkJob} names it where it builds that stream;
 * {@code JobOutput} itself stays a POJO.
 */
public final class JobOutputTypeInfo extends CompactTypeInfo<JobOutput> {
    private static final long serialVersionUID = 1L;

    public static final JobOutputTypeInfo INSTANCE = new JobOutputTypeInfo();

    private JobOutputTypeInfo() {
        super(JobOutput.class);
    }

    @Override
    public TypeSerializer<JobOutput> createSerializer(SerializerConfig config) {
        return new JobOutputSerializer();
    }
}
