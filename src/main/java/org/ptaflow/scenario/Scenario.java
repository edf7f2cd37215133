package org.ptaflow.scenario;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ptaflow.tariffs.FxTable;
import org.ptaflow.tariffs.HsPrefixIndex;
import org.ptaflow.tariffs.MfnSchedule;

/**
 * A loaded and validated PTA scenario (contract §3): the MFN schedules of the importers it covers, the
 * concessions, the FX table, the elasticities and the windowing. Built only by {@link ScenarioLoader}, so an
 * instance is always complete and valid; immutable and {@link Serializable}, because the pipeline ships it to
 * every Flink task.
 *
 * <p>Rate lookups are per record, so they avoid allocation beyond a substring per probe: MFN rates by longest
 * prefix in force on the date; preferential rates through one merged prefix index per (importer, beneficiary)
 * built at load.
 */
public final class Scenario implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A line of a concession list, as merged into its (importer, beneficiary) index. */
    record CoveredLine(int concession, double lineRate) implements Serializable {}

    private final String id;
    private final String title;
    private final String agreement;
    private final String file;
    private final TreeMap<String, MfnSchedule> mfn;
    private final FxTable fx;
    private final List<Concession> concessions;
    private final TreeMap<String, HsPrefixIndex<CoveredLine>> coverage;
    /**
     * Per importer of {@code mfn:} (the same keys), its sorted distinct beneficiaries. Hashed, not sorted: the join
     * looks it up for every record and scenario ({@link #covers}, {@link #beneficiaries(String)}), and a tree's
     * string comparisons were a few percent of the join's thread at eight scenarios.
     */
    private final HashMap<String, List<String>> beneficiaries;
    private final Elasticity importDemandDefault;
    private final TreeMap<String, Elasticity> importDemandByHs;
    private final HsPrefixIndex<Elasticity> importDemandIndex;
    private final Elasticity substitution;
    private final Elasticity exportSupply;
    private final double utilization;
    private final Uncertainty uncertainty;
    private final ElasticityDraws draws;
    private final WindowSpec windows;
    /** importer → its border taxes in list order (economics.md §6); importers without taxes are absent. */
    private final TreeMap<String, List<BorderTax>> taxes;
    /** Tariff-rate quotas in scenario order (economics.md §7). */
    private final List<Quota> quotas;
    /** (importer, beneficiary) → the quotas of the pair by line prefix; pairs without quotas are absent. */
    private final TreeMap<String, HsPrefixIndex<Quota>> quotaLines;
    /**
     * The scenario as loaded, for a scenario prepared for an evaluation ({@link #forEvaluation}); null otherwise. An
     * evaluation checks claims on quota lines as a backtest would (with the loaded staging: {@code no_quota_unit}),
     * does not split them (a quota's fill is an outcome, not a prediction), and keeps the sums of windows without
     * beneficiary imports (the others' imports MK of the base period).
     */
    private final Scenario loaded;
    /** The {@code transit:} section (contract §3), or null when the scenario has none. */
    private final TransitRules transit;
    /** {@code flags.share_jump}: the rise of the beneficiary's share that raises a {@code partner_shift} flag. */
    private final double flagsShareJump;

    Scenario(String id, String title, String agreement, Path file, Map<String, MfnSchedule> mfn, FxTable fx,
            List<Concession> concessions, Map<String, HsPrefixIndex<CoveredLine>> coverage,
            Elasticity importDemandDefault, Map<String, Elasticity> importDemandByHs, Elasticity substitution,
            Elasticity exportSupply, double utilization, Uncertainty uncertainty, WindowSpec windows,
            Map<String, List<BorderTax>> taxes, List<Quota> quotas, TransitRules transit, double flagsShareJump) {
        this.id = id;
        this.title = title;
        this.agreement = agreement;
        this.file = file.toString();
        this.mfn = new TreeMap<>(mfn);
        this.fx = fx;
        this.concessions = List.copyOf(concessions);
        this.coverage = new TreeMap<>(coverage);
        this.beneficiaries = new HashMap<>();
        for (String importer : this.mfn.keySet()) {
            TreeSet<String> partners = new TreeSet<>();
            for (Concession c : concessions) {
                if (c.importer().equals(importer)) {
                    partners.add(c.beneficiary());
                }
            }
            beneficiaries.put(importer, List.copyOf(partners));
        }
        this.importDemandDefault = importDemandDefault;
        this.importDemandByHs = new TreeMap<>(importDemandByHs);
        this.importDemandIndex = new HsPrefixIndex<>();
        importDemandByHs.forEach(importDemandIndex::put);
        this.substitution = substitution;
        this.exportSupply = exportSupply;
        this.utilization = utilization;
        this.uncertainty = uncertainty;
        this.draws = uncertainty == null ? null : ElasticityDraws.generate(
                uncertainty, importDemandDefault, this.importDemandByHs, substitution, exportSupply);
        this.windows = windows;
        this.taxes = new TreeMap<>();
        taxes.forEach((importer, list) -> {
            if (!list.isEmpty()) {
                this.taxes.put(importer, List.copyOf(list));
            }
        });
        this.quotas = List.copyOf(quotas);
        this.quotaLines = new TreeMap<>();
        for (Quota q : this.quotas) {
            HsPrefixIndex<Quota> index =
                    quotaLines.computeIfAbsent(pairKey(q.importer(), q.beneficiary()), k -> new HsPrefixIndex<>());
            q.lines().forEach(line -> index.put(line, q));
        }
        this.loaded = null;
        this.transit = transit;
        this.flagsShareJump = flagsShareJump;
    }

    /** A copy with other concessions (same lists, same order) and windows, for {@link #forEvaluation}. */
    private Scenario(Scenario base, List<Concession> concessions, WindowSpec windows) {
        this.id = base.id;
        this.title = base.title;
        this.agreement = base.agreement;
        this.file = base.file;
        this.mfn = base.mfn;
        this.fx = base.fx;
        this.concessions = List.copyOf(concessions);
        this.coverage = base.coverage; // indexes the concessions by position, which the copy keeps
        this.beneficiaries = base.beneficiaries;
        this.importDemandDefault = base.importDemandDefault;
        this.importDemandByHs = base.importDemandByHs;
        this.importDemandIndex = base.importDemandIndex;
        this.substitution = base.substitution;
        this.exportSupply = base.exportSupply;
        this.utilization = base.utilization;
        this.uncertainty = base.uncertainty;
        this.draws = base.draws;
        this.windows = windows;
        this.taxes = base.taxes;
        this.quotas = base.quotas;
        this.quotaLines = base.quotaLines;
        this.loaded = base;
        this.transit = base.transit;
        this.flagsShareJump = base.flagsShareJump;
    }

    /**
     * The scenario as an evaluation predicts with it (economics.md §8): every concession at the staging it has on
     * the entry into force, on every date (so the base period's records get the rates of that day: a concession
     * not yet in force then is in force on no date), calendar-month windows, and quotas checked but not split.
     */
    public Scenario forEvaluation(LocalDate entryIntoForce) {
        long day = entryIntoForce.toEpochDay();
        List<Concession> frozen = new java.util.ArrayList<>();
        for (Concession c : concessions) {
            double fraction = c.staging().fractionOn(day);
            Staging constant = fraction == 0
                    ? Staging.of(List.of(new Staging.Step(LocalDate.of(9999, 12, 31), 1.0)))
                    : Staging.of(List.of(new Staging.Step(LocalDate.of(1, 1, 1), fraction)));
            frozen.add(new Concession(c.importer(), c.beneficiary(), c.lines(), c.rule(), constant, c.linesFile()));
        }
        return new Scenario(this, frozen, WindowSpec.DEFAULT);
    }

    /** Whether claims on quota lines are split by their allocation (false only in an evaluation). */
    public boolean splitsQuotas() {
        return loaded == null;
    }

    /** For a scenario prepared by {@link #forEvaluation}: the scenario as loaded; null otherwise. */
    public Scenario loaded() {
        return loaded;
    }

    static String pairKey(String importer, String beneficiary) {
        return importer + '<' + beneficiary;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The agreement code records claim in {@code preference}. */
    public String agreement() {
        return agreement;
    }

    /** The scenario's YAML file, as given to the loader. */
    public Path file() {
        return Path.of(file);
    }

    /** The importers the scenario covers: the keys of {@code mfn:}. */
    public SortedSet<String> importers() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(mfn.keySet()));
    }

    public boolean covers(String importer) {
        return beneficiaries.containsKey(importer);
    }

    /** Sorted distinct beneficiaries of the importer's concessions; empty for an importer not covered. */
    public List<String> beneficiaries(String importer) {
        return beneficiaries.getOrDefault(importer, List.of());
    }

    public List<Concession> concessions() {
        return concessions;
    }

    /** The importer's MFN schedule, or null when the scenario does not cover it. */
    public MfnSchedule mfnSchedule(String importer) {
        return mfn.get(importer);
    }

    /** The FX table, or null when the scenario has none (every record must then be in USD). */
    public FxTable fxTable() {
        return fx;
    }

    /** USD per unit of {@code currency} on the day: 1 for USD; else the FX table's rate, or null when none. */
    public BigDecimal usdPerUnit(String currency, long epochDay) {
        if ("USD".equals(currency)) {
            return BigDecimal.ONE;
        }
        return fx == null ? null : fx.usdPerUnit(currency, epochDay);
    }

    /** MFN rate (percent) of the line on the day; NaN when the importer is not covered or no row applies. */
    public double mfnRate(String importer, String hsCode, long epochDay) {
        MfnSchedule schedule = mfn.get(importer);
        return schedule == null ? Double.NaN : schedule.rateOn(hsCode, epochDay);
    }

    /**
     * The preferential rate (percent) in force on the day for the beneficiary's goods on this line, given the
     * line's MFN rate {@code t0}. The line is covered by the longest matching prefix among the lists of all
     * concessions of the pair; the full cut is {@code t1 = min(r, t0)} with {@code r} the line's own rate or the
     * rule's result, and at staging fraction {@code f} the rate is {@code t0 + f × (t1 − t0)}.
     *
     * @return NaN when no concession of the pair covers the line, when its staging has not started, or when
     *     {@code mfnRate} is NaN
     */
    public double preferentialRate(String importer, String beneficiary, String hsCode, long epochDay,
            double mfnRate) {
        CoveredLine line = coveredLine(importer, beneficiary, hsCode, mfnRate);
        if (line == null) {
            return Double.NaN;
        }
        double f = concessions.get(line.concession()).staging().fractionOn(epochDay);
        return f == 0 ? Double.NaN : mfnRate + f * (fullCutRate(line, mfnRate) - mfnRate);
    }

    /**
     * The full-cut preferential rate (percent) of the line, ignoring staging: {@code min(r, t0)} with {@code r} the
     * line's own rate or the rule's result. NaN when no concession of the pair covers the line. Used when an
     * amendment changes a concession's staging while the job runs.
     */
    public double fullCutRate(String importer, String beneficiary, String hsCode, double mfnRate) {
        CoveredLine line = coveredLine(importer, beneficiary, hsCode, mfnRate);
        return line == null ? Double.NaN : fullCutRate(line, mfnRate);
    }

    /** The concession line of the pair that covers the HS line (longest prefix), or null; null too without MFN. */
    private CoveredLine coveredLine(String importer, String beneficiary, String hsCode, double mfnRate) {
        if (Double.isNaN(mfnRate)) {
            return null;
        }
        HsPrefixIndex<CoveredLine> index = coverage.get(pairKey(importer, beneficiary));
        return index == null ? null : index.longestMatch(hsCode);
    }

    private double fullCutRate(CoveredLine line, double mfnRate) {
        double r = Double.isNaN(line.lineRate())
                ? concessions.get(line.concession()).rule().fullCutRate(mfnRate) : line.lineRate();
        return Math.min(r, mfnRate);
    }

    /** The importer's border taxes in the order they are computed (contract §3 {@code taxes:}); empty when none. */
    public List<BorderTax> taxes(String importer) {
        return taxes.getOrDefault(importer, List.of());
    }

    /** The scenario's tariff-rate quotas (contract §3 {@code quotas:}); empty when none. */
    public List<Quota> quotas() {
        return quotas;
    }

    /** Whether the scenario has tariff-rate quotas (and so may reject records no_quota_unit). */
    public boolean hasQuotas() {
        return !quotas.isEmpty();
    }

    /** The quota with this id, or null. */
    public Quota quota(String quotaId) {
        for (Quota q : quotas) {
            if (q.id().equals(quotaId)) {
                return q;
            }
        }
        return null;
    }

    /**
     * The quota that holds a record of {@code origin} into {@code importer} on this line (longest prefix among the
     * pair's quota lines; a line is in one quota of a pair at most), or null. Cheap when the scenario has no quotas.
     */
    public Quota quotaFor(String importer, String origin, String hsCode) {
        if (quotaLines.isEmpty()) {
            return null;
        }
        HsPrefixIndex<Quota> index = quotaLines.get(pairKey(importer, origin));
        return index == null ? null : index.longestMatch(hsCode);
    }

    /**
     * The transit agreement's monitoring rules (contract §3 {@code transit:}): territory, partners, time limits and
     * orphan wait; null when the scenario has no {@code transit:} section (transit events are then not monitored).
     */
    public TransitRules transit() {
        return transit;
    }

    /** Whether any importer of the scenario has border taxes. */
    public boolean hasTaxes() {
        return !taxes.isEmpty();
    }

    /** The names of every importer's taxes, sorted and distinct: the {@code <tax>_collected} fields records may carry. */
    public SortedSet<String> taxNames() {
        TreeSet<String> names = new TreeSet<>();
        taxes.values().forEach(list -> list.forEach(t -> names.add(t.name())));
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * Why this scenario cannot take an amendment, or null when it can. A {@code tax} amendment must name a tax of its
     * importer, with a rate of that tax's kind (unit and currency for a specific tax, none for an ad-valorem one); a
     * {@code quota} amendment must name a quota of the scenario. The other kinds apply to whatever lines they name.
     */
    public String amendmentProblem(TariffAmendment a) {
        if (TariffAmendment.QUOTA.equals(a.kind)) {
            return quota(a.quota) == null ? "scenario " + id + " has no quota " + a.quota + " (its quotas: "
                    + quotas.stream().map(Quota::id).toList() + ")" : null;
        }
        if (!TariffAmendment.TAX.equals(a.kind)) {
            return null;
        }
        for (BorderTax t : taxes(a.importer)) {
            if (t.name().equals(a.tax)) {
                if (t.specific() != a.specific()) {
                    return "tax " + a.tax + " of " + a.importer + (t.specific()
                            ? " is specific: its rate needs unit and currency"
                            : " is ad valorem (percent): its rate has no unit");
                }
                return null;
            }
        }
        return a.importer + " has no tax " + a.tax + " in scenario " + id;
    }

    /** The scenario's default import-demand elasticity (lines without a {@code by_hs} row). */
    public double defaultImportDemandElasticity() {
        return importDemandDefault.value();
    }

    /** εm of an HS6 line: its longest matching {@code by_hs} row, else the default. */
    public double importDemandElasticity(String hs6) {
        Elasticity e = importDemandIndex.longestMatch(hs6);
        return (e != null ? e : importDemandDefault).value();
    }

    /** σ, the substitution elasticity between the beneficiary's and the others' goods. */
    public double substitutionElasticity() {
        return substitution.value();
    }

    /** εx; 99 or more means infinite (kept as given). */
    public double exportSupplyElasticity() {
        return exportSupply.value();
    }

    /** Expected utilisation u in 0..1. */
    public double utilization() {
        return utilization;
    }

    /** Monte Carlo settings, or null when uncertainty is off. */
    public Uncertainty uncertainty() {
        return uncertainty;
    }

    /** The joint elasticity draws, or null when uncertainty is off. */
    public ElasticityDraws draws() {
        return draws;
    }

    public WindowSpec windows() {
        return windows;
    }

    /**
     * {@code flags.share_jump} (contract §3, §4): by how much, in absolute share (0.2 = 20 percentage points), the
     * beneficiary's share of a line's imports in a month must exceed its average share of the previous 12 months to
     * raise a {@code partner_shift} flag; in (0, 1], default 0.2.
     */
    public double flagsShareJump() {
        return flagsShareJump;
    }

    /** A one-screen text for {@code ptaflow validate}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("scenario   ").append(id).append(" — ").append(title).append('\n');
        sb.append("agreement  ").append(agreement).append('\n');
        sb.append("file       ").append(file).append('\n');
        sb.append("importers\n");
        mfn.forEach((importer, schedule) -> sb.append("  ").append(importer).append(": ")
                .append(schedule.rowCount()).append(" MFN rows, ").append(schedule.prefixCount())
                .append(" prefixes (").append(schedule.file()).append(")\n"));
        sb.append("fx         ").append(fx == null ? "none (records must be in USD)"
                : fx.rowCount() + " rows, " + fx.currencyCount() + " currencies (" + fx.file() + ")").append('\n');
        sb.append("concessions\n");
        for (int i = 0; i < concessions.size(); i++) {
            Concession c = concessions.get(i);
            sb.append("  [").append(i).append("] ").append(c.importer()).append(" ← ").append(c.beneficiary())
                    .append(": ").append(c.lines().size()).append(" lines (").append(c.linesFile()).append("), ")
                    .append(c.rule().describe()).append(", staging: ").append(c.staging()).append('\n');
        }
        if (taxes.isEmpty()) {
            sb.append("taxes      none (customs duty only)\n");
        } else {
            sb.append("taxes\n");
            taxes.forEach((importer, list) -> {
                sb.append("  ").append(importer).append('\n');
                for (BorderTax t : list) {
                    sb.append("    ").append(t.name()).append(" on ").append(String.join(" + ", t.base()));
                    if (t.specific()) {
                        sb.append(" (per unit)");
                    }
                    if (t.creditable()) {
                        sb.append(", creditable");
                    }
                    if (t.waivedByPreference()) {
                        sb.append(", waived by preference");
                    }
                    sb.append(": ").append(t.rates().rowCount()).append(" rows (").append(t.rates().file())
                            .append(")\n");
                }
            });
        }
        if (quotas.isEmpty()) {
            sb.append("quotas     none\n");
        } else {
            sb.append("quotas\n");
            for (Quota q : quotas) {
                sb.append("  ").append(q.id()).append(": ").append(q.importer()).append(" ← ").append(q.beneficiary())
                        .append(" on ").append(String.join(", ", q.lines())).append(", ")
                        .append(Quota.fromMilli(q.volumeMilli()).stripTrailingZeros().toPlainString()).append(' ').append(q.unit())
                        .append(" a ").append(q.period().word());
                if (q.period() == Quota.Period.YEAR && !q.yearStart().equals(java.time.MonthDay.of(1, 1))) {
                    sb.append(" from ").append(q.yearStart().toString().substring(2));
                }
                sb.append(", critical at ").append(q.criticalAt()).append(", above it ")
                        .append(Double.isNaN(q.outOfQuotaPercent()) ? "MFN" : q.outOfQuotaPercent() + "%");
                if (q.inForceFromDay() != Long.MIN_VALUE) {
                    sb.append(", in force from ").append(java.time.LocalDate.ofEpochDay(q.inForceFromDay()));
                }
                if (q.openingDay() != Long.MIN_VALUE) {
                    sb.append(", ").append(Quota.fromMilli(q.openingAllocatedMilli()).stripTrailingZeros().toPlainString())
                            .append(" allocated by ").append(java.time.LocalDate.ofEpochDay(q.openingDay()));
                }
                sb.append('\n');
            }
        }
        sb.append("lines covered\n");
        coveredLines().forEach((pair, prefixes) ->
                sb.append("  ").append(pair.replace("←", " ← ")).append(": ").append(prefixes).append(" prefixes\n"));
        sb.append("elasticities\n");
        sb.append("  import demand  default ").append(importDemandDefault);
        if (!importDemandByHs.isEmpty()) {
            sb.append(", ").append(importDemandByHs.size()).append(" by HS prefix");
        }
        sb.append('\n');
        sb.append("  substitution   ").append(substitution).append('\n');
        sb.append("  export supply  ").append(exportSupply)
                .append(exportSupply.value() >= 99 ? " (infinite)" : "").append('\n');
        sb.append("utilization ").append(utilization).append('\n');
        sb.append("uncertainty ").append(uncertainty == null ? "off"
                : uncertainty.draws() + " draws, seed " + uncertainty.seed()).append('\n');
        sb.append("windows    ").append(windows.size().name().toLowerCase()).append(", allowed lateness ")
                .append(java.time.Duration.ofMillis(windows.allowedLatenessMillis())).append(", update every ")
                .append(windows.updateEveryMillis() == 0 ? "none (final rows only)"
                        : java.time.Duration.ofMillis(windows.updateEveryMillis()))
                .append('\n');
        sb.append("transit    ").append(transit == null ? "none" : transit.describe()).append('\n');
        return sb.toString();
    }

    /** Number of merged covered prefixes per (importer, beneficiary), keyed "IMP←BEN", in key order. */
    public Map<String, Integer> coveredLines() {
        Map<String, Integer> counts = new TreeMap<>();
        coverage.forEach((pair, index) -> counts.put(pair.replace("<", "←"), index.size()));
        return counts;
    }

    @Override
    public String toString() {
        return "Scenario " + id + " (" + file + ")";
    }
}
