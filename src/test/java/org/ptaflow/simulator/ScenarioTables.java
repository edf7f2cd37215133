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

    /**
     * Rate of a table (an MFN schedule or a tax table of contract §2, found by its header) for the line on the date:
     * the longest prefix among the rows in force; 0 when no row is. A specific table gives its amount per unit.
     */
    double rate(String table, String hsCode, LocalDate date) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("tariffs/" + table));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int prefixAt = header.indexOf("hs_prefix");
        int rateAt = header.indexOf("rate");
        int fromAt = header.indexOf("valid_from");
        int toAt = header.indexOf("valid_to");
        int best = 0;
        double rate = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            boolean inForce = !date.isBefore(LocalDate.parse(f[fromAt]))
                    && (f[toAt].isEmpty() || date.isBefore(LocalDate.parse(f[toAt])));
            if (inForce && hsCode.startsWith(f[prefixAt]) && f[prefixAt].length() > best) {
                best = f[prefixAt].length();
                rate = Double.parseDouble(f[rateAt]);
            }
        }
        return rate;
    }

    /** The unit column of a specific tax table's rows whose prefix matches the line (any date). */
    java.util.Set<String> units(String table, String hsCode) throws IOException {
        java.util.Set<String> units = new java.util.TreeSet<>();
        for (String line : rows("tariffs/" + table)) {
            String[] f = line.split(",", -1);
            if (hsCode.startsWith(f[0])) {
                units.add(f[2]);
            }
        }
        return units;
    }

    boolean listCovers(String list, String hsCode) throws IOException {
        return rows("lists/" + list).stream().map(l -> l.split(",", -1)[0]).anyMatch(hsCode::startsWith);
    }
}
