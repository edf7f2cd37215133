package org.ptaflow.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ptaflow.records.SourceLine;

/**
 * Every file of the bad-input corpus through the job's file source ({@code CustomsFileFormat}, which splits CSV
 * with {@code CsvLogicalRecords}) and the record parsers ({@code CsvRecordParser}, {@code JsonRecordParser}): the
 * source reads exactly the records the manifest lists, starting on the lines it gives, and each record is accepted
 * or rejected with the reason the manifest gives, never with an exception. Outcomes decided by a scenario (no FX or
 * MFN rate, duplicates, out of scope) are a parser's "accepted"; {@code CorpusBacktestTest} checks them in the job.
 */
class CorpusParsingTest {

    @Test
    void theManifestNamesEveryFileAndEnoughKinds() throws IOException {
        Map<String, List<Corpus.Expected>> byFile = Corpus.byFile();
        assertEquals(Corpus.extractFiles(), new java.util.TreeSet<>(byFile.keySet()),
                "every file of the corpus is in the manifest, and every file of the manifest exists");
        long kinds = Corpus.manifest().stream().map(Corpus.Expected::caseId).distinct().count();
        assertTrue(kinds >= 30, "at least 30 kinds of input: " + kinds);
        for (Corpus.Expected e : Corpus.manifest()) {
            assertTrue(e.outcome().matches("accepted|rejected|duplicate|out_of_scope|none"), e.toString());
            assertEquals(e.outcome().equals("rejected"), !e.reason().isEmpty(), "a reason exactly when rejected: " + e);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachCaseIsReadAndParsedAsTheManifestSays() {
        return Corpus.byFile().entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                entry.getValue().get(0).caseId() + " (" + entry.getKey() + ")",
                () -> check(entry.getKey(), entry.getValue())));
    }

    private static void check(String file, List<Corpus.Expected> expected) throws IOException {
        List<SourceLine> read = Corpus.read(file);
        List<String> outcomes = new ArrayList<>();
        for (SourceLine line : read) {
            outcomes.add(parse(line));
        }
        if (expected.get(0).isOpen()) {
            Assumptions.abort(expected.get(0).status() + "; read " + read.size() + " record(s): " + outcomes);
        }
        List<Long> expectedLines = expected.stream().filter(Corpus.Expected::isRecord).map(Corpus.Expected::line)
                .toList();
        assertEquals(expectedLines, read.stream().map(l -> l.line).toList(),
                file + ": the records the source reads, by the line each starts on");
        everyLineIsAccountedFor(file, read);
        for (int i = 0; i < read.size(); i++) {
            Corpus.Expected e = expected.get(i);
            String want = e.parserRejects() ? e.reason() : "accepted";
            assertEquals(want, outcomes.get(i), e + "\n  text: " + Corpus.shorten(read.get(i).text()));
        }
    }

    /** "accepted", or the rejection reason; any other exception fails the test. */
    static String parse(SourceLine line) {
        try {
            return Corpus.parseOutcome(line);
        } catch (RuntimeException e) {
            fail("an exception escaped the parser on " + line.source + ":" + line.line + ": " + e, e);
            return null;
        }
    }

    /**
     * Every physical line of the file is the header, blank, or part of a record the source read — so no line is
     * lost between the file and the parser (a lost line would be one no count could show).
     */
    private static void everyLineIsAccountedFor(String file, List<SourceLine> read) throws IOException {
        List<String> physical = Corpus.physicalLines(file);
        boolean[] covered = new boolean[physical.size() + 2];
        for (SourceLine l : read) {
            long last = l.line + Corpus.lineBreaks(l.text());
            for (long n = l.line; n <= Math.min(last, physical.size()); n++) {
                assertTrue(!covered[(int) n], file + ": line " + n + " belongs to two records");
                covered[(int) n] = true;
            }
        }
        boolean headerSeen = !read.isEmpty() && SourceLine.JSON.equals(read.get(0).format);
        for (int n = 1; n <= physical.size(); n++) {
            String text = physical.get(n - 1);
            if (covered[n] || text.isBlank()) {
                continue;
            }
            if (!headerSeen) {
                headerSeen = true; // the first line with text that is no record is the CSV header
                continue;
            }
            fail(file + ": line " + n + " is neither the header, blank, nor in a record read: " + Corpus.shorten(text));
        }
    }
}
