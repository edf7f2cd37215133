package org.ptaflow.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.sinks.ImpactColumns;
import org.ptaflow.sinks.QuotaColumns;

/**
 * What the page shows for one scenario and direction (importer, beneficiary), computed from the rows held: per
 * window, the sums of the direction's HS6 rows (exact: the job's printed decimals added as {@link BigDecimal});
 * utilisation as R / E of those sums; the revenue by tax (the duty, sales tax/VAT, other taxes, and each tax of
 * {@code taxes.csv}); the latest window's top HS chapters and sections by revenue forgone and by trade effect; the
 * latest window's rows; the run's health; the scenario's quotas ({@link #quotas}). Values go to the page as text;
 * the page shows them with {@code textContent}, never as HTML.
 *
 * <p>Money reaches the page in whole USD ({@link #wholeUsd}, rounded once from the exact sums): a ministry reads
 * 40,494,817, not 40,494,816.633505. The exact figures stay in the rows' CSV download and in the output files.
 * Counts, rates and ratios are not money and go as they are.
 *
 * <p>The p05–p95 band of a window is the sum of its rows' percentiles: a sum of percentiles is not the percentile
 * of the sum (the draws are shared across rows, so it is close when rows move together, wider otherwise).
 */
final class DashboardView {
    /** Columns summed per window, in the order the page lists them: the additive ones (counts, money, estimates). */
    static final List<String> SUMMED = ImpactColumns.MEASURES.stream().filter(c -> c.kind().additive())
            .map(ImpactColumns.Column::name).toList();
    /** The outer band of each estimate that has one: its p05 and p95 columns. */
    static final List<String> BANDS = ImpactColumns.MEASURES.stream().filter(c -> !c.bands().isEmpty())
            .flatMap(c -> Stream.of(c.bands().get(0), c.bands().get(c.bands().size() - 1)))
            .map(ImpactColumns.Column::name).toList();
    /** Impact columns by name (the band columns included), for their kind. */
    static final Map<String, ImpactColumns.Kind> KINDS = ImpactColumns.csv(true).stream()
            .collect(java.util.stream.Collectors.toMap(ImpactColumns.Column::name, ImpactColumns.Column::kind));
    /** The columns of a {@code taxes.csv} line that are money or an estimate in USD. */
    static final List<String> TAX_AMOUNTS = org.ptaflow.sinks.TaxColumns.MEASURES.stream()
            .filter(c -> c.kind().additive()).map(org.ptaflow.sinks.TaxColumns.Column::name).toList();
    /** The groups of the page's revenue-by-tax charts, in stacking order. */
    static final String DUTY = "duty", SALES_TAX_VAT = "sales_tax_vat", OTHER = "other";
    static final int TOP = 10;
    static final int ROWS = 50;

    private DashboardView() {}

    static Map<String, Object> scenarios(List<DashboardRow> rows, Map<String, String> titles) {
        return scenarios(rows, List.of(), titles);
    }

    static Map<String, Object> scenarios(List<DashboardRow> rows, List<DashboardRow> quotaDays,
            Map<String, String> titles) {
        return scenarios(rows, quotaDays, java.util.Set.of(), titles);
    }

    /**
     * The scenarios of the rows, of the quotas' days (a scenario may have claims before its first window closes),
     * and {@code others} (the scenarios of the transit rows and flags).
     */
    static Map<String, Object> scenarios(List<DashboardRow> rows, List<DashboardRow> quotaDays,
            java.util.Set<String> others, Map<String, String> titles) {
        Map<String, TreeSet<String>> directions = new TreeMap<>();
        for (String id : others) {
            directions.computeIfAbsent(id, k -> new TreeSet<>());
        }
        for (DashboardRow r : rows) {
            directions.computeIfAbsent(r.scenario(), k -> new TreeSet<>()).add(r.direction());
        }
        for (DashboardRow d : quotaDays) {
            directions.computeIfAbsent(d.scenario(), k -> new TreeSet<>());
        }
        for (String id : titles.keySet()) {
            directions.computeIfAbsent(id, k -> new TreeSet<>());
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : directions.entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", e.getKey());
            s.put("title", titles.getOrDefault(e.getKey(), e.getKey()));
            List<Map<String, String>> dirs = new ArrayList<>();
            for (String d : e.getValue()) {
                String[] p = d.split("\\|", -1);
                dirs.add(Map.of("importer", p[0], "beneficiary", p[1]));
            }
            s.put("directions", dirs);
            list.add(s);
        }
        return Map.of("scenarios", list);
    }

