package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.SourceLine;

/**
 * The parser decides which records cross the shuffle with their line's offset instead of their text: a plain line of a
 * file the join can read again gets its offset and no text (its text is never made); any other record, its text and
 * no offset, whatever offset its line came with.
 */
class ParseCustomsRecordsTextTest {
    private static final String HEADER = "declaration_id,item_no,registered_at,importer,origin,consignment,hs_code,"
            + "procedure,customs_value,currency,quantity,unit,preference,duty_collected";
    private static final String PLAIN = "D1,1,2024-01-05T10:00:00Z,AZE,PAK,,10063010,home_use,10,USD,100,kg,,";

    @Test
    void onlyAPlainLineOfAFileTheJoinReadsAgainCrossesWithItsOffset() throws Exception {
        ParseCustomsRecords parse = new ParseCustomsRecords(List.of(), null, Set.of("in.csv"));
        try (var harness = new OneInputStreamOperatorTestHarness<SourceLine, CustomsRecord>(new ProcessOperator<>(parse))) {
            harness.open();
            harness.processElement(plain("in.csv", 240), 0);
            harness.processElement(plain("other.csv", 240), 0);
            SourceLine quoted = SourceLine.csv("in.csv", 3, HEADER, PLAIN.replace("D1,", "\"D2\","));
            quoted.textOffset = 0;
            harness.processElement(quoted, 0);
            List<CustomsRecord> out = harness.extractOutputValues();
            assertEquals(3, out.size());
            assertEquals(240, out.get(0).textOffset);
            assertNull(out.get(0).originalText);
            assertEquals(0, out.get(1).textOffset, "a file the join cannot read again: no offset");
            assertEquals(PLAIN, out.get(1).originalText);
            assertEquals(0, out.get(2).textOffset);
            assertEquals(PLAIN.replace("D1,", "\"D2\","), out.get(2).originalText);
        }
    }

    /** A plain line as the file source hands it: its bytes and offset, no text. */
    private static SourceLine plain(String source, long offset) {
        SourceLine line = SourceLine.csv(source, 2, HEADER, null);
        line.ascii = PLAIN.getBytes(StandardCharsets.US_ASCII);
        line.textOffset = offset;
        return line;
    }
}
