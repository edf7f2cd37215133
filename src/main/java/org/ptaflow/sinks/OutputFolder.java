package org.ptaflow.sinks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.pipeline.LateRecord;
import org.ptaflow.records.RejectedRecord;

/**
 * The files a run writes into its output folder: {@code impact.csv} (final rows; the latest row of a key wins, and
 * a bounded run rewrites the file sorted as contract §4 says), {@code impact-live.csv} (every row as it came,
 * early updates included, for live runs), {@code rejected.csv}, {@code late.csv} and {@code summary.json}.
 * Rejected and late records are written as they arrive, so nothing waits in memory.
 */
public final class OutputFolder implements AutoCloseable {
    private final Path dir;
    private final boolean bands;
    private final boolean live;
    private final Map<String, ImpactRow> finalRows = new LinkedHashMap<>();
    private final SequenceWriter rejected;
    private final SequenceWriter late;
    private final BufferedWriter impactAppend;
    private final BufferedWriter liveRows;
    private long rowsReceived;

    public OutputFolder(Path dir, boolean bands, boolean live) throws IOException {
        this.dir = dir;
        this.bands = bands;
        this.live = live;
        Files.createDirectories(dir);
        CsvMapper csv = new CsvMapper();
        rejected = csv.writer(CsvSchema.builder()
                .addColumn("source").addColumn("line").addColumn("scenario").addColumn("reason")
                .addColumn("message").addColumn("original_text").build().withHeader())
                .writeValues(Files.newBufferedWriter(dir.resolve("rejected.csv"), StandardCharsets.UTF_8));
        late = csv.writer(CsvSchema.builder()
                .addColumn("scenario").addColumn("source").addColumn("declaration_id").addColumn("item_no")
                .addColumn("registered_at").addColumn("window_start").addColumn("watermark")
                .addColumn("original_text").build().withHeader())
                .writeValues(Files.newBufferedWriter(dir.resolve("late.csv"), StandardCharsets.UTF_8));
        if (live) {
            impactAppend = Files.newBufferedWriter(dir.resolve("impact.csv"), StandardCharsets.UTF_8);
            impactAppend.write(ImpactCsv.header(bands));
            impactAppend.write('\n');
            impactAppend.flush();
            liveRows = Files.newBufferedWriter(dir.resolve("impact-live.csv"), StandardCharsets.UTF_8);
            liveRows.write("final," + ImpactCsv.header(bands));
            liveRows.write('\n');
        } else {
            impactAppend = null;
            liveRows = null;
        }
    }

    public void accept(JobOutput output) {
        try {
            if (output.impact != null) {
                impact(output.impact);
            } else if (output.rejected != null) {
                RejectedRecord r = output.rejected;
                rejected.write(new Object[] {r.source, r.line, r.scenario, r.reason, r.message, r.originalText});
            } else if (output.late != null) {
                LateRecord l = output.late;
                late.write(new Object[] {l.scenario, l.source, l.declarationId, l.itemNo,
                        Instant.ofEpochMilli(l.registeredAt).toString(), Instant.ofEpochMilli(l.windowStart).toString(),
                        Instant.ofEpochMilli(l.watermark).toString(), l.originalText});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void impact(ImpactRow row) throws IOException {
        rowsReceived++;
        if (live) {
            liveRows.write(row.finalRow ? "true," : "false,");
            liveRows.write(ImpactCsv.line(row, bands));
            liveRows.write('\n');
            liveRows.flush();
        }
        if (!row.finalRow) {
            return;
        }
        finalRows.put(row.key(), row);
        if (live) {
            impactAppend.write(ImpactCsv.line(row, bands));
            impactAppend.write('\n');
            impactAppend.flush();
        }
    }

    public long rowsReceived() {
        return rowsReceived;
    }

    public int finalRowCount() {
        return finalRows.size();
    }

    /** Writes {@code impact.csv} sorted (replacing the appended one of a live run) and {@code summary.json}. */
    public void finish(RunSummary summary) throws IOException {
        List<ImpactRow> rows = new ArrayList<>(finalRows.values());
        rows.sort(ImpactCsv.CONTRACT_ORDER);
        Path tmp = dir.resolve("impact.csv.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(ImpactCsv.header(bands));
            w.write('\n');
            for (ImpactRow r : rows) {
                w.write(ImpactCsv.line(r, bands));
                w.write('\n');
            }
        }
        if (impactAppend != null) {
            impactAppend.close();
        }
        Files.move(tmp, dir.resolve("impact.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        summary.impactRows = rows.size();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), summary.toJson());
    }

    @Override
    public void close() throws IOException {
        rejected.close();
        late.close();
        if (liveRows != null) {
            liveRows.close();
        }
        if (impactAppend != null) {
            impactAppend.close();
        }
    }
}
