package org.ptaflow.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one place a ptaflow job's execution environment is made: {@code bin/ptaflow}, the cluster entry point and
 * every whole-job test build the job through it, so that the tests exercise the settings that run.
 *
 * <ul>
 *   <li>Generic types off: every type that crosses the network or sits in state is a POJO or a record; a type that
 *   would fall back to Kryo fails the job at build time instead of running slowly and unversioned.</li>
 *   <li>Object reuse on: chained operators hand each other the object instead of a serializer copy (the copies were
 *   5% of a backtest's CPU). Safe because every function builds new objects and none changes or keeps its input
 *   beyond state it owns (style.md, "Types"); {@code -D pipeline.object-reuse=false} turns it off.</li>
 *   <li>Maximum parallelism 128: keyed state is split into this many key groups, fixed so that a savepoint can be
 *   resumed at any parallelism up to it.</li>
 * </ul>
 *
 * A test on a {@code MiniClusterExtension} calls {@link #create()} too: Flink's test context environment takes the
 * configuration given here, and {@link #configure} applies it again to be sure.
 */
public final class JobEnvironment {
    public static final int MAX_PARALLELISM = 128;

    private JobEnvironment() {}

    /** The settings every ptaflow job runs with (before any {@code -D} the user adds on top). */
    public static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        // A file source reads ahead by batches of this many bytes, a few batches deep: lines that wait on the heap
        // while the job works, and survive every young collection in between (each copied again). 1 MB (Flink's
        // default) kept about 40,000 lines waiting; 64 KB keeps a few thousand, and a backtest's collector pauses
        // fell by a third at eight scenarios (docs/performance.md). On a standalone cluster a TaskManager takes this
        // from its own configuration.
        conf.set(StreamFormat.FETCH_IO_SIZE, MemorySize.parse("64kb"));
        return conf;
    }

    /** The job's environment with {@link #configuration()}. */
    public static StreamExecutionEnvironment create() {
        return create(new Configuration());
    }

    /**
     * The job's environment: {@link #configuration()}, then {@code overrides} on top (the user's {@code -D}
     * options, a test's parallelism, the local cluster's heartbeat interval).
     */
    public static StreamExecutionEnvironment create(Configuration overrides) {
        Configuration conf = configuration();
        conf.addAll(overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf, JobEnvironment.class.getClassLoader());
        return env;
    }

    /** Applies {@link #configuration()} to an environment made elsewhere. */
    public static StreamExecutionEnvironment configure(StreamExecutionEnvironment env) {
        env.configure(configuration(), JobEnvironment.class.getClassLoader());
        return env;
    }

    /**
     * Shows the job's own settings (typed {@link PtaflowOptions}) in Flink's web UI, under the job's configuration,
     * beside whatever global parameters the environment already had.
     */
    public static void showSettings(StreamExecutionEnvironment env, Configuration jobSettings) {
        Configuration shown = new Configuration();
        if (env.getConfig().getGlobalJobParameters() != null) {
            env.getConfig().getGlobalJobParameters().toMap().forEach(shown::setString);
        }
        shown.addAll(jobSettings);
        env.getConfig().setGlobalJobParameters(shown);
    }
}
