package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code run --sink print} is pipeable CSV: standard output holds the header and the rows, nothing else; every
 * row has the header's number of fields and ends with the {@code final} column; messages go to standard error.
 */
class PrintSinkTest {
    @Test
    void standardOutputIsCsvWithAFinalColumn() throws Exception {
        // A run this short may end before any early update (update_every is 5 s of processing time): the final
        // rows are what it certainly prints.
        Cli r = Cli.run("run", "--sink", "print", "--records", "6000", "--rate", "0", "--no-dashboard");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() > 2, r.toString());
        String header = lines.get(0);
        assertTrue(header.startsWith("scenario,window_start,window_end,importer,beneficiary,hs6,"), header);
        assertTrue(header.endsWith(",final"), header);
        int fields = header.split(",", -1).length;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(fields, cells.length, line);
            assertTrue(cells[fields - 1].equals("true") || cells[fields - 1].equals("false"), line);
            assertTrue(line.startsWith("pk-az-pta-requests,"), "a row, not a message: " + line);
        }
        assertTrue(lines.stream().skip(1).anyMatch(l -> l.endsWith(",true")), "final rows printed");
        long finalRows = lines.stream().skip(1).filter(l -> l.endsWith(",true")).count();
        assertTrue(r.err().contains(String.format("done: 6,000 records read, %,d impact rows", finalRows)),
                "messages on standard error, counting the final rows printed: " + r);
    }
}
