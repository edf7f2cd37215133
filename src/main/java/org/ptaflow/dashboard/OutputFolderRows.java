package org.ptaflow.dashboard;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Follows the output folder a run writes ({@code OutputFolder}): {@code impact-live.csv} (every row as it came,
 * early updates included, with a leading {@code final} column) and {@code impact.csv} (final rows), read from where
 * the last poll stopped, and from the start again when a file was replaced (a finished run rewrites
 * {@code impact.csv} sorted); {@code taxes-live.csv} and {@code taxes.csv} the same way, where the run has taxes,
 * and {@code quotas.csv}, where it has quotas; {@code transit.csv} (a live run appends every row as it comes and
 * rewrites the file at the end with the latest row of each key), {@code transit-alerts.csv} and {@code flags.csv}.
 * The alerts' and flags' free text (an office, a detail) is quoted by the job's CSV writer, so lines are read as
 * RFC 4180 CSV (a quoted field may hold commas, quotes and line breaks); a record is taken once it is complete.
 *
 * <p>The run's health comes from {@code summary.json} once the run has finished; before that, from what the folder
 * shows (rejected and late records by reason), unless a live source of counts is attached ({@link RunHealth}).
 */
final class OutputFolderRows implements RunHealth {
    private final Path dir;
    private final ImpactRowsStore store;
    private final FollowedFile impact;
    private final FollowedFile live;
    private final FollowedFile taxes;
    private final FollowedFile taxesLive;
    private final FollowedFile quotas;
    private final FollowedFile transit;
    private final FollowedFile transitAlerts;
    private final FollowedFile flags;
    private Map<String, Object> folderHealth = Map.of();
    private String healthStamp = "";

    OutputFolderRows(Path dir, ImpactRowsStore store) {
        this.dir = dir;
        this.store = store;
        this.impact = new FollowedFile(dir.resolve("impact.csv"), false, store::accept);
        this.live = new FollowedFile(dir.resolve("impact-live.csv"), true, store::accept);
        this.taxes = new FollowedFile(dir.resolve("taxes.csv"), false, store::acceptTax);
        this.taxesLive = new FollowedFile(dir.resolve("taxes-live.csv"), true, store::acceptTax);
        this.quotas = new FollowedFile(dir.resolve("quotas.csv"), false, store::acceptQuota);
        this.transit = new FollowedFile(dir.resolve("transit.csv"), false, store::acceptTransit);
        this.transitAlerts = new FollowedFile(dir.resolve("transit-alerts.csv"), false, store::acceptTransitAlert);
        this.flags = new FollowedFile(dir.resolve("flags.csv"), false, store::acceptFlag);
    }

    /** Reads what is new; called every second by the server. */
    void poll() {
        try {
            live.poll();
            impact.poll();
            taxesLive.poll();
            taxes.poll();
            quotas.poll();
            transit.poll();
            transitAlerts.poll();
            flags.poll();
            refreshHealth();
        } catch (IOException e) {
            // A file being replaced between two reads: the next poll reads it again.
        }
    }

    @Override
    public synchronized Map<String, Object> health() {
        return folderHealth;
    }

    private void refreshHealth() throws IOException {
        Path summary = dir.resolve("summary.json");
        Path rejected = dir.resolve("rejected.csv");
        Path late = dir.resolve("late.csv");
        String stamp = stamp(summary) + stamp(rejected) + stamp(late);
        if (stamp.equals(healthStamp)) {
            return;
        }
        Map<String, Object> h = new LinkedHashMap<>();
        if (Files.isRegularFile(summary)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = new ObjectMapper().readValue(summary.toFile(), Map.class);
            h.put("state", "finished");
            h.put("summary", json);
        } else {
            h.put("state", "running (counts from the output folder)");
            h.put("rejected_by_reason", countBy(rejected, "reason"));
            h.put("late", countBy(late, "scenario"));
        }
        synchronized (this) {
            folderHealth = h;
        }
        healthStamp = stamp;
        store.touch();
    }

    private static String stamp(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            return "-;";
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.size() + "@" + a.lastModifiedTime().toMillis() + ";";
    }

    private static Map<String, Long> countBy(Path csvFile, String column) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        if (!Files.isRegularFile(csvFile)) {
            return counts;
        }
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csvFile.toFile())) {
            while (it.hasNextValue()) {
                counts.merge(it.nextValue().getOrDefault(column, ""), 1L, Long::sum);
            }
        } catch (RuntimeException e) {
            // a record being written as we read: counted at the next poll
        }
        return counts;
    }

    /**
     * The complete records of {@code text} (RFC 4180: a field in double quotes may hold commas, line breaks and
     * doubled quotes; a record ends at a line break outside quotes, a CR before it dropped), added to {@code out};
     * returns how many characters they take, so that an incomplete last record is read again at the next poll.
     */
    static int csvRecords(String text, List<String[]> out) {
        int consumed = 0;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                int n = field.length();
                if (n > 0 && field.charAt(n - 1) == '\r') {
                    field.setLength(n - 1);
                }
                fields.add(field.toString());
                out.add(fields.toArray(new String[0]));
                fields.clear();
                field.setLength(0);
                consumed = i + 1;
            } else {
                field.append(c);
            }
        }
        return consumed;
    }

    /** One CSV file read incrementally: complete lines only, from the start again when the file was replaced. */
    private final class FollowedFile {
        private final Path path;
        private final boolean withFinalColumn;
        private final java.util.function.Consumer<DashboardRow> sink;
        private Object fileKey;
        private long offset;
        private long modified;
        private List<String> header;

        FollowedFile(Path path, boolean withFinalColumn, java.util.function.Consumer<DashboardRow> sink) {
            this.path = path;
            this.withFinalColumn = withFinalColumn;
            this.sink = sink;
        }

        void poll() throws IOException {
            if (!Files.isRegularFile(path)) {
                return;
            }
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            Object key = a.fileKey();
            if (key != null && !key.equals(fileKey) || a.size() < offset
                    || (key == null && a.lastModifiedTime().toMillis() != modified && a.size() == offset)) {
                fileKey = key;
                offset = 0;
                header = null;
            }
            modified = a.lastModifiedTime().toMillis();
            if (a.size() == offset) {
                return;
            }
            byte[] bytes;
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
                f.seek(offset);
                bytes = new byte[(int) Math.min(a.size() - offset, 64L << 20)];
                f.readFully(bytes);
            }
            int end = lastNewline(bytes);
            if (end < 0) {
                return;
            }
            // Up to the last line break, which may still be inside a quoted field: only complete records count.
            String text = new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
            List<String[]> records = new ArrayList<>();
            int consumed = csvRecords(text, records);
            offset += text.substring(0, consumed).getBytes(StandardCharsets.UTF_8).length;
            for (String[] values : records) {
                if (values.length == 1 && values[0].isEmpty()) {
                    continue;
                }
                if (header == null) {
                    header = List.of(withFinalColumn ? Arrays.copyOfRange(values, 1, values.length) : values);
                    continue;
                }
                if (withFinalColumn) {
                    sink.accept(DashboardRow.of(header, Arrays.copyOfRange(values, 1, values.length),
                            "true".equals(values[0])));
                } else {
                    sink.accept(DashboardRow.of(header, values, true));
                }
            }
        }

        private int lastNewline(byte[] b) {
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
