package org.ptaflow.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ptaflow.tariffs.ConcessionList;
import org.ptaflow.tariffs.ElasticityTable;
import org.ptaflow.tariffs.FxTable;
import org.ptaflow.tariffs.HsPrefixIndex;
import org.ptaflow.tariffs.MfnSchedule;
import org.ptaflow.tariffs.TableException;
import org.ptaflow.tariffs.TaxTable;

/**
 * Reads a scenario YAML (contract §3) and the tables it names into a {@link Scenario}, or refuses it with a
 * {@link ScenarioException} naming the file, the field and the problem. The YAML is read into a tree and checked
 * field by field (rather than bound to classes) so that every message can say exactly which field is wrong;
 * unknown keys are refused at every level, because a misspelt optional key would otherwise silently fall back to
 * its default. Table paths are relative to the YAML file's folder. Nothing is half-loaded.
 *
 * <p>Field paths in messages use dots for keys and zero-based indexes for lists: {@code concessions[0].rule}.
 */
public final class ScenarioLoader {
    /** Duplicate keys are refused: with YAML's usual last-one-wins, a repeated {@code rule:} would go unseen. */
    private static final YAMLMapper YAML =
            YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");

    private static final Set<String> TOP_LEVEL = Set.of("id", "title", "agreement", "mfn", "fx", "concessions",
            "elasticities", "utilization", "uncertainty", "windows", "taxes", "quotas", "transit", "flags");
    private static final Set<String> TAX_KEYS = Set.of("name", "rates", "base", "creditable", "waived_by_preference");
    private static final Pattern TAX_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** Components of a base that are not taxes: no tax may take their names. */
    private static final Set<String> COMPONENTS =
            Set.of(BorderTax.VALUE, BorderTax.CUSTOMS_DUTY, BorderTax.QUANTITY);
    private static final Set<String> CONCESSION_KEYS = Set.of("importer", "beneficiary", "lines", "rule", "staging");
    private static final Set<String> RULES = Set.of("new_rate", "max_rate", "linear_cut", "margin_of_preference",
            "swiss");
    private static final Set<String> STEP_KEYS = Set.of("from", "fraction");
    private static final Set<String> ELASTICITY_KEYS = Set.of("import_demand", "substitution", "export_supply");
    private static final Set<String> IMPORT_DEMAND_KEYS = Set.of("default", "sd", "min", "max", "by_hs");
    private static final Set<String> DISTRIBUTION_KEYS = Set.of("value", "sd", "min", "max");
    private static final Set<String> UNCERTAINTY_KEYS = Set.of("draws", "seed");
    private static final Set<String> WINDOW_KEYS = Set.of("size", "allowed_lateness", "update_every");
    private static final Set<String> FLAGS_KEYS = Set.of("share_jump");
    /** {@code flags.share_jump} when the scenario does not say: 20 percentage points. */
    static final double DEFAULT_SHARE_JUMP = 0.2;
    private static final Set<String> QUOTA_KEYS = Set.of("id", "importer", "beneficiary", "lines", "volume", "unit",
            "period", "start", "critical_at", "out_of_quota_rate", "opening");
    private static final Set<String> OPENING_KEYS = Set.of("date", "allocated");
    private static final Set<String> TRANSIT_KEYS = Set.of("territory", "partners", "time_limits", "orphan_wait");
    /** A quota's unit as records write it ({@code kg}, {@code l}, {@code 1000u}, {@code m2}), or USD. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    private static final Pattern MONTH_DAY = Pattern.compile("[0-9]{2}-[0-9]{2}");

    /** Share of a period's volume from which a quota is critical, when the quota does not say (economics.md §7). */
    static final double DEFAULT_CRITICAL_AT = 0.9;
    /** Largest quota volume: a period's sums of requests, in thousandths, stay far inside a long. */
    static final BigDecimal MAX_VOLUME = new BigDecimal("1000000000000000");

    /** Upper bound on Monte Carlo draws: the draws sit in every task's memory and in every window's state. */
    static final int MAX_DRAWS = 100_000;

    static final double DEFAULT_SUBSTITUTION = 1.5;
    static final double DEFAULT_EXPORT_SUPPLY = 99;

    private final Path file;
    private final Path folder;
    /** National tables already loaded for the run, by what {@link #shared} names them: one object per file. */
    private final Map<String, Object> tables;

    private ScenarioLoader(Path file, Map<String, Object> tables) {
        this.file = file;
        Path parent = file.getParent();
        this.folder = parent == null ? Path.of("") : parent;
        this.tables = tables;
    }

    /** Loads and validates the scenario in {@code yamlFile} and every table it names. */
    public static Scenario load(Path yamlFile) throws ScenarioException {
        return new ScenarioLoader(yamlFile, new HashMap<>()).load();
    }

    /**
     * Loads the scenarios of one run, in order: as {@link #load} does each, except that scenarios naming the same
     * MFN, tax or FX file hold one table, read once, and an importer's taxes alike in every way are one list. The join
     * then looks each table up once per record for all of them ({@link SharedTableLookups}) and computes a record's
     * amounts once where their taxes are one list; tables and lists never change once loaded, so sharing them
     * changes no answer.
     */
    public static List<Scenario> loadAll(List<Path> yamlFiles) throws ScenarioException {
        Map<String, Object> tables = new HashMap<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (Path f : yamlFiles) {
            scenarios.add(new ScenarioLoader(f, tables).load());
        }
        return scenarios;
    }

