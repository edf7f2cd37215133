package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.Map;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.ptaflow.records.CsvLogicalRecords;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.transit.TransitCsvParser;
import org.ptaflow.transit.TransitEvent;
import org.ptaflow.transit.TransitEventRejectedException;
import org.ptaflow.transit.TransitJsonParser;
import org.ptaflow.transit.TransitRejectionReason;

/**
 * Transit events from their source lines (contract §1b), as {@link ParseCustomsRecords} does for customs records: a
 * bad line goes to the rejected output with its text and one reason ({@link TransitRejectionReason}), never stops
 * the job. Counts {@code transit.read} and {@code transit.rejected.<reason>} (kept in operator state), apart from
 * the customs records' counts: transit events have their own identity in the run summary.
 */
public class ParseTransitEvents extends ProcessFunction<SourceLine, TransitEvent> implements CheckpointedFunction {
    public static final String READ = "transit.read";

    private transient TransitJsonParser json;
    private transient Map<String, TransitCsvParser> csvByHeader;
    private transient RunCounters counters;
    private transient RunCounters.Tally read;
    private transient CheckpointedCounts checkpointedCounts;

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedCounts = new CheckpointedCounts();
        checkpointedCounts.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedCounts.snapshot(counters);
    }

    @Override
    public void open(OpenContext openContext) {
        json = new TransitJsonParser();
        csvByHeader = new HashMap<>();
        counters = CheckpointedCounts.register(getRuntimeContext(), checkpointedCounts);
        read = counters.named(READ);
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<TransitEvent> out) {
        read.add(1);
        if (SourceLine.INVALID_UTF8.equals(line.format)) {
            reject(line, ctx, TransitRejectionReason.MALFORMED, "message is not valid UTF-8");
            return;
        }
        if (SourceLine.OVERSIZED.equals(line.format)) {
            reject(line, ctx, TransitRejectionReason.MALFORMED, "event longer than "
                    + CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS + " characters (original_text holds its start)");
            return;
        }
        TransitEvent event;
        try {
            event = SourceLine.JSON.equals(line.format) ? json.parse(line.text(), line.source)
                    : csv(line.header).parse(line.text(), line.source);
        } catch (TransitEventRejectedException e) {
            reject(line, ctx, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            reject(line, ctx, TransitRejectionReason.MALFORMED, "unparsable event: " + e);
            return;
        }
        event.source = line.source;
        event.line = line.line;
        event.originalText = line.text();
        out.collect(event);
    }

    private void reject(SourceLine line, Context ctx, TransitRejectionReason reason, String message) {
        counters.named("transit.rejected." + reason.code()).add(1);
        ctx.output(OutputTags.REJECTED,
                RejectedRecord.withCode(line.source, line.line, "", reason.code(), message, line.text()));
    }

    private TransitCsvParser csv(String header) {
        TransitCsvParser parser = csvByHeader.get(header);
        if (parser == null) {
            parser = new TransitCsvParser(header == null ? "" : header);
            if (csvByHeader.size() > 64) {
                csvByHeader.clear();
            }
            csvByHeader.put(header, parser);
        }
        return parser;
    }
}
