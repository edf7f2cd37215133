package org.ptaflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ptaflow.cli.WarmBacktests;
import org.ptaflow.pipeline.ReadingSideAlone;

/**
 * Where the backtest's distance to DuckDB lies ({@code bin/ptaflow bench --gap}): beside DuckDB's own JVM and
 * {@code bin/ptaflow backtest}, the same backtest three times in one JVM (what the JVM's start and warm-up cost, and
 * what the pipeline costs once its code is compiled), and Flink alone on as many records through one keyed shuffle
 * ({@link FlinkFloor}: what no change to ptaflow's own code can take away), per record and in blocks, and the
 * backtest's reading side alone ({@link ReadingSideAlone}: its job cut right after the keyed shuffle). Every row runs
 * in a process of its own, the rows round-robin, each figure the median of the rounds; the JVMs that run the
 * backtest's code take the backtest's options ({@code PTAFLOW_BACKTEST_JAVA_OPTS}, which {@code bin/ptaflow} sets).
 */
final class GapTable {
    /** Backtests per JVM in the warm rows. */
    static final int WARM_RUNS = 3;
    /** Records per element in the floor's block row. */
    static final int BLOCK = 1_024;

    private static final Pattern DONE = Pattern.compile("done: .* in ([0-9.]+) s;");
    private static final Pattern WARM = Pattern.compile("warm backtest (\\d+) of \\d+: ([0-9.]+) s");

    private GapTable() {}