    private Scenario load() throws ScenarioException {
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(file + ": file does not exist");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ScenarioException(file + ":" + line + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ScenarioException(file + ": is empty; a scenario is a mapping with id, agreement, mfn, ...");
        }
        object(root, "");
        checkKeys(root, "", TOP_LEVEL);

        String id = text(required(root, "id", ""), "id");
        if (!ID.matcher(id).matches()) {
            throw fail("id", "'" + id + "' must match [a-z0-9-]+");
        }
        String title = root.hasNonNull("title") ? text(root.get("title"), "title") : id;
        String agreement = text(required(root, "agreement", ""), "agreement");
        if (agreement.isBlank()) {
            throw fail("agreement", "is empty");
        }
        Map<String, MfnSchedule> mfn = mfn(required(root, "mfn", ""));
        FxTable fx = root.hasNonNull("fx") ? fx(root.get("fx")) : null;
        List<Concession> concessions = concessions(required(root, "concessions", ""), mfn);
        Map<String, HsPrefixIndex<Scenario.CoveredLine>> coverage = coverage(concessions);

        JsonNode elasticities = required(root, "elasticities", "");
        object(elasticities, "elasticities");
        checkKeys(elasticities, "elasticities", ELASTICITY_KEYS);
        JsonNode importDemand = required(elasticities, "import_demand", "elasticities");
        object(importDemand, "elasticities.import_demand");
        checkKeys(importDemand, "elasticities.import_demand", IMPORT_DEMAND_KEYS);
        required(importDemand, "default", "elasticities.import_demand");
        Elasticity importDemandDefault = elasticity(importDemand, "elasticities.import_demand", "default",
                Double.NaN, v -> v < 0, "is not negative (an import-demand elasticity is < 0)");
        Map<String, Elasticity> byHs = importDemand.hasNonNull("by_hs")
                ? byHs(importDemand.get("by_hs")) : Map.of();
        Elasticity substitution = distribution(elasticities, "substitution", DEFAULT_SUBSTITUTION,
                v -> v > 0, "is not positive (σ > 0)");
        Elasticity exportSupply = distribution(elasticities, "export_supply", DEFAULT_EXPORT_SUPPLY,
                v -> v > 0, "is not positive (εx > 0; 99 or more means infinite)");

        double utilization = 1.0;
        if (root.hasNonNull("utilization")) {
            utilization = number(root.get("utilization"), "utilization");
            if (!(utilization >= 0 && utilization <= 1)) {
                throw fail("utilization", root.get("utilization").asText() + " is outside 0..1");
            }
        }
        Uncertainty uncertainty = root.hasNonNull("uncertainty") ? uncertainty(root.get("uncertainty")) : null;
        WindowSpec windows = root.hasNonNull("windows") ? windows(root.get("windows")) : WindowSpec.DEFAULT;
        Map<String, List<BorderTax>> taxes = root.hasNonNull("taxes") ? taxes(root.get("taxes"), mfn) : Map.of();
        List<Quota> quotas = root.hasNonNull("quotas") ? quotas(root.get("quotas"), concessions, coverage) : List.of();
        TransitRules transit = root.hasNonNull("transit") ? transit(root.get("transit"), mfn) : null;
        double shareJump = root.hasNonNull("flags") ? shareJump(root.get("flags")) : DEFAULT_SHARE_JUMP;

        return new Scenario(id, title, agreement, file, mfn, fx, concessions, coverage, importDemandDefault, byHs,
                substitution, exportSupply, utilization, uncertainty, windows, taxes, quotas, transit, shareJump);
    }

    // ---- sections ----

