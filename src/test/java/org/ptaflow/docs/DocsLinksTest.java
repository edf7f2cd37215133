package org.ptaflow.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the project's Markdown (README.md, docs/, scenarios/, the notes beside resources) leads to a
 * file or folder inside the repository, and a link to a heading ({@code file.md#anchor}) to a heading that exists:
 * a reader who clones the project must be able to follow every one. Web addresses are not followed (the build runs
 * offline). No Markdown file may send the reader outside the repository, to a folder a clone does not have.
 */
class DocsLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}, the target up to a space or the closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkOfTheProjectsMarkdownResolves() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        List<Path> files = markdownFiles(root);
        assertTrue(files.contains(root.resolve("README.md")), "README.md is checked");
        assertTrue(files.stream().anyMatch(f -> f.startsWith(root.resolve("docs"))), "docs/ is checked");
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            broken.addAll(brokenLinks(root, file));
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void checkerFindsMissingFileLinkOutsideAndMissingHeading(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/kafka.md"), "# Kafka\n\n## Topics the job needs\n");
        Files.writeString(root.resolve("README.md"), String.join("\n",
                "[fine](docs/kafka.md) [heading](docs/kafka.md#topics-the-job-needs) [web](https://flink.apache.org)",
                "[gone](docs/missing.md) [outside](../elsewhere/notes.md) [no heading](docs/kafka.md#quotas)",
                "[own heading](#kafka-in-brief)", "## Kafka, in brief", "`[code](not/a/link.md)`", ""));
        List<String> broken = brokenLinks(root, root.resolve("README.md"));
        assertEquals(List.of("README.md:2: docs/missing.md (no such file)",
                "README.md:2: ../elsewhere/notes.md (outside the repository)",
                "README.md:2: docs/kafka.md#quotas (no such heading)"), broken);
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !root.relativize(p).startsWith("target") && !root.relativize(p).startsWith(".git"))
                    .sorted().toList();
        }
    }

    static List<String> brokenLinks(Path root, Path file) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            // Code spans show link syntax as text; they are not links.
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                String problem = problem(root, file, target);
                if (problem != null) {
                    broken.add(root.relativize(file) + ":" + (i + 1) + ": " + target + " (" + problem + ")");
                }
            }
        }
        return broken;
    }

    private static String problem(Path root, Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root.normalize())) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !headingAnchors(resolved).contains(anchor)) {
            return "no such heading";
        }
        return null;
    }

    /** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> headingAnchors(Path markdown) {
        Set<String> anchors = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String base = m.group(1).replaceAll("`", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String anchor = base;
                for (int n = 1; !anchors.add(anchor); n++) {
                    anchor = base + "-" + n; // a repeated heading gets -1, -2 ...
                }
            }
        }
        return anchors;
    }
}
