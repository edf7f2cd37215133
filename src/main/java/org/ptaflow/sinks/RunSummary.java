package org.ptaflow.sinks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.ptaflow.pipeline.RunCounters;

/**
 * The run summary of contract §4, built from the job's counters: records read, and per scenario how each record
 * ended — accepted, rejected (by reason; the parser's rejections count in every scenario), duplicates (of which
 * conflicts: same key, different content), late, out of scope — in all and for each source (a file, a Kafka topic
 * partition, the simulator). The counts of each scenario add up to what was read, in all and per source, and the
 * sources' reads add up to the run's; {@link #reconciles()} says whether they do.
 *
 * <p>The identity ({@link #IDENTITY}) is per scenario, because the outcomes after parsing are: a record can be out
 * of scope in one scenario and accepted in another, lack an FX or MFN rate in one scenario's tables only, and is a
 * duplicate or late by each scenario's own state and lateness. A record the parser rejects is rejected in every
 * scenario. So for each scenario S: {@code read = rejected_by_parser + S.rejected_by_scenario + S.accepted +
 * S.duplicates + S.late + S.out_of_scope}, where {@code S.rejected = rejected_by_parser + S.rejected_by_scenario}.
 * A duplicate counts in the source of the copy that came second (by the join's order), wherever the first came from.
 * It holds at the end of a run, also one that recovered from failures (the counts are kept in checkpoints), and for
 * a running job once the records in flight have reached the scenario join.
 */
public final class RunSummary {
    /** The identity the summary's counts keep, written into {@code summary.json} beside them. */
    public static final String IDENTITY = "for each scenario, in all and for each source: read = accepted + rejected"
            + " + duplicates + late + out_of_scope, where rejected = rejected_by_parser (the same in every scenario)"
            + " + rejected_by_scenario (no_fx_rate, no_mfn_rate of that scenario's tables); the sources' read add up"
            + " to the run's read";

    /** The same, naming the border taxes' reason too: written for a run whose scenarios have border taxes. */
    public static final String IDENTITY_WITH_TAXES = IDENTITY.replace("(no_fx_rate, no_mfn_rate of",
            "(no_fx_rate, no_mfn_rate, no_tax_base of");

    public final long read;
    public final Map<String, Long> rejectedByParser;
    public final Map<String, ScenarioCounts> scenarios;
    /** The same counts for each source, by source name (sorted). */
    public final Map<String, RunSummary> sources;
    public long impactRows;
    public Long maxEventTime;

    public static final class ScenarioCounts {
        public long accepted;
        public final Map<String, Long> rejected = new TreeMap<>();
        public long duplicates;
        public long conflicts;
        public long late;
        public long outOfScope;

        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }

        public long accountedFor() {
            return accepted + rejectedTotal() + duplicates + late + outOfScope;
        }

