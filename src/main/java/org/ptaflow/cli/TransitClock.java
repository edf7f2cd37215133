package org.ptaflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.ptaflow.records.SourceLine;
import org.ptaflow.sources.CustomsFileFormat;
import org.ptaflow.transit.TransitCsvParser;
import org.ptaflow.transit.TransitEvent;
import org.ptaflow.transit.TransitEventRejectedException;
import org.ptaflow.transit.TransitJsonParser;

/**
 * Where a backtest's transit clock ends (contract §4: "the latest event time of the input"): the latest {@code at}
 * of the valid events of the transit files, read before the job starts with the job's own file reader and parsers.
 * Transit files are small beside customs extracts, and the job needs the end when it is built (a deadline after it
 * raises nothing, so the answer cannot depend on the order in which a parallel job sees its events). The customs
 * records' times do not move it: transit alerts are about transit events.
 */
final class TransitClock {
    private TransitClock() {}

    /** The latest event time of the files' valid events, or {@link Long#MIN_VALUE} when they have none. */
    static long latestEventTime(List<Path> files) throws IOException {
        long latest = Long.MIN_VALUE;
        TransitJsonParser json = new TransitJsonParser();
        Map<String, TransitCsvParser> csv = new HashMap<>();
        for (Path file : files) {
            CustomsFileFormat format = new CustomsFileFormat(file.getFileName().toString());
            try (StreamFormat.Reader<SourceLine> reader = format.createReader(new Configuration(),
                    new LocalDataInputStream(file.toFile()))) {
                for (SourceLine line = reader.read(); line != null; line = reader.read()) {
                    TransitEvent event;
                    try {
                        if (SourceLine.JSON.equals(line.format)) {
                            event = json.parse(line.text());
                        } else if (SourceLine.CSV.equals(line.format)) {
                            event = csv.computeIfAbsent(line.header, TransitCsvParser::new).parse(line.text());
                        } else {
                            continue; // oversized or not UTF-8: rejected in the job
                        }
                    } catch (TransitEventRejectedException | RuntimeException e) {
                        continue; // rejected in the job: no event time
                    }
                    latest = Math.max(latest, event.at);
                }
            }
        }
        return latest;
    }
}
