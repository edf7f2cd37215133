package org.ptaflow.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.pipeline.ImpactPipeline;
import org.ptaflow.pipeline.JobEnvironment;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.kafka.KafkaSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * The job jar's entry point on a Flink cluster ({@code flink run}, the {@code FlinkDeployment}'s entryClass): builds
 * the streaming job, Kafka in or simulator/files in, Kafka out, and hands it to the cluster with
 * {@code env.execute}. Nothing else: no dashboard, no progress poller, no shutdown hook, and never
 * {@code System.exit} (in application mode this {@code main} runs inside the JobManager). A bad command line, an
 * invalid scenario or a missing topic is an exception, which Flink reports as the submission's failure.
 *
 * <p>Takes the options of {@code ptaflow run} that make sense on a cluster (a leading {@code run} is accepted, so
 * {@code flink run job.jar run --source kafka ...} reads as the local command). Rows go to Kafka, and to PostgreSQL
 * too with {@code --sink postgres}: an output folder or standard output would be the JobManager's, which nobody
 * reads.
 */
@Command(name = "ptaflow-job", mixinStandardHelpOptions = true, versionProvider = Version.class, abbreviateSynopsis = true,
        description = "The ptaflow streaming job on a Flink cluster (flink run): Kafka out (--sink kafka), records "
                + "from Kafka, the simulator or files.")
public final class PtaflowJob implements Callable<Void> {
    @Mixin
    LiveRunOptions live;

    public static void main(String[] args) throws Exception {
        PtaflowJob job = parse(args);
        if (job == null) {
            return; // --help or --version, printed
        }
        job.call();
    }

    /** The job for a command line, or null when it asked for help or the version (then printed). */
    static PtaflowJob parse(String... args) {
        String[] jobArgs = args.length > 0 && args[0].equals("run")
                ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        PtaflowJob job = new PtaflowJob();
        CommandLine cl = new CommandLine(job);
        cl.parseArgs(jobArgs);
        if (cl.isUsageHelpRequested()) {
            cl.usage(System.out);
            return null;
        }
        if (cl.isVersionHelpRequested()) {
            cl.printVersionHelp(System.out);
            return null;
        }
        return job;
    }

    /** Checks a command line without running it: null when it parses, else the problem (deployment tests). */
    static String usageProblem(String... args) {
        try {
            parse(args);
            return null;
        } catch (ParameterException e) {
            return PtaflowCommand.usageLine(e);
        }
    }

    @Override
    public Void call() throws Exception {
        PrintStream log = System.err; // the JobManager's or the flink client's log of standard error
        List<Scenario> loaded = live.scenarios.load(true);
        if (!live.job.sink("kafka").equals("kafka")) {
            throw new UsageError("on a cluster the job writes to Kafka (--sink kafka, and --sink postgres beside it): "
                    + "an output folder or standard output would be the JobManager's; use bin/ptaflow for those");
        }
        org.ptaflow.sinks.postgres.PostgresSettings postgres =
                live.job.writesPostgres() ? live.postgres.settings() : null;
        if (postgres != null) {
            FlinkJob.preparePostgres(postgres, loaded, log);
        }
        KafkaSettings k = live.kafka.settings(loaded, live.job.jobId);
        List<KafkaTopics.Topic> needed = KafkaTopics.forJob(k, live.job.readsKafka(), true,
                LiveJobOptions.monitorsTransit(loaded));
        KafkaTopics.ensure(k, needed, live.topics, log);
        FlinkJob.Sources sources = live.job.sources(live.simulator, loaded, k, log);

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, "ptaflow run");
        live.job.flinkSettings(live.flink, true).forEach(conf::setString);
        StreamExecutionEnvironment env = JobEnvironment.create(conf);
        JobEnvironment.showSettings(env, live.job.shown(loaded, postgres == null ? "kafka" : "kafka,postgres", k,
                needed));

        ImpactPipeline.Outputs outputs = FlinkJob.build(env, sources, loaded, live.job.settings());
        FlinkJob.sinkToKafka(outputs, k);
        if (postgres != null) {
            FlinkJob.sinkToPostgres(outputs, postgres);
        }
        env.execute("ptaflow run");
        return null;
    }
}
