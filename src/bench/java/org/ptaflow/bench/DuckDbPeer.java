package org.ptaflow.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.ptaflow.scenario.Concession;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.Staging;
import org.ptaflow.scenario.WindowSize;
import org.ptaflow.tariffs.ConcessionList;

/**
 * The peer: DuckDB (in-process, through JDBC) computing the same window sums in SQL over the same CSV, with the
 * scenario's FX table, MFN schedules and concession lists loaded as tables.
 *
 * <p>The SQL follows the pipeline's rules: only importers the scenario covers; the FX rate is the latest on or before
 * the record's UTC date (ASOF join); the MFN rate is the longest prefix in force on that date; the concession is the
 * longest prefix among the pair's lists, at its staging fraction on that date. Rates are resolved once per distinct
 * (importer, origin, line, date, currency) and joined back to the records by equality, which is how one would write
 * it in SQL. Money is exact like the pipeline's: value × FX rounded half-even to micro-USD, duty at MFN rounded
 * half-even per record, in BIGINT at the tables' own decimal places (an overflow is an error, never a wrong sum). Validation is DuckDB's typed CSV reader (numbers, time stamps), less than
 * contract §1 asks for.
 *
 * <p>Run as a class ({@link #windowSums}) or as its own process ({@link #main}: {@code CSV SCENARIO [THREADS]}), so
 * that its wall time can include a JVM start like the backtest's.
 */
final class DuckDbPeer {
    private DuckDbPeer() {}

    /** What one query produced: its totals per month and how long the query took. */
    record Result(MonthTotals totals, long rows, double seconds) {}

    public static void main(String[] args) throws Exception {
        Scenario scenario = ScenarioLoader.load(Paths.get(args[1]));
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Result r = windowSums(Paths.get(args[0]), scenario, threads);
        System.out.printf("duckdb: %d rows, %d records in %.3f s%n", r.rows(), r.totals().totalRecords(), r.seconds());
    }

