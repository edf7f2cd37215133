package org.ptaflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command run as its own process under {@code /usr/bin/time -v} (when there is one), for figures that must include a
 * JVM start: wall time measured around the process, peak resident memory as {@code time} reports it.
 */
final class ChildProcess {
    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([0-9.]+)");
    private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): ([0-9.]+)");
    private static final Path TIME = Path.of("/usr/bin/time");

    /**
     * What one run gave: wall seconds, peak RSS in KiB (-1 when unknown), everything it printed, and the CPU seconds
     * of the process and its children, user and system (NaN when unknown).
     */
    record Outcome(double wallSeconds, long peakRssKib, String output, double cpuSeconds) {}

    private ChildProcess() {}

    static Outcome run(List<String> command, Path log) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(TIME)) {
            full.add(TIME.toString());
            full.add("-v");
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        int status = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (status != 0) {
            throw new IOException("exit status " + status + " from " + String.join(" ", command) + "; its output is in "
                    + log);
        }
        Matcher m = MAX_RSS.matcher(output);
        Matcher user = USER.matcher(output);
        Matcher system = SYSTEM.matcher(output);
        double cpu = user.find() && system.find()
                ? Double.parseDouble(user.group(1)) + Double.parseDouble(system.group(1)) : Double.NaN;
        return new Outcome(wall, m.find() ? Long.parseLong(m.group(1)) : -1, output, cpu);
    }
}
