package org.ptaflow.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * A customs record's text read again from its file, where the scenario join writes the record out (rejected or late),
 * so that the text need not cross the keyed shuffle: the file source noted where each plain line starts
 * ({@code CustomsRecord#textOffset}), and such a line is the bytes from there to the first {@code \r} or {@code \n}.
 *
 * <p>Only for the files of a backtest ({@code ImpactPipeline.Settings#recordTextFiles}): whole files that do not change
 * while the job runs, uncompressed (an offset counts the bytes Flink read, which are not the file's when it
 * decompressed them). Files are opened through Flink's file systems, as the source opened them, and kept open until
 * {@link #close}.
 *
 * <p>Not thread-safe: one per join subtask.
 */
final class RecordTexts implements AutoCloseable {
    /** A line's text read at most this long before the file is taken for changed (the longest record allowed). */
    private static final int MAX_TEXT_BYTES = org.ptaflow.records.CsvLogicalRecords.DEFAULT_MAX_RECORD_CHARS;

    /** Source name (a file's name) → the file's URI. */
    private final Map<String, String> files;
    private final Map<String, FSDataInputStream> open = new HashMap<>();
    private byte[] buffer = new byte[512];

    RecordTexts(Map<String, String> files) {
        this.files = files;
    }

    /** Whether records of this source can have their text read again. */
    boolean finds(String source) {
        return source != null && files.containsKey(source);
    }

    /**
     * The text of the plain line at {@code offset} of the source's file.
     *
     * @throws IllegalStateException when the source is not one of the files, or no plain line starts there (the file
     *     changed since the source read it)
     */
    String text(String source, long offset) {
        String uri = files.get(source);
        if (uri == null) {
            throw new IllegalStateException("no file to read the text of a record of " + source + " from");
        }
        try {
            FSDataInputStream in = open.get(source);
            if (in == null) {
                Path path = new Path(uri);
                in = path.getFileSystem().open(path);
                open.put(source, in);
            }
            in.seek(offset);
            int n = 0; // bytes of the line so far
            int read = 0; // bytes in the buffer
            while (true) {
                if (n == read) {
                    if (read == buffer.length) {
                        if (read >= MAX_TEXT_BYTES) {
                            throw changed(source, offset);
                        }
                        buffer = Arrays.copyOf(buffer, 2 * read);
                    }
                    int got = in.read(buffer, read, buffer.length - read);
                    if (got < 0) {
                        break; // the file's last line, without a line break
                    }
                    read += got;
                    continue;
                }
                byte b = buffer[n];
                if (b == '\n' || b == '\r') {
                    break;
                }
                if (b < 0 || b == '"') {
                    throw changed(source, offset);
                }
                n++;
            }
            if (n == 0) {
                throw changed(source, offset);
            }
            return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the text of a record of " + source + " at byte " + offset, e);
        }
    }

    private static IllegalStateException changed(String source, long offset) {
        return new IllegalStateException("no plain line of " + source + " starts at byte " + offset
                + ", where one was read: the file changed while the job ran");
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FSDataInputStream in : open.values()) {
            try {
                in.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
