package org.ptaflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cost of scale (issue 14, item 5): the same backtest with 1, 4 and 8 scenarios over one file (one read, one
 * parse, one shuffle: what does each scenario more cost?), and one scenario over a larger file (does the time per
 * record stay?). Each figure is the wall time of {@code bin/ptaflow backtest} in a process of its own (JVM start
 * included) and its peak RSS, the median of the rounds; rows are measured round-robin, as the main table's.
 *
 * <p>The eight scenarios are the three of the library and five variants of the request lists written into a copy of
 * the scenarios folder (so that their tables resolve as the library's do): other rules (a 25 % and a 75 % margin of
 * preference, a 5 % ceiling, duty-free) and other staging dates (a year later, all at once). All cover both
 * importers.
 */
final class ScaleTable {
    private ScaleTable() {}

    /** The five variants of the request lists: id suffix, what changes, and the text replacements that make it. */
    private record Variant(String suffix, String what, Map<String, String> replace) {}

    private static final String RULE = "rule: { margin_of_preference: 0.5 }";

    private static final List<Variant> VARIANTS = List.of(
            new Variant("mop25", "a 25 % margin of preference", Map.of(RULE, "rule: { margin_of_preference: 0.25 }")),
            new Variant("mop75-late", "a 75 % margin, staged a year later", Map.of(RULE,
                    "rule: { margin_of_preference: 0.75 }", "2024-07-01", "2025-07-02", "2025-07-01", "2026-07-02",
                    "2026-07-01", "2027-07-01")),
            new Variant("cap5", "a 5 % ceiling", Map.of(RULE, "rule: { max_rate: 5 }")),
            new Variant("free", "duty-free", Map.of(RULE, "rule: { new_rate: 0 }")),
            new Variant("at-once", "the margin in full from 2024-01-01", Map.of("{ from: 2024-07-01, fraction: 0.34 }",
                    "{ from: 2024-01-01, fraction: 1.0 }", "      - { from: 2025-07-01, fraction: 0.67 }\n", "",
                    "      - { from: 2026-07-01, fraction: 1.0 }\n", "")));

    /**
     * The eight scenario files: the library's three, then the five variants, written into {@code data}.
     *
     * @param library the installation's scenarios folder
     */
    static List<Path> scenarios(Path library, Path data) throws IOException {
        Path copy = data.resolve("scale-scenarios");
        copyTree(library, copy);
        List<Path> files = new ArrayList<>(List.of(copy.resolve("pk-az-pta-requests.yaml"),
                copy.resolve("pk-az-pta-phase1.yaml"), copy.resolve("pk-az-full-liberalisation.yaml")));
        String requests = Files.readString(copy.resolve("pk-az-pta-requests.yaml"));
        for (Variant v : VARIANTS) {
            String yaml = requests.replace("id: pk-az-pta-requests", "id: pk-az-pta-requests-" + v.suffix());
            for (Map.Entry<String, String> r : v.replace().entrySet()) {
                if (!yaml.contains(r.getKey())) {
                    throw new IllegalStateException("variant " + v.suffix() + ": the request lists no longer contain "
                            + r.getKey().strip());
                }
                yaml = yaml.replace(r.getKey(), r.getValue());
            }
            files.add(Files.writeString(copy.resolve("pk-az-pta-requests-" + v.suffix() + ".yaml"),
                    "# bench variant of the request lists: " + v.what() + "\n" + yaml));
        }
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** One row: its command's arguments and the records it reads. */
    private record Case(String name, List<String> args, long records, int scenarios) {}

    /**
     * Measures and returns the markdown table.
     *
     * @param csv the main table's file ({@code records} records)
     * @param bigCsv the larger file ({@code bigRecords} records), or null to leave that row out
     */
    static String measure(Path home, Path data, Path library, Path csv, long records, Path bigCsv, long bigRecords,
            int runs) throws Exception {
        List<Path> scenarios = scenarios(library, data);
        List<Case> cases = new ArrayList<>();
        for (int n : new int[] {1, 4, 8}) {
            cases.add(new Case(n + " scenario" + (n == 1 ? "" : "s") + ", " + String.format("%,d", records)
                    + " records", backtestArgs(home, scenarios.subList(0, n), csv, data.resolve("scale-out-" + n)),
                    records, n));
        }
        if (bigCsv != null) {
            cases.add(new Case("1 scenario, " + String.format("%,d", bigRecords) + " records",
                    backtestArgs(home, scenarios.subList(0, 1), bigCsv, data.resolve("scale-out-big")), bigRecords,
                    1));
        }
        Map<Case, List<Double>> seconds = new LinkedHashMap<>();
        Map<Case, Long> rss = new LinkedHashMap<>();
        cases.forEach(c -> seconds.put(c, new ArrayList<>()));
        for (int round = 1; round <= runs; round++) {
            for (Case c : cases) {
                System.gc();
                Thread.sleep(1000);
                ChildProcess.Outcome r = ChildProcess.run(c.args(), data.resolve("scale.log"));
                seconds.get(c).add(r.wallSeconds());
                rss.merge(c, r.peakRssKib(), Math::max);
                PtaflowBench.log("  run %d %s: %.2f s, %,d MB", round, c.name(), r.wallSeconds(),
                        r.peakRssKib() / 1024);
            }
        }
        Case one = cases.get(0);
        double oneSeconds = PtaflowBench.median(seconds.get(one));
        double onePerRecord = oneSeconds / one.records() * 1e9;
        StringBuilder t = new StringBuilder();
        t.append(String.format("%nScale (wall incl. JVM start, median of %d runs; scenarios: the library's three, "
                + "then five variants of the request lists)%n%n", runs));
        t.append("| backtest | time (median) | records/s | ns per record | × 1 scenario | peak RSS |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Case c : cases) {
            double s = PtaflowBench.median(seconds.get(c));
            double perRecord = s / c.records() * 1e9;
            String ratio = c.records() == one.records() ? String.format("%.2f", s / oneSeconds)
                    : String.format("%.2f per record", perRecord / onePerRecord);
            t.append(String.format("| %s | %.2f s | %,.0f | %,.0f | %s | %,d MB |%n", c.name(), s, c.records() / s,
                    perRecord, ratio, rss.get(c) / 1024));
        }
        t.append("(issue 14's goals: 8 scenarios at most 2× one; the larger file's time per record within 15% of the "
                + "smaller's)\n");
        return t.toString();
    }

    private static List<String> backtestArgs(Path home, List<Path> scenarios, Path csv, Path out) {
        List<String> args = new ArrayList<>(List.of(home.resolve("bin/ptaflow").toString(), "backtest"));
        for (Path s : scenarios) {
            args.add("--scenario");
            args.add(s.toString());
        }
        args.addAll(List.of("--input", csv.toString(), "--out", out.toString()));
        return args;
    }

    static void check(Path library) {
        if (!Files.isRegularFile(library.resolve("pk-az-pta-requests.yaml"))) {
            throw new UncheckedIOException(new IOException("no scenarios/pk-az-pta-requests.yaml under " + library));
        }
    }
}
