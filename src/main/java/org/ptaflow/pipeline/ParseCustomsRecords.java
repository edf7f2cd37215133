package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.ptaflow.records.CsvRecordParser;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.JsonRecordParser;
import org.ptaflow.records.RecordRejectedException;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.records.SourceLine;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * Parses source lines into customs records (contract §1). A line that breaks the contract goes to the
 * {@link OutputTags#REJECTED} side output with its original text and reason; nothing here throws to Flink, so a bad
 * line never restarts the job. Counts every line read, in all and per source. Records may carry
 * {@code <tax>_collected} for the border taxes of the run's scenarios (contract §1), given at construction.
 */
public class ParseCustomsRecords extends ProcessFunction<SourceLine, CustomsRecord>
        implements org.apache.flink.streaming.api.checkpoint.CheckpointedFunction {
    /** The taxes whose {@code <tax>_collected} fields are read: every tax any scenario of the run names. */
    private final List<String> collectedTaxes;
    /** The settings of the job's simulator when it sends records to be made directly; null otherwise. */
    private final SimulatorSettings simulated;
    /**
     * The sources (a backtest's files) whose plain lines' text the join reads again in the file ({@link RecordTexts}):
     * such a record gets its line's offset and no text here, and the line's text is never made; every other record
     * gets its text and no offset.
     */
    private final Set<String> textInFiles;
    private transient CustomsSimulator simulator;
    /** The source of the line before, by reference, and whether it is one of {@link #textInFiles}. */
    private transient String lastSource;
    private transient boolean lastSourceInFile;
    private transient JsonRecordParser json;
    /** One CSV parser per distinct header: files with different column orders in one run each keep theirs. */
    private transient Map<String, CsvRecordParser> csvByHeader;
    private transient RunCounters counters;

    /** A parser of records without {@code <tax>_collected} fields (a run whose scenarios have no taxes). */
    public ParseCustomsRecords() {
        this(List.of());
    }

    public ParseCustomsRecords(List<String> collectedTaxes) {
        this(collectedTaxes, null);
    }

    /**
     * @param simulated the settings of the job's simulator when it sends lines of format
     *     {@link SourceLine#SIMULATED} (records made here from their index, without text); null otherwise
     */
    public ParseCustomsRecords(List<String> collectedTaxes, SimulatorSettings simulated) {
        this(collectedTaxes, simulated, Set.of());
    }

    /**
     * @param textInFiles the sources whose plain lines' text the join reads again in the file (a backtest's files,
     *     {@code ImpactPipeline.Settings#recordTextFiles}): their records get no text
     */
    public ParseCustomsRecords(List<String> collectedTaxes, SimulatorSettings simulated, Set<String> textInFiles) {
        this.collectedTaxes = List.copyOf(collectedTaxes);
        this.simulated = simulated;
        this.textInFiles = Set.copyOf(textInFiles);
    }

    @Override
    public void open(OpenContext openContext) {
        simulator = simulated == null ? null : new CustomsSimulator(simulated);
        json = new JsonRecordParser(collectedTaxes);
        csvByHeader = new HashMap<>();
        counters = CheckpointedCounts.register(getRuntimeContext(), checkpointedCounts);
        counters.registerRead();
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<CustomsRecord> out) {
        RunCounters.SourceCounts source = counters.source(line.source);
        source.read().add(1);
        if (SourceLine.INVALID_UTF8.equals(line.format)) {
            reject(source, line, ctx, RejectionReason.MALFORMED, "message is not valid UTF-8");
            return;
        }
        if (SourceLine.OVERSIZED.equals(line.format)) {
            reject(source, line, ctx, RejectionReason.MALFORMED, "record longer than "
                    + org.ptaflow.records.CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS
                    + " characters (original_text holds its start)");
            return;
        }
        if (SourceLine.SIMULATED.equals(line.format)) {
            if (simulator == null) {
                throw new IllegalStateException("a simulated record reached a job built without the simulator's "
                        + "settings (ImpactPipeline.Settings.withSimulatedRecords)");
            }
            CustomsRecord made = simulator.record(line.line, collectedTaxes);
            if (made == null) {
                // A deliberate defect shows only in the text: read it as the text path would, rejection and all.
                line = SourceLine.csv(line.source, line.line, simulator.csvHeader(), simulator.csvLine(line.line));
            } else {
                made.source = line.source;
                made.line = line.line;
                made.contentHash();
                out.collect(made); // no text: KeepTextWhereNeeded writes it again where the join may need it
                return;
            }
        }
        CustomsRecord record;
        try {
            record = SourceLine.JSON.equals(line.format) ? json.parse(line.text()) : csv(line).parse(line);
        } catch (RecordRejectedException e) {
            reject(source, line, ctx, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // A parser bug must not stop the job either: reject with the exception's text so it can be fixed.
            reject(source, line, ctx, RejectionReason.MALFORMED, "unparsable record: " + e);
            return;
        }
        record.source = line.source;
        record.line = line.line;
        if (line.textOffset > 0 && textInFile(line.source)) {
            record.textOffset = line.textOffset; // the join reads the line again there if it writes the record out
            record.originalText = null;
        } else {
            record.textOffset = 0;
            record.originalText = line.text();
        }
        record.contentHash(); // here, so that the scenario join does not spend its time on it
        // Outside the try: an exception from an operator chained after this one must fail the task (and be
        // recovered by Flink), not turn a valid record into a rejected one.
        out.collect(record);
    }

    /** Counts the line as rejected by the parser (in its source and in all) and sends it to the rejected output. */
    private static void reject(RunCounters.SourceCounts source, SourceLine line, Context ctx, RejectionReason reason,
            String message) {
        source.rejected(reason).add(1);
        ctx.output(OutputTags.REJECTED, new RejectedRecord(line.source, line.line, "", reason, message, line.text()));
    }

    private boolean textInFile(String source) {
        if (source != lastSource) {
            lastSource = source;
            lastSourceInFile = source != null && textInFiles.contains(source);
        }
        return lastSourceInFile;
    }

    private CsvRecordParser csv(SourceLine line) throws RecordRejectedException {
        CsvRecordParser parser = csvByHeader.get(line.header);
        if (parser == null) {
            parser = new CsvRecordParser(line.header, collectedTaxes);
            if (csvByHeader.size() > 64) {
                csvByHeader.clear();
            }
            csvByHeader.put(line.header, parser);
        }
        return parser;
    }

    // Counts survive a restore: kept in operator state (CheckpointedCounts).
    private transient CheckpointedCounts checkpointedCounts;

    @Override
    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext context) throws Exception {
        checkpointedCounts = new CheckpointedCounts();
        checkpointedCounts.initialize(context);
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) throws Exception {
        checkpointedCounts.snapshot(counters);
    }
}