    /** One row: wall, job and CPU seconds of each round (NaN where the row has none). */
    private record Row(String what, List<Double> wall, List<Double> job, List<Double> cpu) {
        Row(String what) {
            this(what, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    static String measure(Path home, Path data, Path scenarioFile, Path csv, long records, int runs)
            throws IOException, InterruptedException {
        List<String> backtestJvm = backtestJvmOptions();
        Row duck = new Row("DuckDB 2 threads, own JVM (wall incl. JVM start)");
        Row backtest = new Row("backtest (bin/ptaflow backtest), wall incl. JVM start");
        List<Row> warm = new ArrayList<>();
        for (int i = 1; i <= WARM_RUNS; i++) {
            warm.add(new Row("the same backtest, " + ordinal(i) + " of " + WARM_RUNS + " in one JVM (wall: the "
                    + "command's, without the JVM's start)"));
        }
        Row floor = new Row("Flink alone: " + String.format("%,d", records) + " records of 8 longs through one keyed "
                + "shuffle, parallelism 1, own JVM");
        Row blocks = new Row("Flink alone: the same longs in blocks of " + String.format("%,d", BLOCK)
                + " records, one element each");
        Row readingSide = new Row("the backtest's reading side alone: its job cut after the keyed shuffle (read, "
                + "parse, event time, text check, shuffle into an operator that does nothing), own JVM");
        List<Double> warmCpu = new ArrayList<>();
        for (int round = 1; round <= runs; round++) {
            ChildProcess.Outcome d = PtaflowBench.duckDbOwnJvm(csv, scenarioFile, data.resolve("duckdb.log"));
            add(duck, d.wallSeconds(), Double.NaN, d.cpuSeconds());

            ChildProcess.Outcome b = PtaflowBench.backtest(home, scenarioFile, csv, data.resolve("backtest-out"),
                    data.resolve("backtest.log"));
            add(backtest, b.wallSeconds(), done(b.output()).get(0), b.cpuSeconds());

            List<String> args = new ArrayList<>(List.of(Integer.toString(WARM_RUNS)));
            args.addAll(PtaflowBench.backtestArguments(scenarioFile, csv));
            args.addAll(List.of("--out", data.resolve("warm-out-@").toString()));
            ChildProcess.Outcome w = ChildProcess.run(PtaflowBench.javaCommand(backtestJvm, WarmBacktests.class,
                    args.toArray(String[]::new)), data.resolve("warm-backtests.log"));
            List<Double> jobs = done(w.output());
            Matcher m = WARM.matcher(w.output());
            for (int i = 0; i < WARM_RUNS; i++) {
                if (!m.find() || jobs.size() <= i) {
                    throw new IOException("no warm backtest " + (i + 1) + " in " + data.resolve("warm-backtests.log"));
                }
                add(warm.get(i), Double.parseDouble(m.group(2)), jobs.get(i), Double.NaN);
            }
            warmCpu.add(w.cpuSeconds());

            for (Row r : List.of(floor, blocks)) {
                ChildProcess.Outcome f = ChildProcess.run(PtaflowBench.javaCommand(backtestJvm, FlinkFloor.class,
                        Long.toString(records), Integer.toString(r == floor ? 1 : BLOCK)), data.resolve("floor.log"));
                Matcher fm = FlinkFloor.LINE.matcher(f.output());
                if (!fm.find()) {
                    throw new IOException("no floor line in " + data.resolve("floor.log"));
                }
                add(r, f.wallSeconds(), Double.parseDouble(fm.group(1)), f.cpuSeconds());
            }
            ChildProcess.Outcome r = ChildProcess.run(PtaflowBench.javaCommand(backtestJvm, ReadingSideAlone.class,
                    csv.toString(), scenarioFile.toString()), data.resolve("reading-side.log"));
            Matcher rm = ReadingSideAlone.LINE.matcher(r.output());
            if (!rm.find() || Long.parseLong(rm.group(2)) != records) {
                throw new IOException("no reading side line for " + records + " records in "
                        + data.resolve("reading-side.log"));
            }
            add(readingSide, r.wallSeconds(), Double.parseDouble(rm.group(1)), r.cpuSeconds());
            PtaflowBench.log("  gap round %d of %d: DuckDB %.2f s, backtest %.2f s, warm %s, floor %.2f and %.2f s, "
                    + "reading side %.2f s", round, runs, d.wallSeconds(), b.wallSeconds(), jobs,
                    floor.job.get(round - 1), blocks.job.get(round - 1), r.wallSeconds());
        }

        double duckWall = PtaflowBench.median(duck.wall);
        StringBuilder t = new StringBuilder();
        t.append(String.format("%nWhere the gap lies: %,d records, median of %d rounds (each row a process of its own; "
                + "the backtest's JVMs with %s)%n%n", records, runs, String.join(" ", backtestJvmSettings())));
        t.append("| what | wall | job | CPU | records/s (job) | wall × DuckDB |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        List<Row> rows = new ArrayList<>(List.of(duck, backtest));
        rows.addAll(warm);
        rows.addAll(List.of(floor, blocks, readingSide));
        for (Row r : rows) {
            double wall = PtaflowBench.median(r.wall);
            double job = PtaflowBench.median(r.job);
            double cpu = PtaflowBench.median(r.cpu);
            t.append(String.format("| %s | %.2f s | %s | %s | %s | %.2f |%n", r.what, wall,
                    Double.isNaN(job) ? "" : String.format("%.2f s", job),
                    Double.isNaN(cpu) ? "" : String.format("%.1f s", cpu),
                    Double.isNaN(job) ? "" : String.format("%,.0f", records / job), wall / duckWall));
        }
        t.append(String.format("%nthe JVM of the %d backtests in a row: %.1f s of CPU in all%n", WARM_RUNS,
                PtaflowBench.median(warmCpu)));
        return t.toString();
    }

    private static void add(Row row, double wall, double job, double cpu) {
        row.wall.add(wall);
        row.job.add(job);
        row.cpu.add(cpu);
    }

    /** The job seconds of each {@code done:} line, in order. */
    private static List<Double> done(String output) {
        List<Double> jobs = new ArrayList<>();
        Matcher m = DONE.matcher(output);
        while (m.find()) {
            jobs.add(Double.parseDouble(m.group(1)));
        }
        if (jobs.isEmpty()) {
            jobs.add(Double.NaN);
        }
        return jobs;
    }

    /** The backtest's options as {@code bin/ptaflow} gives them, else its default heap alone. */
    private static List<String> backtestJvmSettings() {
        String opts = System.getenv().getOrDefault("PTAFLOW_BACKTEST_JAVA_OPTS", "-Xmx4g").trim();
        return Arrays.asList(opts.split("\\s+"));
    }

    /** The backtest's settings, then this JVM's module openings and log configuration (not its heap or collector). */
    private static List<String> backtestJvmOptions() {
        List<String> options = new ArrayList<>(backtestJvmSettings());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dlog4j")) {
                options.add(arg);
            }
        }
        return options;
    }

    private static String ordinal(int i) {
        return switch (i) {
            case 1 -> "1st";
            case 2 -> "2nd";
            case 3 -> "3rd";
            default -> i + "th";
        };
    }
}
