package org.ptaflow.sinks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;

import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.flags.Flag;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * The files a run writes into its output folder: {@code impact.csv} (final rows; the latest row of a key wins, and
 * a bounded run rewrites the file sorted as contract §4 says), {@code impact-live.csv} (every row as it came,
 * early updates included, for live runs), {@code taxes.csv} (the final rows' lines per tax, {@link TaxLine}, when
 * some row's importer has taxes), {@code rejected.csv}, {@code late.csv} and {@code summary.json}.
 * Rejected and late records are written as they arrive, so nothing waits in memory.
 *
 * <p>The tax files follow the impact files: {@code taxes.csv} has the final rows' lines, appended as they come in
 * a live run and written sorted at the end (the impact rows' order, then the duty first and the taxes in list
 * order); a live run also writes {@code taxes-live.csv}, every row's lines as they came with a leading {@code final}
 * column, as {@code impact-live.csv}. Whether to write them is decided from the rows: the first row with taxes
 * creates them, so a run whose scenarios have no {@code taxes:} has no tax files.
 *
 * <p>{@code quotas.csv} has the quotas' daily allocations ({@link QuotaColumns}), where a scenario of the run has
 * {@code quotas:}. Unlike the tax lines, whose rows say whether their scenario has taxes, a quota row exists only
 * for a day with claims, so the run says whether to write the file: a run whose scenarios have quotas but no claim
 * has the file with its header only. A live run creates it at the start and appends each row as the allocation
 * emits it (a day once its day is complete); every run ends by rewriting it sorted by scenario, quota and day.
 * A later row of the same quota and day replaces the earlier one.
 *
 * <p>{@code flags.csv} (every run: the origin checks apply to every scenario), {@code transit.csv} and
 * {@code transit-alerts.csv} (where a scenario has a {@code transit:} section) are appended to as rows come in a
 * live run and rewritten sorted at the end: one transit row per key, the latest (a key whose movements all moved
 * to their corridors has none), flags and alerts by time.
 */
public final class OutputFolder implements AutoCloseable {
    private final Path dir;
    private final boolean bands;
    private final boolean live;
    private final Map<ImpactKey.InWindow, ImpactRow> finalRows = new LinkedHashMap<>();
    private final SequenceWriter rejected;
    private final SequenceWriter late;
    private final BufferedWriter impactAppend;
    private final BufferedWriter liveRows;
    /** A live run's {@code taxes.csv} as it grows; opened with the first final row that has taxes. */
    private BufferedWriter taxesAppend;
    /** A live run's {@code taxes-live.csv}; opened with the first row (early or final) that has taxes. */
    private BufferedWriter taxesLive;
    private boolean anyTaxes;
    /** Whether to write {@code quotas.csv}: a scenario of the run has quotas, or a quota row came anyway. */
    private boolean quotas;
    /** The quotas' rows by quota and day, for the sorted {@code quotas.csv} of {@link #finish}. */
    private final Map<QuotaDay, QuotaStatus> quotaRows = new LinkedHashMap<>();
    /** A live run's {@code quotas.csv} as it grows. */
    private BufferedWriter quotasAppend;
    private long rowsReceived;
    /** The origin checks' flags, for the sorted {@code flags.csv} of {@link #finish}. */
    private final List<Flag> flags = new ArrayList<>();
    /** A live run's {@code flags.csv} as it grows. */
    private SequenceWriter flagsAppend;
    /** Whether to write {@code transit.csv} and {@code transit-alerts.csv}: a scenario has a transit section. */
    private final boolean transit;
    /** The latest transit row of each key, for the {@code transit.csv} of {@link #finish}. */
    private final Map<TransitRow.Key, TransitRow> transitRows = new LinkedHashMap<>();
    private final List<TransitAlert> transitAlerts = new ArrayList<>();
    /** A live run's transit files as they grow (every row as it came: the latest of a key wins). */
    private BufferedWriter transitAppend;
    private SequenceWriter alertsAppend;

    public OutputFolder(Path dir, boolean bands, boolean live) throws IOException {
        this(dir, bands, live, false);
    }

    /** @param quotas whether a scenario of the run has quotas: then {@code quotas.csv} is written, claims or not */
    public OutputFolder(Path dir, boolean bands, boolean live, boolean quotas) throws IOException {
        this(dir, bands, live, quotas, false);
    }

    /**
     * @param transit whether a scenario of the run has a {@code transit:} section: then {@code transit.csv} and
     *     {@code transit-alerts.csv} are written, events or not
     */
    public OutputFolder(Path dir, boolean bands, boolean live, boolean quotas, boolean transit) throws IOException {
        this.dir = dir;
        this.bands = bands;
        this.live = live;
        this.quotas = quotas;
        this.transit = transit;
        Files.createDirectories(dir);
        // The headers are written at once, not with the first record, so that a live run's files can be read (by a
        // person or the dashboard) before any record was rejected or late.
        rejected = csvWithHeader(dir.resolve("rejected.csv"), RecordColumns.names(RecordColumns.REJECTED));
        late = csvWithHeader(dir.resolve("late.csv"), RecordColumns.names(RecordColumns.LATE));
        if (live) {
            impactAppend = withHeader("impact.csv", ImpactCsv.header(bands));
            impactAppend.flush();
            liveRows = withHeader("impact-live.csv", "final," + ImpactCsv.header(bands));
            if (quotas) {
                quotasAppend = withHeader("quotas.csv", QuotaColumns.header());
                quotasAppend.flush();
            }
            flagsAppend = csvWithHeader(dir.resolve("flags.csv"), FlagColumns.names());
            if (transit) {
                transitAppend = withHeader("transit.csv", TransitColumns.header());
                transitAppend.flush();
                alertsAppend = csvWithHeader(dir.resolve("transit-alerts.csv"), TransitAlertColumns.names());
            }
        } else {
            impactAppend = null;
            liveRows = null;
        }
    }

    private static SequenceWriter csvWithHeader(Path file, List<String> columns) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(String.join(",", columns)); // plain names: nothing to quote
        out.write('\n');
        out.flush();
        CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        return new CsvMapper().writer(schema.build().withoutHeader()).writeValues(out);
    }

    public void accept(JobOutput output) {
        try {
            if (output.impact != null) {
                // Contract §4: impact rows where the beneficiary imported; an evaluation's run also brings back
                // windows of the others' imports alone, which it needs and impact.csv does not show.
                if (output.impact.sums.valueBeneficiary > 0) {
                    impact(output.impact);
                }
            } else if (output.rejected != null) {
                rejected.write(RecordColumns.values(RecordColumns.REJECTED, output.rejected));
                if (live) {
                    rejected.flush(); // a live run's files are read while it runs
                }
            } else if (output.late != null) {
                late.write(RecordColumns.values(RecordColumns.LATE, output.late));
                if (live) {
                    late.flush();
                }
            } else if (output.quota != null) {
                quota(output.quota);
            } else if (output.flag != null) {
                flags.add(output.flag);
                if (live) {
                    flagsAppend.write(FlagColumns.values(output.flag));
                    flagsAppend.flush();
                }
            } else if (output.transitRow != null) {
                transitRow(output.transitRow);
            } else if (output.transitAlert != null) {
                transitAlerts.add(output.transitAlert);
                if (live && alertsAppend != null) {
                    alertsAppend.write(TransitAlertColumns.values(output.transitAlert));
                    alertsAppend.flush();
                }
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
            if (TaxLine.hasTaxes(row)) {
                if (taxesLive == null) {
                    taxesLive = withHeader("taxes-live.csv", "final," + TaxColumns.header());
                }
                for (TaxLine line : TaxLine.of(row)) {
                    taxesLive.write(row.finalRow ? "true," : "false,");
                    taxesLive.write(TaxColumns.line(line));
                    taxesLive.write('\n');
                }
                taxesLive.flush();
            }
        }
        if (!row.finalRow) {
            return;
        }
        finalRows.put(row.keyInWindow(), row);
        anyTaxes |= TaxLine.hasTaxes(row);
        if (live) {
            impactAppend.write(ImpactCsv.line(row, bands));
            impactAppend.write('\n');
            impactAppend.flush();
            if (TaxLine.hasTaxes(row)) {
                if (taxesAppend == null) {
                    taxesAppend = withHeader("taxes.csv", TaxColumns.header());
                }
                writeTaxLines(taxesAppend, row);
                taxesAppend.flush();
            }
        }
    }

    private void quota(QuotaStatus row) throws IOException {
        quotas = true;
        quotaRows.put(new QuotaDay(QuotaColumns.Key.of(row), row.day), row);
        if (live) {
            if (quotasAppend == null) {
                quotasAppend = withHeader("quotas.csv", QuotaColumns.header());
            }
            quotasAppend.write(QuotaColumns.line(row));
            quotasAppend.write('\n');
            quotasAppend.flush();
        }
    }

    private void transitRow(TransitRow row) throws IOException {
        transitRows.put(row.key(), row);
        if (live && transitAppend != null) {
            transitAppend.write(TransitColumns.line(row));
            transitAppend.write('\n');
            transitAppend.flush();
        }
    }

    /** A quota's registration day: one row of {@code quotas.csv}. */
    private record QuotaDay(QuotaColumns.Key quota, long day) {}

    /** Writes a row's lines of one file. */
    private interface RowLines<T> {
        void write(Writer w, T row) throws IOException;
    }

    /**
     * Writes {@code name} anew from the sorted final rows: under a temporary name, then moved into place over the
     * copy a live run appended to (closed first), so that a reader never sees it half written.
     */
    private <T> void rewrite(String name, String header, Writer appended, List<T> rows, RowLines<T> lines)
            throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (T r : rows) {
                lines.write(w, r);
            }
        }
        if (appended != null) {
            appended.close();
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes {@code name} anew through a quoting CSV writer (files with free text: flags, alerts), as
     * {@link #rewrite} does: under a temporary name, then moved over the copy a live run appended to.
     */
    private <T> void rewriteCsv(String name, List<String> columns, SequenceWriter appended, List<T> rows,
            java.util.function.Function<T, Object[]> values) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (SequenceWriter w = csvWithHeader(tmp, columns)) {
            for (T r : rows) {
                w.write(values.apply(r));
            }
        }
        if (appended != null) {
            appended.close();
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A file of the folder, created with its header line. */
    private BufferedWriter withHeader(String name, String header) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
        w.write(header);
        w.write('\n');
        return w;
    }

    private static void writeTaxLines(Writer w, ImpactRow row) throws IOException {
        for (TaxLine line : TaxLine.of(row)) {
            w.write(TaxColumns.line(line));
            w.write('\n');
        }
    }

    public long rowsReceived() {
        return rowsReceived;
    }

    public int finalRowCount() {
        return finalRows.size();
    }

    /**
     * Writes {@code impact.csv} sorted (replacing the appended one of a live run), the tax and quota files the same
     * way, and {@code summary.json}.
     */
    public void finish(RunSummary summary) throws IOException {
        List<ImpactRow> rows = new ArrayList<>(finalRows.values());
        rows.sort(ImpactCsv.CONTRACT_ORDER);
        rewrite("impact.csv", ImpactCsv.header(bands), impactAppend, rows, (w, r) -> {
            w.write(ImpactCsv.line(r, bands));
            w.write('\n');
        });
        if (anyTaxes) {
            rewrite("taxes.csv", TaxColumns.header(), taxesAppend, rows, OutputFolder::writeTaxLines);
        }
        if (quotas) {
            List<QuotaStatus> quotaDays = new ArrayList<>(quotaRows.values());
            quotaDays.sort(QuotaColumns.CONTRACT_ORDER);
            rewrite("quotas.csv", QuotaColumns.header(), quotasAppend, quotaDays, (w, q) -> {
                w.write(QuotaColumns.line(q));
                w.write('\n');
            });
        }
        List<Flag> sortedFlags = new ArrayList<>(flags);
        sortedFlags.sort(FlagColumns.ORDER);
        rewriteCsv("flags.csv", FlagColumns.names(), flagsAppend, sortedFlags, FlagColumns::values);
        if (transit || !transitRows.isEmpty() || !transitAlerts.isEmpty()) {
            // A key whose movements all moved to their corridors' rows was emptied: it has no row (contract §4).
            List<TransitRow> corridors = new ArrayList<>();
            transitRows.values().stream().filter(r -> r.movements > 0).forEach(corridors::add);
            corridors.sort(TransitColumns.ORDER);
            rewrite("transit.csv", TransitColumns.header(), transitAppend, corridors, (w, r) -> {
                w.write(TransitColumns.line(r));
                w.write('\n');
            });
            List<TransitAlert> alerts = new ArrayList<>(transitAlerts);
            alerts.sort(TransitAlertColumns.ORDER);
            rewriteCsv("transit-alerts.csv", TransitAlertColumns.names(), alertsAppend, alerts,
                    TransitAlertColumns::values);
        }
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
        if (taxesAppend != null) {
            taxesAppend.close();
        }
        if (taxesLive != null) {
            taxesLive.close();
        }
        if (quotasAppend != null) {
            quotasAppend.close();
        }
        if (flagsAppend != null) {
            flagsAppend.close();
        }
        if (transitAppend != null) {
            transitAppend.close();
        }
        if (alertsAppend != null) {
            alertsAppend.close();
        }
    }
}
