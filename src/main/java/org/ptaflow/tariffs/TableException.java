package org.ptaflow.tariffs;

import java.nio.file.Path;

/**
 * A tariff table (MFN schedule, concession list, FX table, elasticity table) is malformed. The message reads
 * {@code <file>:<line>: <problem>}, where line is the line of the CSV file (the header is line 1), so that a
 * user can open the file at the offending row. Line 0 means the file as a whole (unreadable, empty).
 */
public final class TableException extends Exception {
    private final String file;
    private final long line;
    private final String problem;

    public TableException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    public TableException(Path file, long line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = String.valueOf(file);
        this.line = line;
        this.problem = problem;
    }

    public Path file() {
        return Path.of(file);
    }

    /** Line in the file, 1 = header; 0 when the problem concerns the file as a whole. */
    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
