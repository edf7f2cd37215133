package org.ptaflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The CPU each of this JVM's threads spends while a job runs, from Linux's {@code /proc/self/task/<tid>/stat} (user
 * and system time), grouped by the thread's name as Linux keeps it (its first 15 characters, digits folded): the
 * job's tasks ({@code Apply scenarios}, {@code Source: Simulat}, ...), the JIT's compilers, the collector's threads.
 * It says what a stage table cannot: which thread's CPU a record costs, where two cores run four busy threads.
 *
 * <p>The threads are read every 50 ms while the job runs and once after it: a thread that ends between two reads
 * loses what it spent since the last one. Clock ticks (10 ms) are the resolution. Threads that existed before the job
 * count only what they spent during it.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Clock ticks per second of /proc's times (USER_HZ; 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {}

    /** Whether this system has /proc's per-thread times. */
    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /** Runs {@code job}, then formats the CPU of each group of threads per record over {@code records} records. */
    static <T> String during(Callable<T> job, long records) throws Exception {
        Map<String, Long> before = read();
        Map<String, Long> last = new HashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            while (!done.get()) {
                remember(last);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-thread-cpu");
        poller.setDaemon(true);
        poller.start();
        try {
            job.call();
        } finally {
            done.set(true);
            poller.join();
        }
        remember(last);
        Map<String, Double> seconds = new TreeMap<>();
        for (Map.Entry<String, Long> e : last.entrySet()) {
            long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            seconds.merge(name, ticks / TICKS_PER_SECOND, Double::sum);
        }
        return format(seconds, records);
    }

    private static void remember(Map<String, Long> last) {
        try {
            last.putAll(read());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "tid name" (digits of the name folded to N) → user + system ticks. */
    private static Map<String, Long> read() throws IOException {
        Map<String, Long> threads = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended while listed
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
                // After the name: state, then fields 4..; utime and stime are the 14th and 15th fields of the line.
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                threads.put(task.getFileName() + " " + name, ticks);
            }
        }
        return threads;
    }

    private static String format(Map<String, Double> seconds, long records) {
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder t = new StringBuilder();
        t.append(String.format("%nCPU by thread during the whole job (once more, after the rounds): %,.2f s of CPU "
                + "for %,d records, %,.0f ns per record. From /proc/self/task every 50 ms; a thread's name is its "
                + "first 15 characters, digits as N.%n%n", total, records, total * 1e9 / records));
        t.append("| thread | CPU | ns per record | share |\n| --- | ---: | ---: | ---: |\n");
        seconds.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> t.append(String.format("| %s | %.2f s | %,.0f | %.0f%% |%n", e.getKey(), e.getValue(),
                        e.getValue() * 1e9 / records, 100 * e.getValue() / total)));
        return t.toString();
    }
}
