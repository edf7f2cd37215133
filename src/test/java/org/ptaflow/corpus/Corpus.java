package org.ptaflow.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.ptaflow.records.SourceLine;
import org.ptaflow.records.CsvRecordParser;
import org.ptaflow.records.JsonRecordParser;
import org.ptaflow.records.RecordRejectedException;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.sources.CustomsFileFormat;

/**
 * The bad-input corpus of {@code src/test/resources/corpus}: customs extracts (CSV and JSON Lines) with the mistakes
 * real extracts contain, and {@code manifest.csv}, which gives for every record the file source reads the line it
 * starts on and its expected outcome in the scenario {@code pipeline/test-pta.yaml}. See {@code make_corpus.py}
 * there for how the files were written and what each case is.
 */
public final class Corpus {
    /** Files in the corpus folder that are not customs extracts. */
    private static final Set<String> NOT_EXTRACTS = Set.of("manifest.csv", "make_corpus.py", "README.md");

    /** The reasons a parser gives; the others ({@code no_fx_rate}, {@code no_mfn_rate}) come from a scenario. */
    public static final Set<String> PARSE_REASONS = Set.of(RejectionReason.MALFORMED.code(),
            RejectionReason.MISSING_FIELD.code(), RejectionReason.BAD_ITEM_NO.code(), RejectionReason.BAD_DATE.code(),
            RejectionReason.BAD_COUNTRY.code(), RejectionReason.BAD_HS_CODE.code(),
            RejectionReason.BAD_PROCEDURE.code(), RejectionReason.BAD_CURRENCY.code(),
            RejectionReason.BAD_NUMBER.code(), RejectionReason.NEGATIVE_VALUE.code());

    /** One row of the manifest: one record (or, with outcome {@code none}, a file that holds none). */
    public record Expected(String caseId, String file, long line, String outcome, String reason, String status,
            String what) {
        public boolean isOpen() {
            return !status.equals("ok");
        }

        public boolean isRecord() {
            return !outcome.equals("none");
        }

        /** Whether the parser alone (before any scenario) must reject the record. */
        public boolean parserRejects() {
            return outcome.equals("rejected") && PARSE_REASONS.contains(reason);
        }

        @Override
        public String toString() {
            return caseId + " " + file + ":" + line + " → " + outcome + (reason.isEmpty() ? "" : " " + reason)
                    + " (" + what + ")";
        }
    }

    private Corpus() {}

    public static Path folder() {
        try {
            return Paths.get(Corpus.class.getResource("/corpus/manifest.csv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest's rows, in file order. */
    public static List<Expected> manifest() {
        CsvMapper mapper = new CsvMapper();
        List<Expected> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(folder().resolve("manifest.csv").toFile())) {
            while (it.hasNext()) {
                Map<String, String> m = it.next();
                rows.add(new Expected(m.get("case"), m.get("file"), m.get("line").isEmpty() ? 0 : Long.parseLong(m.get("line")),
                        m.get("outcome"), m.get("reason"), m.get("status"), m.get("what")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The manifest's rows grouped by file, in manifest order. */
    public static Map<String, List<Expected>> byFile() {
        Map<String, List<Expected>> files = new LinkedHashMap<>();
        for (Expected e : manifest()) {
            files.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
        }
        return files;
    }

    /** The customs extracts in the corpus folder, by name. */
    public static Set<String> extractFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !NOT_EXTRACTS.contains(n))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    public static List<Path> extractPaths() throws IOException {
        return extractFiles().stream().map(folder()::resolve).toList();
    }

    /** Every record the job's file source ({@link CustomsFileFormat}) reads from the file, in order. */
    public static List<SourceLine> read(String file) throws IOException {
        Path path = folder().resolve(file);
        List<SourceLine> lines = new ArrayList<>();
        try (StreamFormat.Reader<SourceLine> reader = new CustomsFileFormat(file)
                .createReader(new Configuration(), new LocalDataInputStream(path.toFile()))) {
            SourceLine line;
            while ((line = reader.read()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * What the parsers make of a record read by the file source, as the job's parse step calls them: "accepted",
     * or the rejection reason's code. Any other exception escapes, and fails the calling test.
     */
    public static String parseOutcome(SourceLine line) {
        try {
            if (SourceLine.JSON.equals(line.format)) {
                new JsonRecordParser().parse(line.text(), line.source);
            } else {
                new CsvRecordParser(line.header).parse(line.text(), line.source);
            }
            return "accepted";
        } catch (RecordRejectedException e) {
            return e.reason().code();
        }
    }

    /** A short form of a record's text for messages. */
    public static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "… (" + text.length() + " chars)" : text;
    }

    /**
     * The file's physical lines as the source decodes it (UTF-8, bad bytes replaced), split at LF, CRLF or CR; a
     * final line break does not start another line.
     */
    public static List<String> physicalLines(String file) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(folder().resolve(file)))).toString();
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** How many line breaks (LF, CRLF or CR) the text holds: a record starting on line L ends on L + this. */
    public static int lineBreaks(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                n++;
            }
        }
        return n;
    }
}
