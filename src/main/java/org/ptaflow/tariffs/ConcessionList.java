package org.ptaflow.tariffs;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tariff lines one concession covers (contract §2): CSV with header {@code hs_prefix[,rate][,note]}. A line may
 * give its own preferential rate (percent), which replaces the concession rule's result for that line. A prefix
 * listed twice is refused: the list would not say which rate applies.
 */
public final class ConcessionList implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One listed prefix; {@code rate} is NaN when the list leaves the rate to the rule. */
    public record Line(String prefix, double rate, String note) implements Serializable {
        public boolean hasRate() {
            return !Double.isNaN(rate);
        }
    }

    private final String file;
    private final LinkedHashMap<String, Line> lines;

    private ConcessionList(Path file, LinkedHashMap<String, Line> lines) {
        this.file = file.toString();
        this.lines = lines;
    }

    public static ConcessionList load(Path csv) throws TableException {
        LinkedHashMap<String, Line> lines = new LinkedHashMap<>();
        Map<String, Long> lineOf = new LinkedHashMap<>();
        for (CsvTable.Row r : CsvTable.read(csv, "hs_prefix")) {
            String prefix = r.hsPrefix("hs_prefix");
            double rate = r.text("rate").isEmpty() ? Double.NaN : r.nonNegativeRate("rate");
            Long previous = lineOf.putIfAbsent(prefix, r.line());
            if (previous != null) {
                throw r.error("prefix " + prefix + " is already listed on line " + previous);
            }
            lines.put(prefix, new Line(prefix, rate, r.text("note")));
        }
        return new ConcessionList(csv, lines);
    }

    /** The listed lines by prefix, in file order. */
    public Map<String, Line> lines() {
        return Collections.unmodifiableMap(lines);
    }

    public int size() {
        return lines.size();
    }

    public Path file() {
        return Path.of(file);
    }
}
