package org.ptaflow.records;

/**
 * One unparsed customs record as a source read it: a CSV record (with the header of its file) or a JSON object.
 * Parsing happens in the job, right after the source and chained to it, so a bad line becomes a rejected record
 * instead of a failed source. A Flink POJO.
 */
public class SourceLine {
    public static final String CSV = "csv";
    public static final String JSON = "json";
    /** A message whose bytes are not UTF-8: rejected as malformed. */
    public static final String INVALID_UTF8 = "invalid-utf8";
    /** A record longer than a source allows, cut to its first characters: rejected as malformed. */
    public static final String OVERSIZED = "oversized";
    /**
     * A record of the job's own simulator, made directly by the parser from its index ({@link #line}) without text:
     * {@code pipeline.ParseCustomsRecords} holds the simulator's settings. No header, no text.
     */
    public static final String SIMULATED = "simulated";

    /** File name, topic or "simulator". */
    public String source;
    /** Line number of the record's first line, or its index/offset. */
    public long line;
    /** {@link #CSV}, {@link #JSON} or {@link #SIMULATED}. */
    public String format;
    /** The CSV header of the file the line comes from; null for JSON. */
    public String header;
    /** The record's text; null when a file source read it as {@link #ascii} bytes, which {@link #text()} reads. */
    public String text;
    /**
     * The text's bytes when a file source read it as ASCII without quotes ({@code CsvLogicalRecords.ofUtf8}), for
     * the parser to read them; null otherwise. The text is then not made unless asked ({@link #text()}): a backtest
     * never asks it of most lines. Shared, not to be modified. A field of the POJO, so a line that crosses an
     * exchange (several files, unioned before the parser) carries its text once, as these bytes.
     */
    public byte[] ascii;
    /**
     * Where a file source found the text in its file, in bytes from the file's start, when the text is those bytes up
     * to the line's end ({@code CsvLogicalRecords.LogicalRecord#byteOffset}); 0 otherwise. A field of the POJO: the
     * lines of several files cross an exchange to the parser (a union is not chained), and keep it.
     */
    public long textOffset;

    public SourceLine() {}

    public SourceLine(String source, long line, String format, String header, String text) {
        this.source = source;
        this.line = line;
        this.format = format;
        this.header = header;
        this.text = text;
    }

    /** The record's text: {@link #text}, made from {@link #ascii} the first time when the source read bytes. */
    public String text() {
        String t = text;
        if (t == null && ascii != null) {
            text = t = new String(ascii, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return t;
    }

    public static SourceLine csv(String source, long line, String header, String text) {
        return new SourceLine(source, line, CSV, header, text);
    }

    /** Record {@code index} of the job's simulator, to be made directly (see {@link #SIMULATED}). */
    public static SourceLine simulated(String source, long index) {
        return new SourceLine(source, index, SIMULATED, null, null);
    }

    public static SourceLine json(String source, long line, String text) {
        return new SourceLine(source, line, JSON, null, text);
    }
}
