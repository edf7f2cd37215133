package org.ptaflow.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ptaflow.sinks.FlagColumns;
import org.ptaflow.sinks.ImpactColumns;
import org.ptaflow.sinks.TransitAlertColumns;
import org.ptaflow.sinks.TransitColumns;

/**
 * What the page shows of a scenario's transit movements (the Transit view) and its origin flags (the Flags table),
 * computed from the rows held. The transit rows held are the latest of each key; a row of 0 movements is a key that
 * emptied (its movements moved to their corridor's row) and is left out. Per departure window: the sums of the
 * scenario's rows (movements, declared value, mass, exits, overdue, open exposure, guarantees), the movements and
 * declared value by mode and by corridor (office of departure → office of exit; "open or cancelled" while there is
 * none); for the selected window the same by mode and each row's transit hours. Transit hours are the job's
 * nearest-rank percentiles of one row's exits: percentiles of several rows do not combine into the percentile of
 * their union, so they are shown per row, never summed or averaged.
 *
 * <p>Money in whole USD ({@link DashboardView#wholeUsd}), mass in whole kg, hours with one decimal, counts as they
 * are. Values go to the page as text; the page shows them with {@code textContent} or as chart text, never as HTML.
 */
final class TransitView {
    /** The alerts and flags the page lists, newest first. */
    static final int LISTED = 100;
    /** The corridors drawn one by one; the others are summed as one. */
    static final int CORRIDORS = 10;
    /** The rows of the transit hours table. */
    static final int TIMES = 50;
    static final String OPEN = "open or cancelled";
    static final String OTHER_CORRIDORS = "other corridors";
    /** The columns of {@code transit.csv} summed per window: counts, money and mass, in the file's order. */
    static final List<TransitColumns.Column> SUMMED = TransitColumns.ALL.stream()
            .filter(c -> c.kind() == ImpactColumns.Kind.COUNT || c.kind() == ImpactColumns.Kind.MONEY
                    || c.kind() == ImpactColumns.Kind.QUANTITY)
            .toList();

    private TransitView() {}

    /**
     * The Transit view of a scenario: {@code windows} (each window's sums), {@code modes}, {@code by_mode} and
     * {@code corridors} (movements and declared value per window, in the order of {@code windows}), the selected
     * window ({@code window} if the scenario has it, else the latest) with its sums by mode and its rows' transit
     * hours, and the latest alerts (all of the alerts held: they name no scenario) with their counts by kind.
     */
    static Map<String, Object> transit(List<DashboardRow> allRows, List<DashboardRow> alertsNewestFirst,
            String scenario, String window) {
        TreeMap<String, List<DashboardRow>> byWindow = new TreeMap<>();
        TreeSet<String> modes = new TreeSet<>();
        for (DashboardRow r : allRows) {
            if (r.scenario().equals(scenario) && DashboardView.decimal(r.get("movements")).signum() != 0) {
                byWindow.computeIfAbsent(r.get("window_start"), k -> new ArrayList<>()).add(r);
                modes.add(r.get("transport_mode"));
            }
        }
        List<String> starts = new ArrayList<>(byWindow.keySet());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("scenario", scenario);
        List<Map<String, String>> windows = new ArrayList<>();
        for (List<DashboardRow> rows : byWindow.values()) {
            Map<String, String> w = new LinkedHashMap<>();
            w.put("window_start", rows.get(0).get("window_start"));
            w.put("window_end", rows.get(0).get("window_end"));
            w.putAll(sums(rows));
            windows.add(w);
        }
        v.put("windows", windows);
        v.put("modes", List.copyOf(modes));

        List<Map<String, Object>> byMode = new ArrayList<>();
        for (String mode : modes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", mode);
            m.putAll(overWindows(byWindow, starts, r -> r.get("transport_mode").equals(mode)));
            byMode.add(m);
        }
        v.put("by_mode", byMode);
        v.put("corridors", corridors(byWindow, starts));

        String selected = window != null && byWindow.containsKey(window) ? window : byWindow.isEmpty() ? "" : byWindow.lastKey();
        v.put("selected_window", selected);
        List<DashboardRow> inWindow = byWindow.getOrDefault(selected, List.of());
        List<Map<String, String>> modeSums = new ArrayList<>();
        for (String mode : modes) {
            List<DashboardRow> ofMode = inWindow.stream().filter(r -> r.get("transport_mode").equals(mode)).toList();
            if (!ofMode.isEmpty()) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("mode", mode);
                m.putAll(sums(ofMode));
                modeSums.add(m);
            }
        }
        v.put("selected_by_mode", modeSums);
        v.put("times", times(inWindow));

