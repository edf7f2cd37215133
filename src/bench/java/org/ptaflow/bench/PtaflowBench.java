package org.ptaflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * {@code bin/ptaflow bench}: one table of records/s and ratios (issue 5), every figure the median of several runs,
 * all measured in one invocation so that the ratios hold on a noisy machine.
 *
 * <p>Rows are measured round-robin: a warm-up round (JIT, page cache, not counted; rows that start a JVM of their
 * own skip it), then {@code --runs} rounds, each running every row once, so that a burst of load from elsewhere
 * hits every row alike. Before any timing, a small
 * file goes through the pipeline (a backtest), the plain loop and DuckDB, and their totals per month must agree; on
 * the big file, every backtest's totals are checked against the loop's too. A disagreement is printed and makes the
 * exit status 1. No figure is compared with a goal here: timings are reported, never asserted.
 */
public final class PtaflowBench {
    private static final Pattern JOB_SECONDS = Pattern.compile("done: .* in ([0-9.]+) s;");

    private final Path home;
    private final Path data;
    private final Scenario scenario;
    private final Path scenarioFile;
    private final long records;
    private final long pipelineRecords;
    private final int runs;
    /** Parallelism of the stage-isolating runs ({@link StageTable}); 0: none. */
    private final int stagesParallelism;
    private final List<String> problems = new ArrayList<>();

    private PtaflowBench(Path home, Path data, Path scenarioFile, long records, long pipelineRecords, int runs,
            int stagesParallelism) throws Exception {
        this.home = home;
        this.data = data;
        this.scenarioFile = scenarioFile;
        this.scenario = ScenarioLoader.load(scenarioFile);
        this.records = records;
        this.pipelineRecords = pipelineRecords;
        this.runs = runs;
        this.stagesParallelism = stagesParallelism;
    }

    /**
     * Runs the benchmark (the command line is {@link BenchCommand}) and returns the exit status: the table, then
     * where the time goes ({@link StageTable}) at {@code stagesParallelism} (0: without it).
     */
    static int run(Path home, Path data, Path scenarioFile, long records, long pipelineRecords, int runs,
            int stagesParallelism) throws Exception {
        return new PtaflowBench(home, data, scenarioFile, records, pipelineRecords, runs, stagesParallelism).run();
    }