    private Map<String, MfnSchedule> mfn(JsonNode node) throws ScenarioException {
        object(node, "mfn");
        if (node.isEmpty()) {
            throw fail("mfn", "names no importer");
        }
        Map<String, MfnSchedule> schedules = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String importer = e.getKey();
            String path = "mfn." + importer;
            if (!COUNTRY.matcher(importer).matches()) {
                throw fail(path, "importer '" + importer + "' is not an ISO 3166-1 alpha-3 code");
            }
            Path csv = existingFile(e.getValue(), path);
            MfnSchedule schedule = shared("mfn " + importer, csv, () -> MfnSchedule.load(csv, importer));
            if (schedule.rowCount() == 0) {
                throw fail(path, csv + " has no rows for importer " + importer);
            }
            schedules.put(importer, schedule);
        }
        return schedules;
    }

    /**
     * {@code taxes:} (contract §3): per importer of {@code mfn:}, a list of taxes in the order they are computed.
     * Names are {@code [a-z][a-z0-9_]*}, unique per importer, not a base component; a base names {@code value},
     * {@code customs_duty} and taxes listed before it, or {@code quantity} alone (a specific tax, whose table gives
     * unit and currency).
     */
    private Map<String, List<BorderTax>> taxes(JsonNode node, Map<String, MfnSchedule> mfn) throws ScenarioException {
        object(node, "taxes");
        Map<String, List<BorderTax>> taxes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String importer = e.getKey();
            String path = "taxes." + importer;
            if (!mfn.containsKey(importer)) {
                throw fail(path, importer + " is not a key of mfn " + mfn.keySet());
            }
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw fail(path, "must be a list of { name, rates, base }");
            }
            // Every name of the list, to tell a base naming a later tax from one naming no tax at all.
            List<String> listed = new ArrayList<>();
            list.forEach(t -> {
                if (t.isObject() && t.hasNonNull("name") && t.get("name").isValueNode()) {
                    listed.add(t.get("name").asText().trim());
                }
            });
            List<BorderTax> importerTaxes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                BorderTax tax = tax(list.get(i), path + "[" + i + "]", importer, names, listed);
                importerTaxes.add(tax);
                names.add(tax.name());
            }
            taxes.put(importer, sharedTaxList(importer, importerTaxes));
        }
        return taxes;
    }

    /**
     * The importer's list of taxes as an earlier scenario of the run has it, when that one's taxes are alike in every
     * way ({@link BorderTax#sameAs}), or this list: scenarios that tax alike hold one list, so that the join can tell
     * by a reference that a record's taxes come out the same in both ({@code RecordSums}).
     */
    private List<BorderTax> sharedTaxList(String importer, List<BorderTax> list) {
        @SuppressWarnings("unchecked")
        List<List<BorderTax>> earlier = (List<List<BorderTax>>) tables.computeIfAbsent("tax lists of " + importer,
                k -> new ArrayList<List<BorderTax>>());
        for (List<BorderTax> candidate : earlier) {
            if (candidate.size() == list.size()) {
                boolean alike = true;
                for (int j = 0; j < list.size() && alike; j++) {
                    alike = candidate.get(j).sameAs(list.get(j));
                }
                if (alike) {
                    return candidate;
                }
            }
        }
        List<BorderTax> own = List.copyOf(list);
        earlier.add(own);
        return own;
    }

    private BorderTax tax(JsonNode node, String path, String importer, List<String> earlier, List<String> listed)
            throws ScenarioException {
        object(node, path);
        checkKeys(node, path, TAX_KEYS);
        String name = text(required(node, "name", path), path + ".name");
        if (COMPONENTS.contains(name)) {
            throw fail(path + ".name", "'" + name + "' is a base component, not a tax name (value, customs_duty"
                    + " and quantity are reserved)");
        }
        if (!TAX_NAME.matcher(name).matches()) {
            throw fail(path + ".name", "'" + name + "' must match [a-z][a-z0-9_]*");
        }
        if (name.equals("duty")) {
            // Its collected column would be duty_collected, which is the customs duty's (contract §1).
            throw fail(path + ".name", "'duty' would read duty_collected, the customs duty's column; name the tax"
                    + " otherwise");
        }
        int previous = earlier.indexOf(name);
        if (previous >= 0) {
            throw fail(path + ".name", name + " is already the name of taxes." + importer + "[" + previous + "]");
        }
        JsonNode baseNode = required(node, "base", path);
        if (!baseNode.isArray()) {
            throw fail(path + ".base", "must be a list of components: value, customs_duty and taxes listed before"
                    + " this one, or quantity alone");
        }
        if (baseNode.isEmpty()) {
            throw fail(path + ".base", "is empty; name value, customs_duty and taxes listed before this one, or"
                    + " quantity alone");
        }
        List<String> base = new ArrayList<>();
        for (int k = 0; k < baseNode.size(); k++) {
            String componentPath = path + ".base[" + k + "]";
            String component = text(baseNode.get(k), componentPath);
            if (base.contains(component)) {
                throw fail(componentPath, component + " is named twice");
            }
            if (!COMPONENTS.contains(component)) {
                if (component.equals(name)) {
                    throw fail(componentPath, name + " is the tax itself; a base names only taxes listed before it");
                }
                if (!earlier.contains(component)) {
                    throw fail(componentPath, listed.contains(component)
                            ? component + " is listed after " + name + "; a base names only taxes listed before it"
                            : component + " is not a tax of " + importer + " " + listed + " nor value, customs_duty"
                                    + " or quantity");
                }
            }
            base.add(component);
        }
        boolean specific = base.contains(BorderTax.QUANTITY);
        if (specific && base.size() > 1) {
            throw fail(path + ".base", base + ": quantity stands alone (a specific tax is quantity × rate per unit)");
        }
        boolean creditable = flag(node, "creditable", path);
        boolean waived = flag(node, "waived_by_preference", path);
        Path csv = existingFile(required(node, "rates", path), path + ".rates");
        String label = "tax " + name + " of " + importer;
        TaxTable rates = shared(label + (specific ? ", specific" : ""), csv,
                () -> TaxTable.load(csv, specific, label));
        return new BorderTax(name, base, creditable, waived, rates, earlier);
    }

    /**
     * {@code quotas:} (contract §3, economics.md §7): a list of tariff-rate quotas. Each names a pair the scenario has
     * concessions for and HS prefixes within that pair's concession lists; no line is in two quotas of one pair (nor
     * a prefix or an extension of it), so that a record belongs to one quota at most whatever prefix it matches.
     */
    private List<Quota> quotas(JsonNode node, List<Concession> concessions,
            Map<String, HsPrefixIndex<Scenario.CoveredLine>> coverage) throws ScenarioException {
        if (!node.isArray()) {
            throw fail("quotas", "must be a list of { id, importer, beneficiary, lines, volume, unit }");
        }
        List<Quota> quotas = new ArrayList<>();
        // pair → line → index of the quota listing it: a line of a second quota is checked against these.
        Map<String, Map<String, Integer>> pairLines = new TreeMap<>();
        for (int i = 0; i < node.size(); i++) {
            quotas.add(quota(node.get(i), i, quotas, pairLines, concessions, coverage));
        }
        return quotas;
    }

    private Quota quota(JsonNode node, int index, List<Quota> earlier, Map<String, Map<String, Integer>> pairLines,
            List<Concession> concessions, Map<String, HsPrefixIndex<Scenario.CoveredLine>> coverage)
            throws ScenarioException {
        String path = "quotas[" + index + "]";
        object(node, path);
        checkKeys(node, path, QUOTA_KEYS);
        String id = text(required(node, "id", path), path + ".id");
        if (!ID.matcher(id).matches()) {
            throw fail(path + ".id", "'" + id + "' must match [a-z0-9-]+");
        }
        for (int k = 0; k < earlier.size(); k++) {
            if (earlier.get(k).id().equals(id)) {
                throw fail(path + ".id", id + " is already the id of quotas[" + k + "]");
            }
        }
        String importer = text(required(node, "importer", path), path + ".importer");
        String beneficiary = text(required(node, "beneficiary", path), path + ".beneficiary");
        String pair = Scenario.pairKey(importer, beneficiary);
        HsPrefixIndex<Scenario.CoveredLine> covered = coverage.get(pair);
        if (covered == null) {
            boolean importerHasConcessions = coverage.keySet().stream().anyMatch(p -> p.startsWith(importer + '<'));
            throw fail(path + (importerHasConcessions ? ".beneficiary" : ".importer"), "the scenario has no"
                    + " concession of importer " + importer + " to beneficiary " + beneficiary + " (its pairs: "
                    + pairs(concessions) + "); a quota limits a concession of its pair");
        }
        List<String> lines = quotaLines(required(node, "lines", path), path + ".lines", importer, beneficiary,
                covered, pairLines.computeIfAbsent(pair, k -> new TreeMap<>()), index, earlier);

        String volumePath = path + ".volume";
        JsonNode volumeNode = required(node, "volume", path);
        BigDecimal volume = decimal(volumeNode, volumePath);
        if (volume.signum() <= 0) {
            throw fail(volumePath, plain(volume) + " is not positive");
        }
        if (volume.compareTo(MAX_VOLUME) > 0) {
            throw fail(volumePath, plain(volume) + " is above " + MAX_VOLUME.toPlainString()
                    + " (thousandths of it must add up in a long)");
        }
        if (Quota.toMilli(volume) == 0) {
            throw fail(volumePath, plain(volume) + " is below a thousandth of the unit, the rule's rounding");
        }

        String unit = text(required(node, "unit", path), path + ".unit");
        if (!UNIT.matcher(unit).matches()) {
            throw fail(path + ".unit", "'" + unit + "' is not a unit records write (kg, l, pcs, 1000u, ...) nor USD");
        }
        if (unit.equalsIgnoreCase(Quota.USD)) {
            unit = Quota.USD;
        }

        Quota.Period period = Quota.Period.YEAR;
        if (node.hasNonNull("period")) {
            String text = text(node.get("period"), path + ".period");
            period = switch (text) {
                case "year" -> Quota.Period.YEAR;
                case "quarter" -> Quota.Period.QUARTER;
                case "month" -> Quota.Period.MONTH;
                default -> throw fail(path + ".period", "'" + text + "' is not year, quarter or month");
            };
        }
        MonthDay yearStart = null;
        if (node.hasNonNull("start")) {
            yearStart = yearStart(node.get("start"), path + ".start", period);
        }

        double criticalAt = DEFAULT_CRITICAL_AT;
        if (node.hasNonNull("critical_at")) {
            criticalAt = number(node.get("critical_at"), path + ".critical_at");
            if (!(criticalAt > 0 && criticalAt <= 1)) {
                throw fail(path + ".critical_at", node.get("critical_at").asText() + " is outside (0, 1]");
            }
        }
        // Absent or null: the MFN rate in force on the record's date, which the quota cannot know at load.
        double outOfQuota = Double.NaN;
        if (node.hasNonNull("out_of_quota_rate")) {
            outOfQuota = number(node.get("out_of_quota_rate"), path + ".out_of_quota_rate");
            if (outOfQuota < 0) {
                throw fail(path + ".out_of_quota_rate", node.get("out_of_quota_rate").asText() + " is negative");
            }
        }

        LocalDate openingDate = null;
        BigDecimal openingAllocated = null;
        if (node.hasNonNull("opening")) {
            String openingPath = path + ".opening";
            JsonNode opening = node.get("opening");
            object(opening, openingPath);
            checkKeys(opening, openingPath, OPENING_KEYS);
            openingDate = date(required(opening, "date", openingPath), openingPath + ".date");
            JsonNode allocatedNode = required(opening, "allocated", openingPath);
            openingAllocated = decimal(allocatedNode, openingPath + ".allocated");
            if (openingAllocated.signum() < 0) {
                throw fail(openingPath + ".allocated", plain(openingAllocated) + " is negative");
            }
            if (openingAllocated.compareTo(volume) > 0) {
                throw fail(openingPath + ".allocated", plain(openingAllocated) + " is above the volume "
                        + plain(volume));
            }
        }

        LocalDate inForceFrom = inForceFrom(lines.get(0), covered, concessions);
        return new Quota(id, importer, beneficiary, lines, unit, volume, period, yearStart, criticalAt, outOfQuota,
                inForceFrom, openingDate, openingAllocated);
    }

    /**
     * A quota's {@code lines}: HS prefixes of 2 to 10 digits, each within the pair's concession lists (a concession
     * line covers it, or lies under it), none in another quota of the pair nor twice in this one. Prefixes must be
     * text: YAML reads {@code 090240} unquoted as a number and drops the leading zero.
     */
    private List<String> quotaLines(JsonNode node, String path, String importer, String beneficiary,
            HsPrefixIndex<Scenario.CoveredLine> covered, Map<String, Integer> pairLines, int index,
            List<Quota> earlier) throws ScenarioException {
        if (!node.isArray()) {
            throw fail(path, "must be a list of HS prefixes such as [\"090240\"]");
        }
        if (node.isEmpty()) {
            throw fail(path, "is empty; name the HS prefixes the quota holds");
        }
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < node.size(); k++) {
            String linePath = path + "[" + k + "]";
            JsonNode lineNode = node.get(k);
            if (lineNode.isNumber()) {
                throw fail(linePath, lineNode.asText() + " is a number; write HS prefixes in quotes (\""
                        + lineNode.asText() + "\") so that a leading zero is kept");
            }
            String line = text(lineNode, linePath);
            if (!HsPrefixIndex.isValidPrefix(line)) {
                throw fail(linePath, "'" + line + "' is not an HS prefix of 2 to 10 digits");
            }
            if (covered.longestMatch(line) == null && coveredUnder(line, covered) == null) {
                throw fail(linePath, line + " is not within the concession lists of " + importer + " ← "
                        + beneficiary + ": no line of them covers it or lies under it");
            }
            for (int j = 0; j < lines.size(); j++) {
                String other = lines.get(j);
                if (other.startsWith(line) || line.startsWith(other)) {
                    throw fail(linePath, other.equals(line) ? line + " is listed twice"
                            : line + " overlaps " + other + ", already a line of this quota");
                }
            }
            for (Map.Entry<String, Integer> e : pairLines.entrySet()) {
                String other = e.getKey();
                if (other.startsWith(line) || line.startsWith(other)) {
                    Quota q = earlier.get(e.getValue());
                    throw fail(linePath, (other.equals(line) ? line + " is also a line" : line + " overlaps line "
                            + other) + " of quotas[" + e.getValue() + "] (" + q.id() + ") of " + importer + " ← "
                            + beneficiary + "; a line is in one quota of a pair at most");
                }
            }
            lines.add(line);
        }
        lines.forEach(line -> pairLines.put(line, index));
        return lines;
    }

    /** The lines of the pair's concession lists that extend {@code line} (longer prefixes under it), or null. */
    private static List<Scenario.CoveredLine> coveredUnder(String line, HsPrefixIndex<Scenario.CoveredLine> covered) {
        List<Scenario.CoveredLine> under = new ArrayList<>();
        covered.asMap().forEach((prefix, c) -> {
            if (prefix.length() > line.length() && prefix.startsWith(line)) {
                under.add(c);
            }
        });
        return under.isEmpty() ? null : under;
    }

    /**
     * When the quota's concession enters into force (economics.md §7: the first staging date of the concession
     * covering the quota's first line), or null when it always is. A first line broader than the concession lines
     * under it may span several concessions: the quota is then in force from the earliest of them.
     */
    private static LocalDate inForceFrom(String firstLine, HsPrefixIndex<Scenario.CoveredLine> covered,
            List<Concession> concessions) {
        Scenario.CoveredLine line = covered.longestMatch(firstLine);
        List<Scenario.CoveredLine> lines = line != null ? List.of(line) : coveredUnder(firstLine, covered);
        LocalDate earliest = null;
        for (Scenario.CoveredLine c : lines) {
            Staging staging = concessions.get(c.concession()).staging();
            if (!staging.isStaged()) {
                return null;
            }
            LocalDate first = staging.steps().get(0).from();
            earliest = earliest == null || first.isBefore(earliest) ? first : earliest;
        }
        return earliest;
    }

    /** The concession pairs, "IMP ← BEN", for messages. */
    private static String pairs(List<Concession> concessions) {
        return concessions.stream().map(c -> c.importer() + " ← " + c.beneficiary()).distinct().sorted().toList()
                .toString();
    }

    /** {@code start: MM-DD} of a yearly quota; February 29th is refused, as most years have none. */
    private MonthDay yearStart(JsonNode node, String path, Quota.Period period) throws ScenarioException {
        String text = text(node, path);
        if (period != Quota.Period.YEAR) {
            throw fail(path, "applies to yearly quotas only; this quota's period is " + period.word());
        }
        MonthDay start;
        try {
            if (!MONTH_DAY.matcher(text).matches()) {
                throw new DateTimeParseException("not MM-DD", text, 0);
            }
            start = MonthDay.parse("--" + text);
        } catch (DateTimeParseException e) {
            throw fail(path, "'" + text + "' is not a day of the year MM-DD such as 07-01");
        }
        if (start.equals(MonthDay.of(2, 29))) {
            throw fail(path, "02-29 is not in every year; start the period on 03-01 or 02-28");
        }
        return start;
    }

    private boolean flag(JsonNode node, String key, String path) throws ScenarioException {
        if (!node.hasNonNull(key)) {
            return false;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw fail(path + "." + key, "'" + value.asText() + "' is not true or false");
        }
        return value.booleanValue();
    }

    private FxTable fx(JsonNode node) throws ScenarioException {
        Path csv = existingFile(node, "fx");
        return shared("fx", csv, () -> FxTable.load(csv));
    }

    private List<Concession> concessions(JsonNode node, Map<String, MfnSchedule> mfn) throws ScenarioException {
        if (!node.isArray()) {
            throw fail("concessions", "must be a list");
        }
        if (node.isEmpty()) {
            throw fail("concessions", "lists no concession");
        }
        List<Concession> concessions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "concessions[" + i + "]";
            JsonNode c = node.get(i);
            object(c, path);
            checkKeys(c, path, CONCESSION_KEYS);
            String importer = text(required(c, "importer", path), path + ".importer");
            if (!mfn.containsKey(importer)) {
                throw fail(path + ".importer", importer + " is not a key of mfn " + mfn.keySet());
            }
            String beneficiary = text(required(c, "beneficiary", path), path + ".beneficiary");
            if (!COUNTRY.matcher(beneficiary).matches()) {
                throw fail(path + ".beneficiary", "'" + beneficiary + "' is not an ISO 3166-1 alpha-3 code");
            }
            if (beneficiary.equals(importer)) {
                throw fail(path + ".beneficiary", "is the importer itself");
            }
            Path linesFile = existingFile(required(c, "lines", path), path + ".lines");
            ConcessionList lines = table(() -> ConcessionList.load(linesFile));
            ConcessionRule rule = rule(required(c, "rule", path), path + ".rule");
            Staging staging = c.hasNonNull("staging") ? staging(c.get("staging"), path + ".staging") : Staging.NONE;
            concessions.add(new Concession(importer, beneficiary, lines, rule, staging, linesFile));
        }
        return concessions;
    }

    /** One prefix index per (importer, beneficiary) over the lists of all the pair's concessions. */
    private Map<String, HsPrefixIndex<Scenario.CoveredLine>> coverage(List<Concession> concessions)
            throws ScenarioException {
        Map<String, HsPrefixIndex<Scenario.CoveredLine>> coverage = new TreeMap<>();
        for (int i = 0; i < concessions.size(); i++) {
            Concession c = concessions.get(i);
            HsPrefixIndex<Scenario.CoveredLine> index = coverage.computeIfAbsent(
                    Scenario.pairKey(c.importer(), c.beneficiary()), k -> new HsPrefixIndex<>());
            for (var line : c.lines().lines().values()) {
                Scenario.CoveredLine previous = index.put(line.prefix(), new Scenario.CoveredLine(i, line.rate()));
                if (previous != null) {
                    Concession other = concessions.get(previous.concession());
                    throw fail("concessions[" + i + "].lines", "prefix " + line.prefix() + " of " + c.linesFile()
                            + " is also in concessions[" + previous.concession() + "] (" + other.linesFile()
                            + ") of " + c.importer() + " ← " + c.beneficiary());
                }
            }
        }
        return coverage;
    }

    private ConcessionRule rule(JsonNode node, String path) throws ScenarioException {
        object(node, path);
        checkKeys(node, path, RULES);
        List<String> given = new ArrayList<>();
        node.fieldNames().forEachRemaining(given::add);
        if (given.isEmpty()) {
            throw fail(path, "gives no rule; give one of new_rate, max_rate, linear_cut, margin_of_preference, swiss");
        }
        if (given.size() > 1) {
            throw fail(path, "gives " + given.size() + " rules " + given + "; give exactly one");
        }
        String name = given.get(0);
        String field = path + "." + name;
        JsonNode value = node.get(name);
        if (name.equals("swiss") && (value.isNull() || (value.isObject() && value.isEmpty()))) {
            return new ConcessionRule.Swiss(ConcessionRule.DEFAULT_SWISS);
        }
        double v = number(value, field);
        String shown = value.asText();
        switch (name) {
            case "new_rate", "max_rate" -> {
                if (v < 0) {
                    throw fail(field, shown + " is negative");
                }
                return name.equals("new_rate") ? new ConcessionRule.NewRate(v) : new ConcessionRule.MaxRate(v);
            }
            case "linear_cut", "margin_of_preference" -> {
                if (!(v >= 0 && v <= 1)) {
                    throw fail(field, shown + " is outside 0..1");
                }
                return new ConcessionRule.ShareCut(name, v);
            }
            default -> {
                if (!(v > 0)) {
                    throw fail(field, shown + " is not positive");
                }
                return new ConcessionRule.Swiss(v);
            }
        }
    }

    private Staging staging(JsonNode node, String path) throws ScenarioException {
        if (!node.isArray()) {
            throw fail(path, "must be a list of { from, fraction }");
        }
        List<Staging.Step> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String stepPath = path + "[" + i + "]";
            JsonNode step = node.get(i);
            object(step, stepPath);
            checkKeys(step, stepPath, STEP_KEYS);
            LocalDate from = date(required(step, "from", stepPath), stepPath + ".from");
            JsonNode fractionNode = required(step, "fraction", stepPath);
            double fraction = number(fractionNode, stepPath + ".fraction");
            if (!(fraction > 0 && fraction <= 1)) {
                throw fail(stepPath + ".fraction", fractionNode.asText() + " is outside (0, 1]");
            }
            if (i > 0) {
                Staging.Step previous = steps.get(i - 1);
                if (!from.isAfter(previous.from())) {
                    throw fail(stepPath + ".from", from + " is not after the previous date " + previous.from());
                }
                if (fraction < previous.fraction()) {
                    throw fail(stepPath + ".fraction", fractionNode.asText() + " is below the previous fraction "
                            + previous.fraction());
                }
            }
            steps.add(new Staging.Step(from, fraction));
        }
        return Staging.of(steps);
    }

    private Map<String, Elasticity> byHs(JsonNode node) throws ScenarioException {
        Path csv = existingFile(node, "elasticities.import_demand.by_hs");
        ElasticityTable table = table(() -> ElasticityTable.load(csv));
        Map<String, Elasticity> byHs = new LinkedHashMap<>();
        table.rows().forEach((prefix, row) -> byHs.put(prefix, new Elasticity(row.value(), row.sd(), Double.NaN,
                Double.NaN)));
        return byHs;
    }

    /** {@code name: { value, sd?, min?, max? }} under elasticities, or the default point value when absent. */
    private Elasticity distribution(JsonNode elasticities, String name, double defaultValue,
            java.util.function.DoublePredicate valid, String invalid) throws ScenarioException {
        String path = "elasticities." + name;
        if (!elasticities.hasNonNull(name)) {
            return Elasticity.point(defaultValue);
        }
        JsonNode node = elasticities.get(name);
        object(node, path);
        checkKeys(node, path, DISTRIBUTION_KEYS);
        return elasticity(node, path, "value", defaultValue, valid, invalid);
    }

    /**
     * Reads the point value under {@code valueKey} (or {@code defaultValue} when absent) with an optional normal
     * {@code sd} or triangular {@code min}/{@code max}.
     */
    private Elasticity elasticity(JsonNode node, String path, String valueKey, double defaultValue,
            java.util.function.DoublePredicate valid, String invalid) throws ScenarioException {
        double value = defaultValue;
        if (node.hasNonNull(valueKey)) {
            value = number(node.get(valueKey), path + "." + valueKey);
            if (!valid.test(value)) {
                throw fail(path + "." + valueKey, node.get(valueKey).asText() + " " + invalid);
            }
        }
        double sd = 0;
        if (node.hasNonNull("sd")) {
            sd = number(node.get("sd"), path + ".sd");
            if (sd < 0) {
                throw fail(path + ".sd", node.get("sd").asText() + " is negative");
            }
        }
        boolean hasMin = node.hasNonNull("min");
        boolean hasMax = node.hasNonNull("max");
        if (hasMin != hasMax) {
            throw fail(path + (hasMin ? ".min" : ".max"), "a triangular distribution needs both min and max");
        }
        double min = Double.NaN;
        double max = Double.NaN;
        if (hasMin) {
            if (sd > 0) {
                throw fail(path, "gives both sd and min/max; give a normal (sd) or a triangular (min, max)");
            }
            min = number(node.get("min"), path + ".min");
            max = number(node.get("max"), path + ".max");
            if (!(min <= value)) {
                throw fail(path + ".min", node.get("min").asText() + " is above the value " + value);
            }
            if (!(value <= max)) {
                throw fail(path + ".max", node.get("max").asText() + " is below the value " + value);
            }
        }
        return new Elasticity(value, sd, min, max);
    }

    private Uncertainty uncertainty(JsonNode node) throws ScenarioException {
        object(node, "uncertainty");
        checkKeys(node, "uncertainty", UNCERTAINTY_KEYS);
        JsonNode drawsNode = required(node, "draws", "uncertainty");
        long draws = integer(drawsNode, "uncertainty.draws");
        if (draws < 1 || draws > MAX_DRAWS) {
            throw fail("uncertainty.draws", drawsNode.asText() + " is outside 1.." + MAX_DRAWS);
        }
        long seed = node.hasNonNull("seed") ? integer(node.get("seed"), "uncertainty.seed") : 0;
        return new Uncertainty((int) draws, seed);
    }

    /**
     * {@code transit:} (contract §3): the territory crossed (a key of {@code mfn:}, whose schedule prices the duties
     * at risk on open movements), the agreement's partners (a non-empty list of distinct alpha-3 codes other than the
     * territory), a positive time limit for every transport mode, and {@code orphan_wait} (positive, default P7D). A
     * mode without a limit is refused rather than left unmonitored: its open movements would have no deadline, so
     * they would never be reported overdue nor leave the job's state.
     */
    private TransitRules transit(JsonNode node, Map<String, MfnSchedule> mfn) throws ScenarioException {
        object(node, "transit");
        checkKeys(node, "transit", TRANSIT_KEYS);
        String territory = text(required(node, "territory", "transit"), "transit.territory");
        if (!COUNTRY.matcher(territory).matches()) {
            throw fail("transit.territory", "'" + territory + "' is not an ISO 3166-1 alpha-3 code");
        }
        if (!mfn.containsKey(territory)) {
            throw fail("transit.territory", territory + " is not a key of mfn " + mfn.keySet()
                    + ": its MFN schedule prices the duties at risk on open movements");
        }
        JsonNode partnersNode = required(node, "partners", "transit");
        if (!partnersNode.isArray() || partnersNode.isEmpty()) {
            throw fail("transit.partners", "must be a non-empty list of alpha-3 codes, such as [AZE]");
        }
        List<String> partners = new ArrayList<>();
        for (int i = 0; i < partnersNode.size(); i++) {
            String path = "transit.partners[" + i + "]";
            String partner = text(partnersNode.get(i), path);
            if (!COUNTRY.matcher(partner).matches()) {
                throw fail(path, "'" + partner + "' is not an ISO 3166-1 alpha-3 code");
            }
            if (partner.equals(territory)) {
                throw fail(path, partner + " is the territory itself");
            }
            if (partners.contains(partner)) {
                throw fail(path, partner + " is listed twice");
            }
            partners.add(partner);
        }
        JsonNode limitsNode = required(node, "time_limits", "transit");
        object(limitsNode, "transit.time_limits");
        checkKeys(limitsNode, "transit.time_limits", Set.copyOf(TransitRules.MODES));
        Map<String, Long> limits = new TreeMap<>();
        for (String mode : TransitRules.MODES) {
            String path = "transit.time_limits." + mode;
            if (!limitsNode.hasNonNull(mode)) {
                throw fail(path, "is required: every mode needs a time limit (a movement without a deadline would "
                        + "never be overdue and never leave the job's state)");
            }
            limits.put(mode, positiveDuration(limitsNode.get(mode), path));
        }
        long orphanWait = node.hasNonNull("orphan_wait")
                ? positiveDuration(node.get("orphan_wait"), "transit.orphan_wait")
                : TransitRules.DEFAULT_ORPHAN_WAIT.toMillis();
        return new TransitRules(territory, partners, limits, orphanWait);
    }

    /** A {@link #duration} that must be more than zero. */
    private long positiveDuration(JsonNode node, String path) throws ScenarioException {
        long millis = duration(node, path);
        if (millis <= 0) {
            throw fail(path, "'" + node.asText() + "' must be longer than zero");
        }
        return millis;
    }

    private WindowSpec windows(JsonNode node) throws ScenarioException {
        object(node, "windows");
        checkKeys(node, "windows", WINDOW_KEYS);
        WindowSize size = WindowSpec.DEFAULT.size();
        if (node.hasNonNull("size")) {
            String text = text(node.get("size"), "windows.size");
            size = switch (text) {
                case "day" -> WindowSize.DAY;
                case "week" -> WindowSize.WEEK;
                case "month" -> WindowSize.MONTH;
                default -> throw fail("windows.size", "'" + text + "' is not day, week or month");
            };
        }
        long lateness = node.hasNonNull("allowed_lateness")
                ? duration(node.get("allowed_lateness"), "windows.allowed_lateness") : 0;
        long updateEvery = node.hasNonNull("update_every")
                ? duration(node.get("update_every"), "windows.update_every") : 0;
        return new WindowSpec(size, lateness, updateEvery);
    }

    /** {@code flags: { share_jump: 0.2 }}: an absolute share in (0, 1]; 0.2 when the key is absent. */
    private double shareJump(JsonNode node) throws ScenarioException {
        object(node, "flags");
        checkKeys(node, "flags", FLAGS_KEYS);
        if (!node.hasNonNull("share_jump")) {
            return DEFAULT_SHARE_JUMP;
        }
        double jump = number(node.get("share_jump"), "flags.share_jump");
        if (!(jump > 0 && jump <= 1)) {
            throw fail("flags.share_jump", node.get("share_jump").asText()
                    + " is outside (0, 1] (an absolute share: 0.2 is 20 percentage points)");
        }
        return jump;
    }

    // ---- field helpers ----

    /** A table loader; its {@link TableException} message ({@code <table>:<line>: <problem>}) is kept as is. */
    private interface TableLoad<T> {
        T load() throws TableException;
    }

    private static <T> T table(TableLoad<T> load) throws ScenarioException {
        try {
            return load.load();
        } catch (TableException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
    }

    /**
     * The table {@code what} of file {@code csv} as loaded for an earlier scenario of the run, or loaded now. By the
     * path as resolved (scenarios of one folder spell a table alike), so that a table still names its file as this
     * scenario does.
     */
    private <T> T shared(String what, Path csv, TableLoad<T> load) throws ScenarioException {
        String key = what + " from " + csv;
        @SuppressWarnings("unchecked")
        T loaded = (T) tables.get(key);
        if (loaded == null) {
            loaded = table(load);
            tables.put(key, loaded);
        }
        return loaded;
    }

    private ScenarioException fail(String path, String problem) {
        return new ScenarioException(file + ": " + path + ": " + problem);
    }

    private static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private JsonNode required(JsonNode node, String key, String parentPath) throws ScenarioException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw fail(child(parentPath, key), "is required");
        }
        return value;
    }

    private void object(JsonNode node, String path) throws ScenarioException {
        if (!node.isObject()) {
            throw fail(path.isEmpty() ? "(top level)" : path, "must be a mapping of keys to values");
        }
    }

    private void checkKeys(JsonNode node, String path, Set<String> allowed) throws ScenarioException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(child(path, key), "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private String text(JsonNode node, String path) throws ScenarioException {
        if (!node.isValueNode() || node.isNull()) {
            throw fail(path, "must be text");
        }
        return node.asText().trim();
    }

    private double number(JsonNode node, String path) throws ScenarioException {
        if (!node.isNumber()) {
            throw fail(path, "'" + node.asText() + "' is not a number");
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v)) {
            throw fail(path, node.asText() + " is not finite");
        }
        return v;
    }

    /** A decimal amount as written (a YAML integer or a decimal), for volumes counted in thousandths. */
    private BigDecimal decimal(JsonNode node, String path) throws ScenarioException {
        number(node, path);
        return node.decimalValue();
    }

    /** A decimal as a person writes it: no exponent, no trailing zeros ({@code 0.0004}, {@code 1200.5}). */
    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    private long integer(JsonNode node, String path) throws ScenarioException {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fail(path, "'" + node.asText() + "' is not a whole number");
        }
        return node.longValue();
    }

    private LocalDate date(JsonNode node, String path) throws ScenarioException {
        String text = text(node, path);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw fail(path, "'" + text + "' is not a date YYYY-MM-DD");
        }
    }

    /** An ISO-8601 duration ({@code P7D}, {@code PT5S}) in milliseconds, ≥ 0. */
    private long duration(JsonNode node, String path) throws ScenarioException {
        String text = text(node, path);
        try {
            Duration d = Duration.parse(text.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw fail(path, "'" + text + "' is negative");
            }
            return d.toMillis();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw fail(path, "'" + text + "' is not an ISO-8601 duration such as P7D or PT5S");
        }
    }

    /** A path given as text, resolved against the YAML's folder, that must name an existing file. */
    private Path existingFile(JsonNode node, String path) throws ScenarioException {
        String text = text(node, path);
        if (text.isEmpty()) {
            throw fail(path, "is empty");
        }
        Path resolved = folder.resolve(text);
        if (!Files.isRegularFile(resolved)) {
            throw fail(path, "file " + text + " does not exist (looked for " + resolved + ")");
        }
        return resolved;
    }
}
