package org.ptaflow.records;

/**
 * The two file formats of customs records (contract §1). A file's format is told from its first line, so a
 * backtest can take a mix of CSV and JSON Lines files without flags.
 */
public enum RecordFormat {
    /** CSV with a header row. */
    CSV,
    /** One JSON object per line. */
    JSON_LINES;

    /**
     * JSON_LINES when the first character that is not a byte-order mark or whitespace is {@code {}, else CSV (a
     * CSV header starts with a column name). A blank or null line says CSV: there is nothing to parse either way.
     */
    public static RecordFormat sniff(String firstLine) {
        if (firstLine == null) {
            return CSV;
        }
        for (int i = 0; i < firstLine.length(); i++) {
            char c = firstLine.charAt(i);
            if (c == '\uFEFF' && i == 0 || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' ? JSON_LINES : CSV;
        }
        return CSV;
    }
}