    /**
     * Where the time goes alone ({@code --stages-only}): the stage-isolating runs over {@code input}, or over the
     * simulated file of {@code records} when it is null. Nothing else is run or checked.
     */
    static int runStages(Path home, Path data, Path scenarioFile, Path input, long records, int runs,
            int parallelism) throws Exception {
        PtaflowBench bench = new PtaflowBench(home, data, scenarioFile, records, records, runs, parallelism);
        Path csv = input != null ? input : bench.simulatedCsv(records);
        log("ptaflow bench --stages-only: scenario %s, %s, %d runs after a warm-up; load average %s",
                bench.scenario.id(), csv, runs, loadAverage());
        String table = StageTable.measure(csv, bench.scenario, parallelism, runs);
        System.out.print(table);
        System.out.printf("load average at the end %s; %s, %d cores%n", loadAverage(), cpuName(),
                Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /**
     * Where the time goes in the pipeline from the simulator alone ({@code --stages-only --simulator}): its
     * stage-isolating runs over {@code records} records made directly.
     */
    static int runSimulatedStages(Path home, Path data, Path scenarioFile, long records, int runs, int parallelism)
            throws Exception {
        PtaflowBench bench = new PtaflowBench(home, data, scenarioFile, records, records, runs, parallelism);
        log("ptaflow bench --stages-only --simulator: scenario %s, %,d records, %d runs after a warm-up; load average "
                + "%s", bench.scenario.id(), records, runs, loadAverage());
        System.out.print(StageTable.measureSimulated(records, bench.scenario, parallelism, runs));
        System.out.printf("load average at the end %s; %s, %d cores%n", loadAverage(), cpuName(),
                Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /**
     * The scale rows alone ({@code --scale}, {@link ScaleTable}): 1, 4 and 8 scenarios over the simulated file of
     * {@code records}, and one scenario over the file of {@code bigRecords} (0: none).
     */
    static int runScale(Path home, Path data, Path scenarioFile, long records, long bigRecords, int runs)
            throws Exception {
        PtaflowBench bench = new PtaflowBench(home, data, scenarioFile, records, records, runs, 0);
        Path library = home.resolve("scenarios");
        ScaleTable.check(library);
        Path csv = bench.simulatedCsv(records);
        Path big = bigRecords > 0 ? bench.simulatedCsv(bigRecords) : null;
        log("ptaflow bench --scale: %,d and %,d records, %d runs; load average %s", records, bigRecords, runs,
                loadAverage());
        System.out.print(ScaleTable.measure(home, data, library, csv, records, big, bigRecords, runs));
        System.out.printf("load average at the end %s; %s, %d cores%n", loadAverage(), cpuName(),
                Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /** Where the distance to DuckDB lies alone ({@code --gap}, {@link GapTable}), over the file of {@code records}. */
    static int runGap(Path home, Path data, Path scenarioFile, long records, int runs) throws Exception {
        PtaflowBench bench = new PtaflowBench(home, data, scenarioFile, records, records, runs, 0);
        Path csv = bench.simulatedCsv(records);
        log("ptaflow bench --gap: %,d records, %d runs; load average %s", records, runs, loadAverage());
        System.out.print(GapTable.measure(home, data, scenarioFile, csv, records, runs));
        System.out.printf("load average at the end %s; %s, %d cores%n", loadAverage(), cpuName(),
                Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /** One row of the table: its timings (seconds) over the counted runs, and what each one measures. */
    private static final class Row {
        final String name;
        final long records;
        final String note;
        final List<Double> seconds = new ArrayList<>();
        final List<Long> rssKib = new ArrayList<>();
        final List<Double> jobSeconds = new ArrayList<>();
        /** Runs in a JVM of its own (not warmed up: the warm-up round skips it). */
        final boolean ownProcess;

        Row(String name, long records, String note) {
            this(name, records, note, name.contains("JVM start"));
        }

        Row(String name, long records, String note, boolean ownProcess) {
            this.name = name;
            this.records = records;
            this.note = note;
            this.ownProcess = ownProcess;
        }

        double median() {
            return PtaflowBench.median(seconds);
        }

        double rate() {
            return records / median();
        }
    }

    private interface Measurement {
        /** Runs once; records its figures in the row when {@code counted}. */
        void run(Row row, boolean counted) throws Exception;
    }

    private int run() throws Exception {
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        log("ptaflow bench: scenario %s, %,d records in the CSV, %,d from the simulator, %d runs after a warm-up; "
                + "load average %s", scenario.id(), records, pipelineRecords, runs, loadBefore);

        checkAgreement();

        Path csv = simulatedCsv(records);
        long bytes = Files.size(csv);
        Path btOut = data.resolve("backtest-out");
        Map<Row, Measurement> rows = new LinkedHashMap<>();
        PlainLoop.Result[] lastLoop = new PlainLoop.Result[1];
        rows.put(new Row("plain loop, 1 thread (split on commas, project's field checks)", records,
                "the limit"), (row, counted) -> {
                    long s = System.nanoTime();
                    lastLoop[0] = PlainLoop.run(csv, scenario, PlainLoop.Split.COMMAS);
                    if (counted) {
                        row.seconds.add((System.nanoTime() - s) / 1e9);
                    }
                });
        rows.put(new Row("plain loop, 1 thread (project's CsvRecordParser)", records,
                "the job's parser: commas split plain lines, Jackson quoted ones"), (row, counted) -> {
                    long s = System.nanoTime();
                    PlainLoop.run(csv, scenario, PlainLoop.Split.PROJECT_PARSER);
                    if (counted) {
                        row.seconds.add((System.nanoTime() - s) / 1e9);
                    }
                });
        rows.put(new Row("DuckDB 2 threads, in-process query", records, "the peer"), (row, counted) -> {
            DuckDbPeer.Result r = DuckDbPeer.windowSums(csv, scenario, 2);
            if (counted) {
                row.seconds.add(r.seconds());
            }
        });
        rows.put(new Row("DuckDB 2 threads, own JVM (wall incl. JVM start)", records, ""), (row, counted) -> {
            ChildProcess.Outcome r = duckDbOwnJvm(csv, scenarioFile, data.resolve("duckdb.log"));
            if (counted) {
                row.seconds.add(r.wallSeconds());
                row.rssKib.add(r.peakRssKib());
            }
        });
        rows.put(new Row("backtest (bin/ptaflow backtest), wall incl. JVM start", records,
                "embedded cluster, default parallelism; origin checks"
                        + (scenario.transit() != null ? ", and the simulated transit movements (--transit-input)" : "")),
                (row, counted) -> {
                    ChildProcess.Outcome r = backtest(csv, btOut);
                    MonthTotals pipeline = MonthTotals.ofImpactCsv(btOut.resolve("impact.csv"), scenario.id());
                    if (lastLoop[0] != null) {
                        agree("backtest", pipeline, "plain loop", lastLoop[0].totals(), csv);
                    }
                    if (counted) {
                        row.seconds.add(r.wallSeconds());
                        row.rssKib.add(r.peakRssKib());
                        row.jobSeconds.add(jobSeconds(r.output()));
                    }
                });
        // The simulator's records made directly (what bin/ptaflow run does), and written as text and parsed (the
        // text path: generate, parse, everything else).
        for (boolean direct : new boolean[] {true, false}) {
            for (int p = 1; p <= 2; p++) {
                int parallelism = p;
                String what = direct ? "records made directly" : "text written and parsed";
                rows.put(new Row("pipeline from the simulator, " + what + ", parallelism " + p + " (job time)",
                        pipelineRecords, "own JVM, job " + (SimulatorPipeline.WARM_UP_JOBS + 1) + " of "
                                + (SimulatorPipeline.WARM_UP_JOBS + 1) + ", discarding sinks", true),
                        (row, counted) -> row.seconds.add(simulatorPipeline(parallelism, direct)));
            }
        }

        for (int round = 0; round <= runs; round++) {
            boolean counted = round > 0;
            for (Map.Entry<Row, Measurement> e : rows.entrySet()) {
                if (!counted && e.getKey().ownProcess) {
                    continue; // a new JVM each time: the loop rows before it have already put the file in page cache
                }
                // Let the previous row's garbage and threads (a Flink mini cluster shuts down asynchronously) go
                // before the next row starts, so that one row does not pay for another.
                System.gc();
                Thread.sleep(1000);
                long s = System.nanoTime();
                e.getValue().run(e.getKey(), counted);
                log("  %s %s: %.2f s", counted ? "run " + round : "warm-up", e.getKey().name,
                        (System.nanoTime() - s) / 1e9);
            }
        }

        // After the table's rounds, so that its figures are measured as before.
        String stages = stagesParallelism > 0 ? StageTable.measure(csv, scenario, stagesParallelism, runs) : "";

        String loadAfter = loadAverage();
        List<Row> list = new ArrayList<>(rows.keySet());
        Row loop = list.get(0);
        Row duck = list.get(2);
        Row duckWall = list.get(3);
        Row backtest = list.get(4);
        StringBuilder t = new StringBuilder();
        t.append(String.format("%n%,d records (%,.0f MB CSV, seed 42) through scenario %s; %,d records from the "
                + "simulator; median of %d runs after a warm-up; %s, %d cores; load average %s at start, %s at end; "
                + "%.0f s in all%n%n", records, bytes / 1e6, scenario.id(), pipelineRecords, runs, cpuName(),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, (System.nanoTime() - t0) / 1e9));
        t.append("| what | time (median) | records/s | × plain loop | × DuckDB | peak RSS | note |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row r : list) {
            long rss = r.rssKib.isEmpty() ? -1 : r.rssKib.stream().mapToLong(Long::longValue).max().getAsLong();
            t.append(String.format("| %s | %.2f s | %,.0f | %.3f | %.3f | %s | %s |%n", r.name, r.median(), r.rate(),
                    r.rate() / loop.rate(), r.rate() / duck.rate(), rss < 0 ? "" : String.format("%,d MB", rss / 1024),
                    r.note));
            if (r == backtest && !r.jobSeconds.isEmpty()) {
                double job = median(r.jobSeconds);
                t.append(String.format("| backtest, job time only (from its `done:` line) | %.1f s | %,.0f | %.3f | %.3f"
                        + " |  | the same runs, without JVM and cluster start |%n", job, records / job,
                        records / job / loop.rate(), records / job / duck.rate()));
            }
        }
        t.append(String.format("%nbacktest wall ÷ DuckDB wall, both with a JVM start: %.2f (issue 5's goal: at most "
                + "1.5)%n", backtest.median() / duckWall.median()));
        t.append(problems.isEmpty()
                ? "agreement: the backtest, the plain loop and DuckDB give the same totals per month (records, value, "
                        + "duty at MFN, eligible value, rows)\n"
                : "DISAGREEMENT:\n  " + String.join("\n  ", problems) + "\n");
        t.append(stages);
        System.out.print(t);
        return problems.isEmpty() ? 0 : 1;
    }

    /** A small file through the three; they must agree before anything is timed. */
    private void checkAgreement() throws Exception {
        // 100 records per simulated day instead of 2,000: 50,000 records span 16 months, across the staging step
        // of 2024-07-01 and the MFN rows that end there, so eligible value and the rate changes are checked too.
        long n = 50_000;
        Path small = simulatedCsv(n, 100);
        PlainLoop.Result loop = PlainLoop.run(small, scenario, PlainLoop.Split.COMMAS);
        MonthTotals jackson = PlainLoop.run(small, scenario, PlainLoop.Split.PROJECT_PARSER).totals();
        MonthTotals duck = DuckDbPeer.windowSums(small, scenario, 2).totals();
        Path out = data.resolve("agreement-out");
        backtest(small, out);
        MonthTotals pipeline = MonthTotals.ofImpactCsv(out.resolve("impact.csv"), scenario.id());
        agree("backtest", pipeline, "plain loop", loop.totals(), small);
        agree("plain loop (CsvRecordParser)", jackson, "plain loop", loop.totals(), small);
        agree("DuckDB", duck, "plain loop", loop.totals(), small);
        log("agreement on %,d records (%d months, %,d beneficiary records, %,d rejected, %,d out of scope): %s", n,
                loop.totals().months.size(), loop.totals().totalRecords(), loop.rejected, loop.outOfScope,
                problems.isEmpty() ? "the backtest, the plain loop and DuckDB agree" : "DISAGREE");
    }

    private void agree(String a, MonthTotals ta, String b, MonthTotals tb, Path file) {
        String d = MonthTotals.difference(a, ta, b, tb);
        if (d != null) {
            problems.add(file.getFileName() + ": " + d);
            log("DISAGREEMENT on %s: %s", file, d);
        }
    }

    /** The backtest of the customs file, with its simulated transit movements where the scenario watches transit. */
    private ChildProcess.Outcome backtest(Path csv, Path out) throws IOException, InterruptedException {
        return backtest(home, scenarioFile, csv, out, data.resolve("backtest.log"));
    }

    /** {@code bin/ptaflow backtest} of {@link #backtestArguments} into {@code out}, its output into {@code log}. */
    static ChildProcess.Outcome backtest(Path home, Path scenarioFile, Path csv, Path out, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/ptaflow").toString()));
        command.addAll(backtestArguments(scenarioFile, csv));
        command.addAll(List.of("--out", out.toString()));
        return ChildProcess.run(command, log);
    }

    /**
     * The backtest's command line but its output folder: the scenario, the customs file and, where they were
     * simulated beside it, its transit movements.
     */
    static List<String> backtestArguments(Path scenarioFile, Path csv) {
        List<String> args = new ArrayList<>(List.of("backtest", "--scenario", scenarioFile.toString(), "--input",
                csv.toString()));
        Path transit = transitFile(csv);
        if (Files.exists(transit)) {
            args.addAll(List.of("--transit-input", transit.toString()));
        }
        return args;
    }

    /** DuckDB's query over the customs file in a JVM of its own (2 threads), its output into {@code log}. */
    static ChildProcess.Outcome duckDbOwnJvm(Path csv, Path scenarioFile, Path log)
            throws IOException, InterruptedException {
        return ChildProcess.run(javaCommand(List.of(), DuckDbPeer.class, csv.toString(), scenarioFile.toString(), "2"),
                log);
    }

    /**
     * The pipeline from the simulator in a JVM of its own, with this JVM's options (heap, module openings): the time of
     * its job after {@link SimulatorPipeline#WARM_UP_JOBS} warm-up jobs, in seconds.
     */
    private double simulatorPipeline(int parallelism, boolean direct) throws IOException, InterruptedException {
        List<String> command = javaCommand(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                SimulatorPipeline.class, scenarioFile.toString(), Long.toString(pipelineRecords),
                Integer.toString(parallelism), Boolean.toString(direct),
                Integer.toString(SimulatorPipeline.WARM_UP_JOBS));
        ChildProcess.Outcome r = ChildProcess.run(command, data.resolve("simulator-pipeline.log"));
        Matcher m = SimulatorPipeline.MEASURED.matcher(r.output());
        if (!m.find()) {
            throw new IOException("no measured job in " + data.resolve("simulator-pipeline.log"));
        }
        log("    %s", r.output().lines()
                .filter(l -> l.startsWith("warm-up job") || l.startsWith("measured job"))
                .map(l -> l.replaceFirst(",.*", ""))
                .reduce((a, b) -> a + "; " + b).orElse(""));
        return Double.parseDouble(m.group(1));
    }

    /** This JVM's {@code java}, with {@code options}, this JVM's class path and {@code main} with its arguments. */
    static List<String> javaCommand(List<String> options, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The transit movements simulated beside a customs file (scenarios with a transit: section). */
    static Path transitFile(Path csv) {
        return csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", "") + "-transit.csv");
    }

    private static double jobSeconds(String output) {
        Matcher m = JOB_SECONDS.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * The simulated CSV of n records (seed 42, the simulator's 2,000 records per simulated day), written once by
     * {@code bin/ptaflow simulate} and kept in the data folder.
     */
    private Path simulatedCsv(long n) throws IOException, InterruptedException {
        return simulatedCsv(n, 2_000);
    }

    private Path simulatedCsv(long n, int perDay) throws IOException, InterruptedException {
        Path file = data.resolve("sim-" + scenario.id() + "-" + n + "-seed42" + (perDay == 2_000 ? "" : "-" + perDay
                + "-per-day") + ".csv");
        boolean transit = scenario.transit() != null;
        if (Files.exists(file) && (!transit || Files.exists(transitFile(file)))) {
            return file;
        }
        Path partial = data.resolve(file.getFileName() + ".partial");
        Path transitPartial = data.resolve(transitFile(file).getFileName() + ".partial");
        log("writing %s (once; later runs reuse it)%s", file, transit ? " and its transit movements" : "");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/ptaflow").toString(), "simulate",
                "--scenario", scenarioFile.toString(), "--records", Long.toString(n), "--seed", "42",
                "--records-per-day", Integer.toString(perDay), "--out", partial.toString()));
        if (transit) {
            command.addAll(List.of("--transit-out", transitPartial.toString()));
        }
        ChildProcess.run(command, data.resolve("simulate.log"));
        if (transit) {
            Files.move(transitPartial, transitFile(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: leave it out
        }
        return "CPU unknown";
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(format, args));
    }
}
