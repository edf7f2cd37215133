package org.ptaflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.records.SourceLine;
import org.ptaflow.sources.CustomsFileFormat;

/** Input files: globs expanded to the files they match, and one bounded file source per file. */
final class InputFiles {
    private InputFiles() {}

    /** One bounded file source per input file, so the rejected output can name the file a record came from. */
    static DataStream<SourceLine> source(StreamExecutionEnvironment env, List<Path> inputs) {
        return source(env, inputs, "file-source-", "File ");
    }

    /** The transit event files (contract §1b), read as the customs files are, with sources of their own uids. */
    static DataStream<SourceLine> transitSource(StreamExecutionEnvironment env, List<Path> inputs) {
        return source(env, inputs, "transit-file-source-", "Transit file ");
    }

    private static DataStream<SourceLine> source(StreamExecutionEnvironment env, List<Path> inputs, String uidPrefix,
            String namePrefix) {
        DataStream<SourceLine> all = null;
        int n = 0;
        for (Path p : inputs) {
            FileSource<SourceLine> source = FileSource.forRecordStreamFormat(
                    new CustomsFileFormat(p.getFileName().toString()),
                    new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).build();
            DataStream<SourceLine> one = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                    namePrefix + p.getFileName()).uid(uidPrefix + (n++));
            all = all == null ? one : all.union(one);
        }
        return all;
    }

    /**
     * The files whose records' text a backtest's join may read again at its offset instead of sending it through the
     * shuffle ({@code pipeline.RecordTexts}): by source name (the file's name), each file's URI. A file Flink
     * decompresses (by its extension) is left out, whose offsets are not the file's; so are files that share their
     * name with another input, whose records' source does not tell which file they came from.
     */
    static Map<String, String> recordTextFiles(List<Path> files) {
        Map<String, String> byName = new HashMap<>();
        Set<String> shared = new HashSet<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (byName.put(name, file.toAbsolutePath().toUri().toString()) != null) {
                shared.add(name);
            }
        }
        byName.keySet().removeAll(shared);
        byName.keySet().removeIf(InputFiles::decompressed);
        return byName;
    }

    /** Whether Flink's file source decompresses the file, as it decides: by the name's extension. */
    private static boolean decompressed(String name) {
        return StandardDeCompressors.getCommonSuffixes().stream().anyMatch(s -> name.endsWith("." + s));
    }

    /** How much of a file's start {@link #estimatedRecords} reads. */
    private static final int ESTIMATE_BYTES = 64 * 1024;

    /**
     * About how many records the files hold: each file's size divided by the mean length of the whole lines in its
     * first 64 KB (the header and blank lines counted as records: an estimate, which only sizes the duplicate memory
     * from the start). A file Flink decompresses (by its extension), or whose start holds no whole line, adds nothing.
     */
    static long estimatedRecords(List<Path> files) throws IOException {
        long records = 0;
        byte[] start = new byte[ESTIMATE_BYTES];
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (decompressed(name)) {
                continue;
            }
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(start, 0, start.length);
            }
            int lines = 0;
            int lastLineEnd = -1;
            for (int i = 0; i < n; i++) {
                if (start[i] == '\n') {
                    lines++;
                    lastLineEnd = i;
                }
            }
            if (lines > 0) {
                records += (long) ((double) Files.size(file) * lines / (lastLineEnd + 1));
            }
        }
        return records;
    }

    /** Expands globs (in the last path segments) to the files they match, sorted; plain paths are kept. */
    static List<Path> expand(List<String> patterns) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns) {
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[") && !pattern.contains("{")) {
                Path p = Paths.get(pattern);
                if (!Files.isRegularFile(p)) {
                    throw new UsageError("input file not found: " + pattern);
                }
                files.add(p);
                continue;
            }
            Path base = Paths.get(".");
            String rest = pattern;
            int slash = firstGlobSegmentStart(pattern);
            if (slash > 0) {
                base = Paths.get(pattern.substring(0, slash));
                rest = pattern.substring(slash + 1);
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
            Path root = base;
            if (!Files.isDirectory(root)) {
                // A glob under a folder that does not exist matches nothing: bad usage (exit 2), not a job failure.
                throw new UsageError("no input file matches " + pattern + " (no folder " + root + ")");
            }
            List<Path> matched;
            try (Stream<Path> walk = Files.walk(root)) {
                matched = walk.filter(Files::isRegularFile).filter(p -> matcher.matches(root.relativize(p))).sorted()
                        .toList();
            }
            if (matched.isEmpty()) {
                throw new UsageError("no input file matches " + pattern);
            }
            files.addAll(matched);
        }
        return files;
    }

    private static int firstGlobSegmentStart(String pattern) {
        int glob = pattern.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = pattern.indexOf(c);
            if (i >= 0) {
                glob = Math.min(glob, i);
            }
        }
        return pattern.lastIndexOf('/', glob);
    }
}
