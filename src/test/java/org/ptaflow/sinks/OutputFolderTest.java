package org.ptaflow.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;

/**
 * The output folder of a live run is read while the run goes on (by a person, by the dashboard): the rejected and
 * late files have their header from the start and each record as soon as it arrives, not when the run ends.
 */
class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void aLiveRunsRejectedAndLateFilesAreReadableWhileItRuns() throws Exception {
        try (OutputFolder folder = new OutputFolder(dir, false, true)) {
            assertEquals(List.of("source,line,scenario,reason,message,original_text"),
                    Files.readAllLines(dir.resolve("rejected.csv")), "header before any record");
            assertEquals(List.of("scenario,source,declaration_id,item_no,registered_at,window_start,watermark,"
                    + "original_text"), Files.readAllLines(dir.resolve("late.csv")), "header before any record");

            folder.accept(JobOutput.of(new RejectedRecord("a.csv", 7, "", RejectionReason.MALFORMED, "broken, really",
                    "X,1,\"2024")));
            assertEquals(List.of("source,line,scenario,reason,message,original_text",
                    "a.csv,7,,malformed,\"broken, really\",\"X,1,\"\"2024\""),
                    Files.readAllLines(dir.resolve("rejected.csv")), "the record at once, quoted as CSV");

            LateRecord late = new LateRecord();
            late.scenario = "pta";
            late.source = "b.jsonl";
            late.declarationId = "D1";
            late.itemNo = 2;
            late.registeredAt = 0;
            late.windowStart = 0;
            late.watermark = 86_400_000L;
            late.originalText = "{}";
            folder.accept(JobOutput.of(late));
            assertEquals("pta,b.jsonl,D1,2,1970-01-01T00:00:00Z,1970-01-01T00:00:00Z,1970-01-02T00:00:00Z,{}",
                    Files.readAllLines(dir.resolve("late.csv")).get(1));
        }
    }
}