    static Map<String, Object> view(List<DashboardRow> all, List<DashboardRow> allTaxLines, String scenario,
            String importer, String beneficiary, Nomenclature hs, Map<String, Object> health, Instant now) {
        List<DashboardRow> rows = select(all, scenario, importer, beneficiary);
        Map<String, List<DashboardRow>> taxLinesByWindow = new TreeMap<>();
        for (DashboardRow line : select(allTaxLines, scenario, importer, beneficiary)) {
            taxLinesByWindow.computeIfAbsent(line.get("window_start"), k -> new ArrayList<>()).add(line);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("scenario", scenario);
        v.put("importer", importer);
        v.put("beneficiary", beneficiary);
        boolean bands = rows.stream().anyMatch(r -> !r.get(BANDS.get(0)).isEmpty());
        v.put("bands", bands);

        TreeMap<String, List<DashboardRow>> byWindow = new TreeMap<>();
        for (DashboardRow r : rows) {
            byWindow.computeIfAbsent(r.get("window_start"), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        for (Map.Entry<String, List<DashboardRow>> w : byWindow.entrySet()) {
            windows.add(window(w.getValue(), taxLinesByWindow.getOrDefault(w.getKey(), List.of()), bands));
        }
        v.put("windows", windows);

        if (!byWindow.isEmpty()) {
            List<DashboardRow> latest = byWindow.lastEntry().getValue();
            v.put("latest_window", byWindow.lastKey());
            v.put("chapters", top(latest, r -> r.get("hs6").substring(0, Math.min(2, r.get("hs6").length())),
                    c -> hs.chapterDescription(c), hs));
            v.put("sections", top(latest, r -> hs.section(r.get("hs6").substring(0, Math.min(2, r.get("hs6").length()))),
                    s -> hs.sectionName(s), null));
            List<DashboardRow> sorted = new ArrayList<>(latest);
            sorted.sort(Comparator.comparing((DashboardRow r) -> decimal(r.get("revenue_forgone"))).reversed()
                    .thenComparing(r -> r.get("hs6")));
            List<Map<String, String>> table = new ArrayList<>();
            for (DashboardRow r : sorted.subList(0, Math.min(ROWS, sorted.size()))) {
                Map<String, String> m = new LinkedHashMap<>();
                for (Map.Entry<String, String> c : r.columns().entrySet()) {
                    ImpactColumns.Kind kind = KINDS.get(c.getKey());
                    boolean usd = kind == ImpactColumns.Kind.MONEY || kind == ImpactColumns.Kind.ESTIMATE;
                    m.put(c.getKey(), usd ? wholeUsd(c.getValue()) : c.getValue());
                }
                m.put("final", Boolean.toString(r.finalRow()));
                table.add(m);
            }
            v.put("rows", table);
        } else {
            v.put("chapters", Map.of());
            v.put("sections", Map.of());
            v.put("rows", List.of());
        }
        v.put("health", health(health, scenario, now));
        return v;
    }

    /**
     * The scenario's quotas for the quota panel, by quota id: each quota's latest day (status, fill, balance,
     * exhaustion date: the table), its days in order (fill by registration day: the chart), the exhaustion dates of
     * its periods, and what the scenario says of it ({@code unit}, {@code critical_at}; empty when the dashboard was
     * not given the scenario). A quota the scenario names without any claim yet is listed with its facts only.
     * Quantities in the quota's unit with 3 decimals, as in {@code quotas.csv}; fill as written and as a percent
     * (exact: 0.99999 is 99.999 %, not a rounded 100 %).
     */
    static List<Map<String, Object>> quotas(List<DashboardRow> quotaDays, String scenario,
            Map<QuotaColumns.Key, Dashboard.QuotaFacts> facts) {
        TreeMap<String, List<DashboardRow>> byQuota = new TreeMap<>();
        for (DashboardRow d : quotaDays) {
            if (d.scenario().equals(scenario)) {
                byQuota.computeIfAbsent(d.get(QuotaColumns.QUOTA.name()), k -> new ArrayList<>()).add(d);
            }
        }
        for (QuotaColumns.Key k : facts.keySet()) {
            if (k.scenario().equals(scenario)) {
                byQuota.computeIfAbsent(k.quota(), q -> new ArrayList<>());
            }
        }
        List<Map<String, Object>> quotas = new ArrayList<>();
        for (Map.Entry<String, List<DashboardRow>> e : byQuota.entrySet()) {
            List<DashboardRow> days = e.getValue();
            days.sort(Comparator.comparing((DashboardRow d) -> d.get(QuotaColumns.DAY.name())));
            Dashboard.QuotaFacts f = facts.get(new QuotaColumns.Key(scenario, e.getKey()));
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("quota", e.getKey());
            q.put("unit", f == null ? "" : f.unit());
            q.put("critical_at", f == null ? "" : Money.formatDouble(f.criticalAt()));
            if (days.isEmpty()) {
                q.put("status", "no claims yet");
                q.put("days", List.of());
                q.put("exhaustions", List.of());
                quotas.add(q);
                continue;
            }
            DashboardRow latest = days.get(days.size() - 1);
            for (QuotaColumns.Column c : QuotaColumns.ALL) {
                if (c != QuotaColumns.SCENARIO && c != QuotaColumns.QUOTA) {
                    q.put(c.name(), shown(c, latest));
                }
            }
            q.put("fill_percent", percent(latest.get(QuotaColumns.FILL.name())));
            List<Map<String, String>> series = new ArrayList<>();
            TreeSet<String> exhaustions = new TreeSet<>();
            for (DashboardRow d : days) {
                series.add(Map.of("day", d.get(QuotaColumns.DAY.name()), "fill", d.get(QuotaColumns.FILL.name()),
                        "status", d.get(QuotaColumns.STATUS.name())));
                if (!d.get(QuotaColumns.EXHAUSTED_ON.name()).isEmpty()) {
                    exhaustions.add(d.get(QuotaColumns.EXHAUSTED_ON.name()));
                }
            }
            q.put("days", series);
            q.put("exhaustions", List.copyOf(exhaustions));
            quotas.add(q);
        }
        return quotas;
    }

    /** A quota column's value as the page shows it: quantities with their 3 decimals (a Kafka decimal may lose them). */
    private static String shown(QuotaColumns.Column c, DashboardRow d) {
        String v = d.get(c.name());
        if (c.kind() != ImpactColumns.Kind.QUANTITY || v.isEmpty()) {
            return v;
        }
        return decimal(v).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A ratio as a percent, exactly (the decimal point moved). */
    static String percent(String ratio) {
        if (ratio == null || ratio.isEmpty()) {
            return "";
        }
        BigDecimal p = decimal(ratio).movePointRight(2).stripTrailingZeros();
        return p.signum() == 0 ? "0" : p.toPlainString();
    }

    static List<DashboardRow> select(List<DashboardRow> all, String scenario, String importer, String beneficiary) {
        List<DashboardRow> rows = new ArrayList<>();
        for (DashboardRow r : all) {
            if (r.scenario().equals(scenario) && (importer == null || r.get("importer").equals(importer))
                    && (beneficiary == null || r.get("beneficiary").equals(beneficiary))) {
                rows.add(r);
            }
        }
        rows.sort(Comparator.comparing((DashboardRow r) -> r.get("window_start")).thenComparing(r -> r.get("importer"))
                .thenComparing(r -> r.get("beneficiary")).thenComparing(r -> r.get("hs6")));
        return rows;
    }

    private static Map<String, Object> window(List<DashboardRow> rows, List<DashboardRow> taxLines, boolean bands) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("window_start", rows.get(0).get("window_start"));
        w.put("window_end", rows.get(0).get("window_end"));
        w.put("final", rows.stream().allMatch(DashboardRow::finalRow));
        w.put("rows", rows.size());
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        for (String c : bands ? concat(SUMMED, BANDS) : SUMMED) {
            BigDecimal s = BigDecimal.ZERO;
            for (DashboardRow r : rows) {
                s = s.add(decimal(r.get(c)));
            }
            sums.put(c, s);
        }
        if (!rows.get(0).columns().containsKey("total_revenue_forgone")) {
            // A folder written before the tax columns existed: no taxes, so the totals are the duty's (contract §4).
            sums.put("total_revenue_forgone", sums.get("revenue_forgone"));
            sums.put("total_revenue_change", sums.get("revenue_change"));
            for (String band : List.of("_p05", "_p50", "_p95")) {
                if (sums.containsKey("revenue_change" + band)) {
                    sums.put("total_revenue_change" + band, sums.get("revenue_change" + band));
                }
            }
        }
        for (Map.Entry<String, BigDecimal> e : sums.entrySet()) {
            w.put(e.getKey(), KINDS.get(e.getKey()) == ImpactColumns.Kind.COUNT
                    ? e.getValue().stripTrailingZeros().toPlainString() : wholeUsd(e.getValue()));
        }
        // The sums are of decimals the job printed from micro-USD, so they are whole micro-USD again.
        w.put("utilization", Money.formatDouble(WindowSums.utilisation(Money.toMicros(sums.get("preferential_value")),
                Money.toMicros(sums.get("eligible_value")))));
        byTax(w, sums, taxLines);
        return w;
    }

    /**
     * The window's revenue by tax: each tax's sums over the direction's lines of {@code taxes.csv} ({@code taxes}),
     * and the stacks of the charts. A stack's duty and total come from the impact rows (revenue forgone and total
     * revenue forgone; revenue change and total revenue change); sales tax/VAT from the lines of the non-creditable
     * taxes named so ({@link #group}); other taxes are the rest of the rows' taxes, taken from the rounded figures,
     * so that the stack adds up to the total shown, and a source without tax lines (a Kafka topic not read) shows every tax as "other".
     */
    private static void byTax(Map<String, Object> w, Map<String, BigDecimal> sums, List<DashboardRow> taxLines) {
        Map<String, Map<String, BigDecimal>> perTax = new LinkedHashMap<>();
        Map<String, Boolean> creditable = new LinkedHashMap<>();
        Map<String, Boolean> collectedSeen = new LinkedHashMap<>();
        BigDecimal salesForgone = BigDecimal.ZERO;
        BigDecimal salesChange = BigDecimal.ZERO;
        for (DashboardRow line : taxLines) {
            String tax = line.get("tax");
            Map<String, BigDecimal> t = perTax.computeIfAbsent(tax, k -> new LinkedHashMap<>());
            for (String c : TAX_AMOUNTS) {
                t.merge(c, decimal(line.get(c)), BigDecimal::add);
            }
            creditable.put(tax, "true".equals(line.get("creditable")));
            collectedSeen.merge(tax, !line.get("collected").isEmpty(), Boolean::logicalOr);
            if (!creditable.get(tax) && group(tax).equals(SALES_TAX_VAT)) {
                salesForgone = salesForgone.add(decimal(line.get("forgone")));
                salesChange = salesChange.add(decimal(line.get("revenue_change")));
            }
        }
        List<Map<String, String>> taxes = new ArrayList<>();
        for (Map.Entry<String, Map<String, BigDecimal>> t : perTax.entrySet()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("tax", t.getKey());
            m.put("group", group(t.getKey()));
            m.put("creditable", Boolean.toString(creditable.get(t.getKey())));
            for (Map.Entry<String, BigDecimal> amount : t.getValue().entrySet()) {
                boolean empty = amount.getKey().equals("collected") && !collectedSeen.get(t.getKey());
                m.put(amount.getKey(), empty ? "" : wholeUsd(amount.getValue()));
            }
            taxes.add(m);
        }
        if (taxes.isEmpty()) {
            // No tax lines (no taxes, or a source without them): the customs duty from the rows themselves.
            Map<String, String> duty = new LinkedHashMap<>();
            duty.put("tax", org.ptaflow.sinks.TaxLine.CUSTOMS_DUTY);
            duty.put("group", DUTY);
            duty.put("creditable", "false");
            duty.put("at_mfn", wholeUsd(sums.get("duty_at_mfn")));
            duty.put("statutory", wholeUsd(sums.get("duty_statutory")));
            duty.put("forgone", wholeUsd(sums.get("revenue_forgone")));
            duty.put("collected", "");
            duty.put("revenue_change", wholeUsd(sums.get("revenue_change")));
            taxes.add(duty);
        }
        w.put("taxes", taxes);
        // Each part is shown in whole USD; "other" is what the rounded total leaves after the rounded duty and
        // sales tax/VAT, so that the parts shown add up to the total shown.
        w.put("sales_tax_vat_forgone", wholeUsd(salesForgone));
        w.put("other_taxes_forgone", remainder(sums.get("total_revenue_forgone"), sums.get("revenue_forgone"),
                salesForgone));
        w.put("sales_tax_vat_change", wholeUsd(salesChange));
        w.put("other_taxes_change", remainder(sums.get("total_revenue_change"), sums.get("revenue_change"),
                salesChange));
    }

    /** {@code total − duty − salesTaxVat}, each rounded to whole USD first. */
    private static String remainder(BigDecimal total, BigDecimal duty, BigDecimal salesTaxVat) {
        return wholeUsd(new BigDecimal(wholeUsd(total)).subtract(new BigDecimal(wholeUsd(duty)))
                .subtract(new BigDecimal(wholeUsd(salesTaxVat))));
    }

    /**
     * The chart group of a tax by its name: the customs duty; sales tax/VAT for a name with the word {@code sales},
     * {@code vat} or {@code gst} ({@code sales_tax}, {@code vat}); every other tax is "other" (an additional or
     * regulatory duty, an excise).
     */
    static String group(String tax) {
        if (tax.equals(org.ptaflow.sinks.TaxLine.CUSTOMS_DUTY)) {
            return DUTY;
        }
        for (String word : tax.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.equals("sales") || word.equals("vat") || word.equals("gst")) {
                return SALES_TAX_VAT;
            }
        }
        return OTHER;
    }

    /**
     * An amount in USD as the page shows it: whole USD, rounded half-even once from the exact figure (as every
     * amount of the job is rounded), {@code -0} written {@code 0}; an empty field (an estimate not defined) stays
     * empty. The page only adds the thousands separators.
     */
    static String wholeUsd(BigDecimal usd) {
        BigDecimal whole = usd.setScale(0, RoundingMode.HALF_EVEN);
        return whole.signum() == 0 ? "0" : whole.toPlainString();
    }

    static String wholeUsd(String usd) {
        return usd == null || usd.isEmpty() ? "" : wholeUsd(decimal(usd));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Map<String, String>> top(List<DashboardRow> rows,
            java.util.function.Function<DashboardRow, String> group,
            java.util.function.Function<String, String> describe, Nomenclature hs) {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (DashboardRow r : rows) {
            BigDecimal[] s = sums.computeIfAbsent(group.apply(r), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(decimal(r.get("revenue_forgone")));
            s[1] = s[1].add(decimal(r.get("trade_effect")));
        }
        List<Map.Entry<String, BigDecimal[]>> entries = new ArrayList<>(sums.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, BigDecimal[]> en) -> en.getValue()[0]).reversed()
                .thenComparing(Map.Entry::getKey));
        List<Map<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, BigDecimal[]> en : entries.subList(0, Math.min(TOP, entries.size()))) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("code", en.getKey());
            m.put("description", describe.apply(en.getKey()));
            if (hs != null) {
                m.put("section", hs.section(en.getKey()));
            }
            m.put("revenue_forgone", wholeUsd(en.getValue()[0]));
            m.put("trade_effect", wholeUsd(en.getValue()[1]));
            out.add(m);
        }
        return out;
    }

