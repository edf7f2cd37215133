package org.ptaflow.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;

/**
 * Just enough of the scenario library's CSV files (scenarios/ at the top of the project) to cross-check the
 * simulator against them, read with String.split: the project's loader is tested elsewhere.
 */
final class ScenarioTables {

    private final Path root;
    private final TreeMap<String, Double> fx = new TreeMap<>(); // "CUR|yyyy-mm-dd" -> usd per unit

    private ScenarioTables(Path root) throws IOException {
        this.root = root;
        for (String line : rows("tariffs/fx.csv")) {
            String[] f = line.split(",", -1);
            fx.put(f[0] + "|" + f[1], Double.parseDouble(f[2]));
        }
    }

    static ScenarioTables load() throws IOException {
        return new ScenarioTables(Path.of("scenarios"));
    }

    private List<String> rows(String rel) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(rel));
        return lines.subList(1, lines.size());
    }

    /** Latest rate on or before the date; 1 for USD; NaN when there is none. */
    double usdPerUnit(String currency, LocalDate date) {
        if (currency.equals("USD")) {
            return 1.0;
        }
        var e = fx.floorEntry(currency + "|" + date);
        return e != null && e.getKey().startsWith(currency + "|") ? e.getValue() : Double.NaN;
    }

    /** Length of the longest MFN prefix of the importer's table matching the line (0 when none). */
    int longestMfnPrefix(String importer, String hsCode) throws IOException {
        int best = 0;
        for (String line : rows("tariffs/" + importer.toLowerCase() + "-mfn.csv")) {
            String prefix = line.split(",", -1)[1];
            if (hsCode.startsWith(prefix)) {
                best = Math.max(best, prefix.length());
            }
        }
        return best;
    }

    boolean listCovers(String list, String hsCode) throws IOException {
        return rows("lists/" + list).stream().map(l -> l.split(",", -1)[0]).anyMatch(hsCode::startsWith);
    }
}
