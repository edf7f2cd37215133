package org.ptaflow.tariffs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Import-demand elasticities by HS prefix (a scenario's {@code by_hs} file): CSV with header
 * {@code hs_prefix,value[,sd]}. Values are negative (demand falls when the price rises), {@code sd} ≥ 0 (empty
 * = 0). Prefixes have 2 to 6 digits because they are matched against the HS6 line; a prefix listed twice is
 * refused.
 */
public final class ElasticityTable {

    /** One row of the table. */
    public record Row(String prefix, double value, double sd, long line) {}

    private final Path file;
    private final Map<String, Row> rows;

    private ElasticityTable(Path file, Map<String, Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    public static ElasticityTable load(Path csv) throws TableException {
        LinkedHashMap<String, Row> rows = new LinkedHashMap<>();
        for (CsvTable.Row r : CsvTable.read(csv, "hs_prefix", "value")) {
            String prefix = r.hsPrefix("hs_prefix");
            if (prefix.length() > 6) {
                throw r.error("hs_prefix '" + prefix + "' has more than 6 digits; elasticities match the HS6 line");
            }
            double value = r.number("value");
            if (value >= 0) {
                throw r.error("value " + r.text("value") + " is not negative (an import-demand elasticity is < 0)");
            }
            double sd = r.text("sd").isEmpty() ? 0 : r.nonNegativeRate("sd");
            Row previous = rows.putIfAbsent(prefix, new Row(prefix, value, sd, r.line()));
            if (previous != null) {
                throw r.error("prefix " + prefix + " is already listed on line " + previous.line());
            }
        }
        return new ElasticityTable(csv, rows);
    }

    /** Rows by prefix, in file order. */
    public Map<String, Row> rows() {
        return Collections.unmodifiableMap(rows);
    }

    public Path file() {
        return file;
    }
}
