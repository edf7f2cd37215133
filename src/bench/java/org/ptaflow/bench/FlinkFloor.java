package org.ptaflow.bench;

import java.lang.management.ManagementFactory;
import java.util.regex.Pattern;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.ptaflow.pipeline.JobEnvironment;

/**
 * What Flink itself costs on this machine for a stream of records through one keyed shuffle, with nothing of
 * ptaflow's in it ({@code bin/ptaflow bench --gap}): N records of eight longs (64 bytes, about a compact customs
 * record's size on the wire) made by a generator source, keyed by one of them, summed in a keyed function, at
 * parallelism 1 on the embedded cluster. Or the same longs in blocks of B records, one element per block: what a
 * record's own passage through Flink costs (serialising, the network stack, the key, the task's loop) is then paid
 * once per block.
 *
 * <p>Arguments: records, records per element. Prints one {@code floor} line: the job's time and the process's CPU.
 */
public final class FlinkFloor {
    static final Pattern LINE = Pattern.compile("floor: job ([0-9.]+) s, process CPU ([0-9.]+) s");

    private FlinkFloor() {}

    public static void main(String[] args) throws Exception {
        long records = Long.parseLong(args[0]);
        int block = Integer.parseInt(args[1]);
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(1);
        GeneratorFunction<Long, long[]> generate = i -> {
            long[] longs = new long[8 * block];
            for (int k = 0; k < longs.length; k += 8) {
                long x = i * block + k / 8;
                longs[k] = x * 0x9E3779B97F4A7C15L; // the key
                longs[k + 1] = x;
                longs[k + 2] = x & 1023;
                longs[k + 3] = 17;
                longs[k + 4] = x * 31;
                longs[k + 5] = 5;
                longs[k + 6] = 6;
                longs[k + 7] = 7;
            }
            return longs;
        };
        env.fromSource(new DataGeneratorSource<>(generate, records / block,
                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO), WatermarkStrategy.noWatermarks(),
                        "records")
                .keyBy((KeySelector<long[], Long>) r -> r[0] & 0xffff)
                .process(new Sum())
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult result = env.execute("Flink's floor");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("floor: job %.2f s, process CPU %.2f s%n", result.getNetRuntime() / 1000.0,
                os.getProcessCpuTime() / 1e9);
        System.exit(0);
    }

    /** Sums two of each record's longs, emitting now and then, so that nothing is optimised away. */
    private static final class Sum extends KeyedProcessFunction<Long, long[], Long> {
        private long sum;

        @Override
        public void processElement(long[] longs, Context ctx, Collector<Long> out) {
            for (int k = 0; k < longs.length; k += 8) {
                sum += longs[k + 1] ^ longs[k + 4];
            }
            if ((longs[1] & 0xfffff) == 0) {
                out.collect(sum);
            }
        }
    }
}
