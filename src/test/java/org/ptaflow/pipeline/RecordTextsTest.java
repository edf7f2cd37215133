package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain line's text read again at its offset: up to its LF, CRLF or the file's end, however long; a file whose bytes
 * there are no longer a plain line is refused, never read as some other text.
 */
class RecordTextsTest {
    @TempDir
    Path dir;

    @Test
    void theLineAtAnOffsetIsReadToItsEnd() throws Exception {
        String longLine = "L," + "9".repeat(5_000);
        String content = "h1,h2\r\nA,1\r\nB,2\n" + longLine + "\nlast,3";
        Path file = dir.resolve("in.csv");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        try (RecordTexts texts = new RecordTexts(Map.of("in.csv", file.toUri().toString()))) {
            assertEquals("A,1", texts.text("in.csv", content.indexOf("A,1")));
            assertEquals("B,2", texts.text("in.csv", content.indexOf("B,2")));
            assertEquals(longLine, texts.text("in.csv", content.indexOf(longLine)));
            assertEquals("last,3", texts.text("in.csv", content.indexOf("last,3")));
            assertEquals("A,1", texts.text("in.csv", content.indexOf("A,1")), "again, after reading further on");
        }
    }

    @Test
    void aFileThatChangedIsRefused() throws Exception {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, "h\n\"quoted\",1\n\nÄ,2\n", StandardCharsets.UTF_8);
        try (RecordTexts texts = new RecordTexts(Map.of("in.csv", file.toUri().toString()))) {
            IllegalStateException quoted = assertThrows(IllegalStateException.class, () -> texts.text("in.csv", 2));
            assertTrue(quoted.getMessage().contains("changed"), quoted.getMessage());
            assertThrows(IllegalStateException.class, () -> texts.text("in.csv", 13)); // an empty line
            assertThrows(IllegalStateException.class, () -> texts.text("in.csv", 14)); // not ASCII
            assertThrows(IllegalStateException.class, () -> texts.text("other.csv", 2));
        }
    }
}