    static BigDecimal decimal(String s) {
        if (s == null || s.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    /** The run's health for one scenario, as label and value pairs (the page shows them in order). */
    @SuppressWarnings("unchecked")
    static List<List<String>> health(Map<String, Object> source, String scenario, Instant now) {
        List<List<String>> h = new ArrayList<>();
        h.add(List.of("state", String.valueOf(source.getOrDefault("state", "unknown"))));
        Map<String, Object> summary = (Map<String, Object>) source.get("summary");
        if (summary != null) {
            h.add(List.of("records read", String.valueOf(summary.get("read"))));
            Map<String, Object> scenarios = (Map<String, Object>) summary.getOrDefault("scenarios", Map.of());
            Map<String, Object> c = (Map<String, Object>) scenarios.get(scenario);
            if (c != null) {
                h.add(List.of("accepted", String.valueOf(c.get("accepted"))));
                h.add(List.of("rejected", String.valueOf(c.get("rejected"))));
                Map<String, Object> reasons = (Map<String, Object>) c.getOrDefault("rejected_by_reason", Map.of());
                for (Map.Entry<String, Object> e : new TreeMap<>(reasons).entrySet()) {
                    h.add(List.of("rejected: " + e.getKey(), String.valueOf(e.getValue())));
                }
                h.add(List.of("duplicates", String.valueOf(c.get("duplicates"))));
                h.add(List.of("late", String.valueOf(c.get("late"))));
                h.add(List.of("out of scope", String.valueOf(c.get("out_of_scope"))));
            }
        } else {
            h.add(List.of("records read", "known when the run ends"));
            Map<String, Object> reasons = (Map<String, Object>) source.getOrDefault("rejected_by_reason", Map.of());
            long total = 0;
            for (Object n : reasons.values()) {
                total += ((Number) n).longValue();
            }
            h.add(List.of("rejected (rejected.csv, all scenarios)", Long.toString(total)));
            for (Map.Entry<String, Object> e : reasons.entrySet()) {
                h.add(List.of("rejected: " + e.getKey(), String.valueOf(e.getValue())));
            }
            Map<String, Object> late = (Map<String, Object>) source.getOrDefault("late", Map.of());
            h.add(List.of("late", String.valueOf(late.getOrDefault(scenario, 0L))));
        }
        Object last = source.get("last_event_time");
        if (last instanceof Number n && n.longValue() != Long.MIN_VALUE) {
            Instant t = Instant.ofEpochMilli(n.longValue());
            h.add(List.of("last event time", t.toString()));
            h.add(List.of("behind real time", humanDuration(Duration.between(t, now))));
        } else {
            h.add(List.of("last event time", "not known"));
        }
        return h;
    }

    static String humanDuration(Duration d) {
        if (d.isNegative()) {
            return "ahead by " + humanDuration(d.negated());
        }
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172800) {
            return (s / 3600) + " h";
        }
        return (s / 86400) + " days";
    }
}