    static Result windowSums(Path csv, Scenario scenario, int threads) throws SQLException, java.io.IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = c.createStatement()) {
                st.execute("SET threads = " + threads);
                st.execute("SET TimeZone = 'UTC'");
            }
            Scales scales = loadTables(c, scenario);
            long t0 = System.nanoTime();
            MonthTotals totals = new MonthTotals();
            long rows = 0;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query(csv, scenario, scales))) {
                while (rs.next()) {
                    rows++;
                    totals.addRow(rs.getLong("window_start"), rs.getLong("records"), rs.getLong("value_beneficiary"),
                            rs.getLong("duty_at_mfn"), rs.getLong("eligible_value"));
                }
            }
            return new Result(totals, rows, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Decimal places of the FX rates and of the MFN rates: money is computed in BIGINT at these scales (fast; HUGEINT
     * division was most of the query's time), and DuckDB raises an error rather than overflow.
     */
    record Scales(int fx, int rate) {}

    /** FX and MFN straight from the scenario's CSV files; concession lists, rules and staging as the loader read them. */
    private static Scales loadTables(Connection c, Scenario s) throws SQLException {
        int fxScale = 0;
        try (Statement st = c.createStatement()) {
            if (s.fxTable() != null) {
                st.execute("CREATE TABLE fx_text AS SELECT currency, CAST(date AS DATE) AS d, usd_per_unit FROM read_csv("
                        + literal(s.fxTable().file().toString()) + ", header = true, all_varchar = true)");
                try (ResultSet rs = st.executeQuery("SELECT DISTINCT usd_per_unit FROM fx_text")) {
                    while (rs.next()) {
                        fxScale = Math.max(fxScale, new BigDecimal(rs.getString(1)).stripTrailingZeros().scale());
                    }
                }
                st.execute("CREATE TABLE fx AS SELECT currency, d, CAST(CAST(usd_per_unit AS DECIMAL(38,18)) * "
                        + pow10(fxScale) + " AS BIGINT) AS usd_eK FROM fx_text");
            } else {
                st.execute("CREATE TABLE fx (currency VARCHAR, d DATE, usd_eK BIGINT)");
            }
            List<String> selects = new ArrayList<>();
            for (String importer : s.importers()) {
                selects.add("SELECT importer, hs_prefix, CAST(rate AS DOUBLE) AS rate, CAST(valid_from AS DATE) AS valid_from, "
                        + "CAST(nullif(valid_to, '') AS DATE) AS valid_to FROM read_csv("
                        + literal(s.mfnSchedule(importer).file().toString()) + ", header = true, all_varchar = true) "
                        + "WHERE importer = " + literal(importer));
            }
            st.execute("CREATE TABLE mfn AS " + String.join(" UNION ALL ", selects));
            st.execute("CREATE TABLE coverage (importer VARCHAR, beneficiary VARCHAR, hs_prefix VARCHAR, "
                    + "concession INTEGER, line_rate DOUBLE)");
            st.execute("CREATE TABLE staging (concession INTEGER, from_day DATE, fraction DOUBLE)");
            st.execute("CREATE TABLE rule_cut (concession INTEGER, mfn DOUBLE, rule_rate DOUBLE)");
            st.execute("CREATE TABLE pairs (importer VARCHAR, beneficiary VARCHAR)");
        }
        TreeSet<Double> mfnRates = new TreeSet<>();
        int rateScale = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT rate FROM mfn")) {
            while (rs.next()) {
                mfnRates.add(rs.getDouble(1));
                // the shortest decimal of the double, as Money.dutyMicros reads a rate
                rateScale = Math.max(rateScale, BigDecimal.valueOf(rs.getDouble(1)).stripTrailingZeros().scale());
            }
        }
        try (PreparedStatement cov = c.prepareStatement("INSERT INTO coverage VALUES (?, ?, ?, ?, ?)");
                PreparedStatement stg = c.prepareStatement("INSERT INTO staging VALUES (?, CAST(? AS DATE), ?)");
                PreparedStatement cut = c.prepareStatement("INSERT INTO rule_cut VALUES (?, ?, ?)");
                PreparedStatement pair = c.prepareStatement("INSERT INTO pairs VALUES (?, ?)")) {
            List<Concession> concessions = s.concessions();
            for (int i = 0; i < concessions.size(); i++) {
                Concession k = concessions.get(i);
                for (ConcessionList.Line line : k.lines().lines().values()) {
                    cov.setString(1, k.importer());
                    cov.setString(2, k.beneficiary());
                    cov.setString(3, line.prefix());
                    cov.setInt(4, i);
                    // -1: the list gives no rate of its own (arg_max below would skip a NULL)
                    cov.setDouble(5, line.hasRate() ? line.rate() : -1);
                    cov.addBatch();
                }
                List<Staging.Step> steps = k.staging().steps();
                if (steps.isEmpty()) {
                    steps = List.of(new Staging.Step(java.time.LocalDate.of(1, 1, 1), 1.0));
                }
                for (Staging.Step step : steps) {
                    stg.setInt(1, i);
                    stg.setString(2, step.from().toString());
                    stg.setDouble(3, step.fraction());
                    stg.addBatch();
                }
                // The rule as a table over the schedules' MFN rates: the few distinct rates make it tiny, and the
                // rule's formula stays the project's (ConcessionRule.fullCutRate).
                for (double t0 : mfnRates) {
                    cut.setInt(1, i);
                    cut.setDouble(2, t0);
                    cut.setDouble(3, k.rule().fullCutRate(t0));
                    cut.addBatch();
                }
            }
            for (String importer : s.importers()) {
                for (String b : s.beneficiaries(importer)) {
                    pair.setString(1, importer);
                    pair.setString(2, b);
                    pair.addBatch();
                }
            }
            cov.executeBatch();
            stg.executeBatch();
            cut.executeBatch();
            pair.executeBatch();
        }
        return new Scales(Math.max(fxScale, 0), Math.max(rateScale, 0));
    }

    private static String pow10(int n) {
        return BigDecimal.ONE.movePointRight(n).toPlainString();
    }

    /** round-half-even(x / d) for x ≥ 0, in SQL over BIGINT. */
    private static String halfEven(String x, String d) {
        return "(" + x + " // " + d + " + CASE WHEN (" + x + " % " + d + ") * 2 > " + d + " OR ((" + x + " % " + d
                + ") * 2 = " + d + " AND (" + x + " // " + d + ") % 2 = 1) THEN 1 ELSE 0 END)";
    }

    private static final Map<String, String> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("item_no", "BIGINT");
        TYPES.put("registered_at", "TIMESTAMPTZ");
        TYPES.put("customs_value", "DECIMAL(18,4)");
        TYPES.put("quantity", "DECIMAL(18,4)");
        TYPES.put("duty_collected", "DECIMAL(18,4)");
    }

    /** The window sums in one statement. */
    static String query(Path csv, Scenario s, Scales scales) throws java.io.IOException {
        String header;
        try (var lines = Files.lines(csv)) {
            header = lines.findFirst().orElseThrow();
        }
        List<String> columns = new ArrayList<>();
        for (String name : header.split(",", -1)) {
            columns.add(literal(name) + ": '" + TYPES.getOrDefault(name, "VARCHAR") + "'");
        }
        List<String> importers = new ArrayList<>();
        s.importers().forEach(i -> importers.add(literal(i)));
        // value × FX rate has 4 + K decimals; micro-USD has 6 (K ≥ 2 for any real FX table)
        String valueMicros = scales.fx() + 4 >= 6 ? halfEven("p", pow10(4 + scales.fx() - 6))
                : "p * " + pow10(6 - 4 - scales.fx());
        String window = s.windows().size() == WindowSize.MONTH ? "month" : s.windows().size() == WindowSize.WEEK
                ? "week" : "day";
        return String.join("\n",
                "WITH r AS (",
                "  SELECT importer, origin, hs_code, coalesce(procedure, 'home_use') AS procedure,",
                "         coalesce(preference, '') AS preference, coalesce(currency, 'USD') AS currency,",
                "         CAST(customs_value * 10000 AS BIGINT) AS value_e4,",
                "         CAST(CAST(registered_at AS TIMESTAMP) AS DATE) AS day",
                "  FROM read_csv(" + literal(csv.toAbsolutePath().toString()) + ", header = true, auto_detect = false,",
                "       columns = {" + String.join(", ", columns) + "})",
                "  WHERE importer IN (" + String.join(", ", importers) + ")",
                "),",
                "k AS (SELECT DISTINCT importer, origin, hs_code, day, currency FROM r),",
                "k_fx AS (",
                "  SELECT k.*, CASE WHEN k.currency = 'USD' THEN " + pow10(scales.fx()) + " ELSE fx.usd_eK END AS usd_eK",
                "  FROM k ASOF LEFT JOIN fx ON k.currency = fx.currency AND k.day >= fx.d",
                "),",
                "k_mfn AS (",
                "  SELECT k.importer, k.origin, k.hs_code, k.day, arg_max(m.rate, length(m.hs_prefix)) AS mfn",
                "  FROM (SELECT DISTINCT importer, origin, hs_code, day FROM k) k JOIN mfn m",
                "    ON m.importer = k.importer AND starts_with(k.hs_code, m.hs_prefix)",
                "   AND k.day >= m.valid_from AND (m.valid_to IS NULL OR k.day < m.valid_to)",
                "  GROUP BY ALL",
                "),",
                "k_cov AS (",
                "  SELECT k.importer, k.origin, k.hs_code, arg_max(c.concession, length(c.hs_prefix)) AS concession,",
                "         arg_max(c.line_rate, length(c.hs_prefix)) AS line_rate",
                "  FROM (SELECT DISTINCT importer, origin, hs_code FROM k) k JOIN coverage c",
                "    ON c.importer = k.importer AND c.beneficiary = k.origin AND starts_with(k.hs_code, c.hs_prefix)",
                "  GROUP BY ALL",
                "),",
                "k_cov_day AS (",
                "  SELECT m.importer, m.origin, m.hs_code, m.day, m.mfn, cv.concession, cv.line_rate",
                "  FROM k_mfn m LEFT JOIN k_cov cv USING (importer, origin, hs_code)",
                "),",
                "k_staged AS (",
                "  SELECT k.*, st.fraction FROM k_cov_day k",
                "  ASOF LEFT JOIN staging st ON k.concession = st.concession AND k.day >= st.from_day",
                "),",
                "k_rates AS (",
                "  SELECT s.importer, s.origin, s.hs_code, s.day, s.mfn,",
                "         CASE WHEN s.fraction IS NULL OR s.fraction = 0 THEN NULL",
                "              ELSE s.mfn + s.fraction * (least(CASE WHEN s.line_rate >= 0 THEN s.line_rate",
                "                                                   ELSE rc.rule_rate END, s.mfn) - s.mfn) END AS pref",
                "  FROM k_staged s LEFT JOIN rule_cut rc ON rc.concession = s.concession AND rc.mfn = s.mfn",
                "),",
                "valued AS (",
                "  SELECT r.importer, r.origin, r.hs_code, r.day, kr.mfn, kr.pref, r.value_e4 * f.usd_eK AS p",
                "  FROM r",
                "  JOIN k_fx f USING (importer, origin, hs_code, day, currency)",
                "  JOIN k_rates kr USING (importer, origin, hs_code, day)",
                "  WHERE f.usd_eK IS NOT NULL AND r.procedure = 'home_use'",
                "),",
                "priced AS (",
                "  SELECT importer, origin, hs_code, day, mfn, pref, " + valueMicros + " AS micros FROM valued",
                "),",
                "routed AS (",
                "  SELECT p.importer, pr.beneficiary, substr(p.hs_code, 1, 6) AS hs6,",
                "         date_trunc('" + window + "', p.day) AS window_day, p.origin = pr.beneficiary AS is_ben,",
                "         p.micros, p.mfn > 0 AND p.pref IS NOT NULL AND p.pref < p.mfn AS eligible,",
                "         CAST(round(p.mfn * " + pow10(scales.rate()) + ") AS BIGINT) * p.micros AS d",
                "  FROM priced p JOIN pairs pr ON pr.importer = p.importer",
                ")",
                "SELECT epoch_ms(CAST(window_day AS TIMESTAMP)) AS window_start, importer, beneficiary, hs6,",
                "  count(*) FILTER (WHERE is_ben) AS records,",
                "  coalesce(sum(micros) FILTER (WHERE is_ben), 0) AS value_beneficiary,",
                "  coalesce(sum(micros) FILTER (WHERE NOT is_ben), 0) AS value_others,",
                "  coalesce(sum(" + halfEven("d", pow10(2 + scales.rate())) + ") FILTER (WHERE is_ben), 0) AS duty_at_mfn,",
                "  coalesce(sum(micros) FILTER (WHERE is_ben AND eligible), 0) AS eligible_value",
                "FROM routed GROUP BY ALL");
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