        /** The scenario's own rejections (its tables lack a rate), as opposed to the parser's. */
        long rejectedByScenario(Map<String, Long> byParser) {
            long n = 0;
            for (Map.Entry<String, Long> e : rejected.entrySet()) {
                n += e.getValue() - byParser.getOrDefault(e.getKey(), 0L);
            }
            return n;
        }
    }

    /** The transit events' accumulators ({@code transit.*}), as the job counted them. */
    private Map<String, Long> transitCounts = new TreeMap<>();
    /** The transit events' accounting, for a run with transit scenarios; null otherwise. */
    public TransitCounts transit;

    /** The identity the transit events' counts keep. */
    public static final String TRANSIT_IDENTITY = "for each transit scenario: read = accepted + rejected + duplicates"
            + " + late + out_of_scope (an orphan is an accepted event that also raised an alert; a transit event is"
            + " never late: every event is applied at its own time)";

    /**
     * How the transit events ended (contract §1b): read and rejected (by reason) by the parser, and per transit
     * scenario accepted, duplicates, late (always 0) and out of scope, with the alerts raised.
     */
    public static final class TransitCounts {
        public long read;
        public final Map<String, Long> rejected = new TreeMap<>();
        public final Map<String, Map<String, Long>> scenarios = new LinkedHashMap<>();

        long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }

        long accountedFor(Map<String, Long> c) {
            return c.getOrDefault("accepted", 0L) + rejectedTotal() + c.getOrDefault("duplicates", 0L)
                    + c.getOrDefault("late", 0L) + c.getOrDefault("out_of_scope", 0L);
        }

        public boolean reconciles() {
            return scenarios.values().stream().allMatch(c -> accountedFor(c) == read);
        }

        /** A count of one transit scenario (accepted, duplicates, out_of_scope, alerts.overdue, ...). */
        public long count(String scenario, String name) {
            return scenarios.getOrDefault(scenario, Map.of()).getOrDefault(name, 0L);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("read", read);
            json.put("identity", TRANSIT_IDENTITY);
            json.put("rejected_by_reason", rejected);
            Map<String, Object> byScenario = new LinkedHashMap<>();
            scenarios.forEach((id, c) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("accepted", c.getOrDefault("accepted", 0L));
                m.put("rejected", rejectedTotal());
                m.put("duplicates", c.getOrDefault("duplicates", 0L));
                m.put("late", c.getOrDefault("late", 0L));
                m.put("out_of_scope", c.getOrDefault("out_of_scope", 0L));
                m.put("accounted_for", accountedFor(c));
                m.put("unaccounted", read - accountedFor(c));
                // The same keys in every run, zeros included: a counter never incremented may have no accumulator
                // (an operator that had finished before the checkpoint a recovery restored is not opened again).
                Map<String, Long> alerts = new TreeMap<>(Map.of("overdue", 0L, "late_exit", 0L, "orphan", 0L));
                Map<String, Long> other = new TreeMap<>(Map.of("released_open", 0L, "behind_watermark", 0L,
                        "row_updates_dropped", 0L));
                c.forEach((name, n) -> {
                    if (name.startsWith("alerts.")) {
                        alerts.put(name.substring("alerts.".length()), n);
                    } else if (!Set.of("accepted", "duplicates", "late", "out_of_scope").contains(name)) {
                        other.put(name, n);
                    }
                });
                m.put("alerts", alerts);
                m.putAll(other);
                byScenario.put(id, m);
            });
            json.put("scenarios", byScenario);
            json.put("reconciles", reconciles());
            return json;
        }
    }

    /** This summary with the transit events' accounting of these transit scenarios (none: no transit section). */
    public RunSummary withTransit(List<String> transitScenarioIds) {
        if (transitScenarioIds.isEmpty()) {
            transit = null;
            return this;
        }
        TransitCounts t = new TransitCounts();
        t.read = transitCounts.getOrDefault("transit.read", 0L);
        transitCounts.forEach((name, n) -> {
            if (name.startsWith("transit.rejected.")) {
                t.rejected.put(name.substring("transit.rejected.".length()), n);
            }
        });
        for (String id : transitScenarioIds) {
            Map<String, Long> c = new TreeMap<>();
            String prefix = "transit." + id + ".";
            transitCounts.forEach((name, n) -> {
                if (name.startsWith(prefix)) {
                    c.put(name.substring(prefix.length()), n);
                }
            });
            t.scenarios.put(id, c);
        }
        transit = t;
        return this;
    }

    /** Whether a scenario of the run has border taxes (and so may reject records no_tax_base). */
    private boolean borderTaxes;
    /** Whether a scenario of the run has tariff-rate quotas (and so may reject records no_quota_unit). */
    private boolean quotas;

    /** This summary, stating the identity of a run whose scenarios have quotas when {@code quotas}. */
    public RunSummary withQuotas(boolean quotas) {
        this.quotas = quotas;
        return this;
    }

    /** The identity as it applies to this run: the scenario reasons its scenarios can give. */
    String identity() {
        String identity = borderTaxes ? IDENTITY_WITH_TAXES : IDENTITY;
        return quotas ? identity.replace(" of that scenario's tables", ", no_quota_unit of that scenario's tables")
                : identity;
    }

    /** This summary, stating the identity of a run whose scenarios have border taxes when {@code borderTaxes}. */
    public RunSummary withBorderTaxes(boolean borderTaxes) {
        this.borderTaxes = borderTaxes;
        return this;
    }

    private RunSummary(long read, Map<String, Long> rejectedByParser, Map<String, ScenarioCounts> scenarios,
            Map<String, RunSummary> sources) {
        this.read = read;
        this.rejectedByParser = rejectedByParser;
        this.scenarios = scenarios;
        this.sources = sources;
    }

    /** From the accumulator values of a finished (or running) job. */
    public static RunSummary fromAccumulators(Map<String, Object> accumulators, List<String> scenarioIds) {
        Map<String, Long> totals = new TreeMap<>();
        Map<String, Map<String, Long>> bySource = new TreeMap<>();
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            if (e.getKey().equals(RunCounters.MAX_EVENT_TIME) || !(e.getValue() instanceof Number)) {
                continue; // not a count (Flink's collect sink keeps its results in an accumulator too)
            }
            String[] source = RunCounters.splitSourceCountName(e.getKey());
            if (source == null) {
                totals.put(e.getKey(), number(e.getValue()));
            } else {
                bySource.computeIfAbsent(source[0], k -> new TreeMap<>()).put(source[1], number(e.getValue()));
            }
        }
        Map<String, RunSummary> sources = new TreeMap<>();
        bySource.forEach((name, counts) -> sources.put(name, of(counts, scenarioIds, Map.of())));
        RunSummary summary = of(totals, scenarioIds, sources);
        totals.forEach((name, n) -> {
            if (name.startsWith("transit.")) {
                summary.transitCounts.put(name, n);
            }
        });
        Object max = accumulators.get(RunCounters.MAX_EVENT_TIME);
        summary.maxEventTime = max == null ? null : number(max);
        return summary;
    }

    /** The summary of one set of counts named as the run's totals are ({@code read}, {@code rejected.<reason>}, ...). */
    private static RunSummary of(Map<String, Long> counts, List<String> scenarioIds, Map<String, RunSummary> sources) {
        long read = counts.getOrDefault(RunCounters.READ, 0L);
        Map<String, Long> parser = new TreeMap<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey().startsWith("rejected.")) {
                parser.put(e.getKey().substring("rejected.".length()), e.getValue());
            }
        }
        Map<String, ScenarioCounts> byScenario = new LinkedHashMap<>();
        for (String id : scenarioIds) {
            ScenarioCounts c = new ScenarioCounts();
            String prefix = "scenario." + id + ".";
            c.rejected.putAll(parser);
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                String outcome = e.getKey().substring(prefix.length());
                long n = e.getValue();
                switch (outcome) {
                    case "accepted" -> c.accepted = n;
                    case "duplicates" -> c.duplicates = n;
                    case "conflicts" -> c.conflicts = n;
                    case "late" -> c.late = n;
                    case "out_of_scope" -> c.outOfScope = n;
                    default -> {
                        if (outcome.startsWith("rejected.")) {
                            c.rejected.merge(outcome.substring("rejected.".length()), n, Long::sum);
                        }
                    }
                }
            }
            byScenario.put(id, c);
        }
        return new RunSummary(read, parser, byScenario, sources);
    }

    /**
     * Whether every record read is accounted for: in each scenario, in all and for each source, and whether the
     * sources' reads add up to the run's (a run whose counters know no source, as before sources were counted,
     * reconciles on its totals alone).
     */
    public boolean reconciles() {
        if (transit != null && !transit.reconciles()) {
            return false;
        }
        if (!scenarios.values().stream().allMatch(c -> c.accountedFor() == read)) {
            return false;
        }
        if (sources.isEmpty()) {
            return true;
        }
        long sourcesRead = 0;
        for (RunSummary source : sources.values()) {
            if (!source.reconciles()) {
                return false;
            }
            sourcesRead += source.read;
        }
        return sourcesRead == read;
    }

    /** The JSON document written to {@code summary.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("read", read);
        // The text of runs without border taxes stays as it was, byte for byte.
        json.put("identity", identity());
        putCounts(json);
        Map<String, Object> bySource = new LinkedHashMap<>();
        sources.forEach((name, source) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("read", source.read);
            source.putCounts(m);
            m.put("reconciles", source.reconciles());
            bySource.put(name, m);
        });
        json.put("sources", bySource);
        json.put("impact_rows", impactRows);
        if (transit != null) {
            json.put("transit", transit.toJson());
        }
        json.put("reconciles", reconciles());
        return json;
    }

    private void putCounts(Map<String, Object> json) {
        json.put("rejected_by_parser_total", rejectedByParser.values().stream().mapToLong(Long::longValue).sum());
        json.put("rejected_by_parser", rejectedByParser);
        Map<String, Object> s = new LinkedHashMap<>();
        for (Map.Entry<String, ScenarioCounts> e : scenarios.entrySet()) {
            ScenarioCounts c = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accepted", c.accepted);
            m.put("rejected", c.rejectedTotal());
            m.put("rejected_by_scenario", c.rejectedByScenario(rejectedByParser));
            m.put("rejected_by_reason", c.rejected);
            m.put("duplicates", c.duplicates);
            m.put("conflicts", c.conflicts);
            m.put("late", c.late);
            m.put("out_of_scope", c.outOfScope);
            m.put("accounted_for", c.accountedFor());
            m.put("unaccounted", read - c.accountedFor());
            s.put(e.getKey(), m);
        }
        json.put("scenarios", s);
    }

    private static long number(Object o) {
        return o == null ? 0L : ((Number) o).longValue();
    }
}