        Map<String, Long> kinds = new TreeMap<>();
        for (DashboardRow a : alertsNewestFirst) {
            kinds.merge(a.get("kind"), 1L, Long::sum);
        }
        v.put("alert_counts", kinds);
        v.put("alerts_held", alertsNewestFirst.size());
        List<Map<String, String>> alerts = new ArrayList<>();
        for (DashboardRow a : alertsNewestFirst.subList(0, Math.min(LISTED, alertsNewestFirst.size()))) {
            Map<String, String> m = new LinkedHashMap<>();
            for (TransitAlertColumns.Column c : TransitAlertColumns.ALL) {
                m.put(c.name(), shown(c.kind(), a.get(c.name())));
            }
            alerts.add(m);
        }
        v.put("alerts", alerts);
        return v;
    }

    /**
     * A scenario's Flags table: the latest flags (every column of {@code flags.csv}, the value in whole USD),
     * and how many flags of each rule the dashboard holds.
     */
    static Map<String, Object> flags(List<DashboardRow> newestFirst, String scenario) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("scenario", scenario);
        Map<String, Long> rules = new TreeMap<>();
        for (DashboardRow f : newestFirst) {
            rules.merge(f.get("rule"), 1L, Long::sum);
        }
        v.put("counts", rules);
        v.put("held", newestFirst.size());
        List<Map<String, String>> flags = new ArrayList<>();
        for (DashboardRow f : newestFirst.subList(0, Math.min(LISTED, newestFirst.size()))) {
            Map<String, String> m = new LinkedHashMap<>();
            for (FlagColumns.Column c : FlagColumns.ALL) {
                m.put(c.name(), shown(c.kind(), f.get(c.name())));
            }
            flags.add(m);
        }
        v.put("flags", flags);
        return v;
    }

    /** The sums of {@link #SUMMED} over rows, as shown; and the open exposure less the guarantees, as shown. */
    private static Map<String, String> sums(List<DashboardRow> rows) {
        Map<String, String> s = new LinkedHashMap<>();
        for (TransitColumns.Column c : SUMMED) {
            BigDecimal sum = BigDecimal.ZERO;
            for (DashboardRow r : rows) {
                sum = sum.add(DashboardView.decimal(r.get(c.name())));
            }
            s.put(c.name(), shown(c.kind(), sum.toPlainString()));
        }
        // From the rounded figures, so that the three numbers shown agree. A total: one movement's guarantee covers
        // only its own duties, so guarantees in excess on some movements may hide another's shortfall.
        s.put("exposure_less_guarantee", DashboardView.wholeUsd(new BigDecimal(s.get("open_exposure"))
                .subtract(new BigDecimal(s.get("guarantee")))));
        return s;
    }

    /** Movements and declared value per window of the rows that {@code which} picks, in the order of the windows. */
    private static Map<String, Object> overWindows(Map<String, List<DashboardRow>> byWindow, List<String> starts,
            java.util.function.Predicate<DashboardRow> which) {
        List<String> movements = new ArrayList<>();
        List<String> value = new ArrayList<>();
        for (String start : starts) {
            BigDecimal n = BigDecimal.ZERO;
            BigDecimal usd = BigDecimal.ZERO;
            for (DashboardRow r : byWindow.get(start)) {
                if (which.test(r)) {
                    n = n.add(DashboardView.decimal(r.get("movements")));
                    usd = usd.add(DashboardView.decimal(r.get("declared_value")));
                }
            }
            movements.add(n.toPlainString());
            value.add(DashboardView.wholeUsd(usd));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("movements", movements);
        m.put("declared_value", value);
        return m;
    }

    static String corridor(DashboardRow r) {
        String exit = r.get("office_exit");
        return r.get("office_departure") + " → " + (exit.isEmpty() ? OPEN : exit);
    }

    /** The corridors with the most movements over all windows, one by one; the rest as one. */
    private static List<Map<String, Object>> corridors(Map<String, List<DashboardRow>> byWindow, List<String> starts) {
        Map<String, BigDecimal> total = new TreeMap<>();
        for (List<DashboardRow> rows : byWindow.values()) {
            for (DashboardRow r : rows) {
                total.merge(corridor(r), DashboardView.decimal(r.get("movements")), BigDecimal::add);
            }
        }
        List<String> ranked = new ArrayList<>(total.keySet());
        ranked.sort(Comparator.comparing((String c) -> total.get(c)).reversed().thenComparing(c -> c));
        List<String> shown = ranked.subList(0, Math.min(CORRIDORS, ranked.size()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String c : shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("corridor", c);
            m.putAll(overWindows(byWindow, starts, r -> corridor(r).equals(c)));
            out.add(m);
        }
        if (ranked.size() > shown.size()) {
            java.util.Set<String> drawn = java.util.Set.copyOf(shown);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("corridor", OTHER_CORRIDORS);
            m.putAll(overWindows(byWindow, starts, r -> !drawn.contains(corridor(r))));
            out.add(m);
        }
        return out;
    }

    /** The window's rows with exits: corridor, mode, direction, origin, destination and their transit hours. */
    private static List<Map<String, String>> times(List<DashboardRow> inWindow) {
        List<DashboardRow> exited = new ArrayList<>(inWindow.stream()
                .filter(r -> DashboardView.decimal(r.get("exited")).signum() > 0).toList());
        exited.sort(Comparator.comparing(TransitView::corridor).thenComparing(r -> r.get("transport_mode"))
                .thenComparing(r -> r.get("direction")).thenComparing(r -> r.get("origin"))
                .thenComparing(r -> r.get("destination")));
        List<Map<String, String>> out = new ArrayList<>();
        for (DashboardRow r : exited.subList(0, Math.min(TIMES, exited.size()))) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("corridor", corridor(r));
            for (String c : List.of("transport_mode", "direction", "origin", "destination", "exited")) {
                m.put(c, r.get(c));
            }
            m.put("transit_hours_p50", hours(r.get("transit_hours_p50")));
            m.put("transit_hours_p90", hours(r.get("transit_hours_p90")));
            out.add(m);
        }
        return out;
    }

    /** Hours with one decimal, half-even; empty (no exits) stays empty. */
    static String hours(String h) {
        return h == null || h.isEmpty() ? "" : DashboardView.decimal(h).setScale(1, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    /** A value as the page shows it: money in whole USD, a quantity (mass) in whole kg, the rest as written. */
    private static String shown(ImpactColumns.Kind kind, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return switch (kind) {
            case MONEY -> DashboardView.wholeUsd(value);
            case QUANTITY -> DashboardView.wholeUsd(value);
            case COUNT -> DashboardView.decimal(value).stripTrailingZeros().toPlainString();
            default -> value;
        };
    }
}
