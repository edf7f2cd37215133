package org.ptaflow.pipeline;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The scenario join: for each customs record (keyed by declaration and item) and each scenario of the run, decides
 * its fate and, for home-use records, routes what it adds to every output key it belongs to.
 *
 * <p>Per scenario, in this order: importer not covered → out of scope; no FX rate for its currency and date →
 * rejected; no MFN rate for its line and date → rejected; a repeat of an accepted (declaration, item) → duplicate
 * (a differing repeat also counts as a conflict; the first copy is kept); its window closed beyond the allowed
 * lateness → late output; otherwise accepted. A rejected record claims no key, so a later valid copy is accepted.
 * Accepted home-use records become {@link ScenarioContribution}s: for the beneficiary whose origin it is, and as an
 * "others" import for every other beneficiary of that importer.
 *
 * <p>The tariff tables live in broadcast state ({@link ScenarioTables}), so updates can stream into a running job:
 * an amendment ({@link org.ptaflow.scenario.TariffAmendment}) applies to the records processed after it arrives,
 * from the record dates it names; rows of windows already closed do not change.
 * A record that arrives before the tables of every scenario of the run are there is not lost: it waits in keyed
 * state and is processed when the last missing table arrives (Flink gives no order between the two inputs).
 *
 * <p>Duplicate detection keeps one content hash per scenario per (declaration, item). In a live run that state
 * expires after {@code dedupTtl} of processing time, which bounds it on an endless stream; a backtest keeps it for
 * the whole run, since history comes in any order.
 */
public class ApplyScenarios
        extends KeyedBroadcastProcessFunction<String, CustomsRecord, ScenarioTables, ScenarioContribution>
        implements org.apache.flink.streaming.api.checkpoint.CheckpointedFunction {

    public static final MapStateDescriptor<String, ScenarioTables> TABLES =
            new MapStateDescriptor<>("scenario-tables", Types.STRING, TypeInformation.of(ScenarioTables.class));

    static final ListStateDescriptor<CustomsRecord> PENDING =
            new ListStateDescriptor<>("records-awaiting-tables", TypeInformation.of(CustomsRecord.class));

    private final List<String> scenarioIds;
    /** Allowed lateness per scenario index, milliseconds; ignored when {@link #lateness} is off. */
    private final long[] allowedLateness;
    private final org.ptaflow.scenario.WindowSize[] windowSizes;
    /** False in a backtest: history has no late records. */
    private final boolean lateness;
    private final Duration dedupTtl;

    private transient ValueState<long[]> seen;
    private transient ListState<CustomsRecord> pending;
    private transient Map<String, Scenario> cache;
    private transient Map<String, Long> cachedVersion;
    /** The rates of each scenario with its amendments, rebuilt when a broadcast message arrives (or after restore). */
    private transient AmendedRates[] rates;
    private transient RunCounters counters;
    /** The per-record outcome counters of each source, looked up once per source, not per record. */
    private transient Map<String, SourceOutcomes> outcomesBySource;
    private transient SourceOutcomes lastOutcomes;

    /** One source's outcome tallies of each scenario, by scenario index. */
    private static final class SourceOutcomes {
        final RunCounters.SourceCounts source;
        final RunCounters.Tally[] outOfScope, duplicates, conflicts, late, accepted;

        SourceOutcomes(RunCounters.SourceCounts source, List<String> scenarioIds) {
            this.source = source;
            int n = scenarioIds.size();
            outOfScope = new RunCounters.Tally[n];
            duplicates = new RunCounters.Tally[n];
            conflicts = new RunCounters.Tally[n];
            late = new RunCounters.Tally[n];
            accepted = new RunCounters.Tally[n];
            for (int i = 0; i < n; i++) {
                String id = scenarioIds.get(i);
                outOfScope[i] = source.scenario(id, "out_of_scope");
                duplicates[i] = source.scenario(id, "duplicates");
                conflicts[i] = source.scenario(id, "conflicts");
                late[i] = source.scenario(id, "late");
                accepted[i] = source.scenario(id, "accepted");
            }
        }
    }

    public ApplyScenarios(List<Scenario> scenarios, boolean lateness, Duration dedupTtl) {
        this.scenarioIds = new ArrayList<>();
        this.allowedLateness = new long[scenarios.size()];
        this.windowSizes = new org.ptaflow.scenario.WindowSize[scenarios.size()];
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            scenarioIds.add(s.id());
            allowedLateness[i] = s.windows().allowedLatenessMillis();
            windowSizes[i] = s.windows().size();
        }
        this.lateness = lateness;
        this.dedupTtl = dedupTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<long[]> seenDescriptor =
                new ValueStateDescriptor<>("accepted-content-hash", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        if (dedupTtl != null && !dedupTtl.isZero()) {
            seenDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(dedupTtl)
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
        }
        seen = getRuntimeContext().getState(seenDescriptor);
        pending = getRuntimeContext().getListState(PENDING);
        cache = new HashMap<>();
        cachedVersion = new HashMap<>();
        counters = CheckpointedCounts.register(getRuntimeContext(), checkpointedCounts);
        outcomesBySource = new HashMap<>();
        lastOutcomes = null;
    }

    @Override
    public void processElement(CustomsRecord record, ReadOnlyContext ctx, Collector<ScenarioContribution> out)
            throws Exception {
        AmendedRates[] scenarios = resolve(ctx.getBroadcastState(TABLES));
        if (scenarios == null) {
            pending.add(record);
            return;
        }
        apply(record, scenarios, ctx.currentWatermark(), out, r -> ctx.output(OutputTags.REJECTED, r),
                l -> ctx.output(OutputTags.LATE, l));
    }

    @Override
    public void processBroadcastElement(ScenarioTables tables, Context ctx, Collector<ScenarioContribution> out)
            throws Exception {
        BroadcastState<String, ScenarioTables> state = ctx.getBroadcastState(TABLES);
        if (tables.isAmendment() && !scenarioIds.contains(tables.scenarioId)) {
            counters.scenario(tables.scenarioId, "amendments_ignored").add(1);
            return; // an amendment for a scenario this job does not run
        }
        state.put(tables.stateKey(), tables);
        if (tables.isAmendment()) {
            counters.scenario(tables.scenarioId, "amendments_applied").add(1);
        }
        rates = null;
        AmendedRates[] scenarios = resolve(state);
        if (scenarios == null) {
            return;
        }
        // Release the records that came before the tables. Flink sets the current key for each visited key, so
        // the duplicate state read in apply() is that record's.
        ctx.applyToKeyedState(PENDING, (key, waiting) -> {
            Iterable<CustomsRecord> records = waiting.get();
            if (records != null) {
                for (CustomsRecord r : records) {
                    apply(r, scenarios, ctx.currentWatermark(), out, rej -> ctx.output(OutputTags.REJECTED, rej),
                            late -> ctx.output(OutputTags.LATE, late));
                }
            }
            waiting.clear();
        });
    }

    /**
     * The rates of the run's scenarios in order, with their amendments, or null while any scenario's tables are
     * still missing. Cached until the next broadcast message.
     */
    private AmendedRates[] resolve(ReadOnlyBroadcastState<String, ScenarioTables> state) throws Exception {
        if (rates != null) {
            return rates;
        }
        AmendedRates[] resolved = new AmendedRates[scenarioIds.size()];
        Map<String, List<TariffAmendment>> amendments = new HashMap<>();
        for (Map.Entry<String, ScenarioTables> e : state.immutableEntries()) {
            if (e.getValue().isAmendment()) {
                amendments.computeIfAbsent(e.getValue().scenarioId, k -> new ArrayList<>()).add(e.getValue().amendment);
            }
        }
        for (int i = 0; i < resolved.length; i++) {
            String id = scenarioIds.get(i);
            ScenarioTables tables = state.get(id);
            if (tables == null) {
                return null;
            }
            Long version = cachedVersion.get(id);
            if (version == null || version != tables.version) {
                cache.put(id, tables.scenario());
                cachedVersion.put(id, tables.version);
            }
            resolved[i] = new AmendedRates(cache.get(id), amendments.getOrDefault(id, List.of()));
        }
        rates = resolved;
        return resolved;
    }

    private void apply(CustomsRecord record, AmendedRates[] scenarios, long watermark, Collector<ScenarioContribution> out,
            Consumer<RejectedRecord> rejected, Consumer<LateRecord> lateOutput) throws Exception {
        counters.eventTime(record.registeredAt);
        SourceOutcomes counts = outcomes(record.source);
        long day = record.epochDay();
        long[] accepted = seen.value();
        boolean changed = false;
        long hash = 0;
        for (int i = 0; i < scenarios.length; i++) {
            AmendedRates rates = scenarios[i];
            Scenario s = rates.scenario();
            String id = s.id();
            if (!s.covers(record.importer)) {
                counts.outOfScope[i].add(1);
                continue;
            }
            BigDecimal usdPerUnit = s.usdPerUnit(record.currency, day);
            if (usdPerUnit == null) {
                reject(rejected, counts, record, id, RejectionReason.NO_FX_RATE,
                        "no FX rate for " + record.currency + " on or before " + java.time.LocalDate.ofEpochDay(day));
                continue;
            }
            double mfn = rates.mfnRate(record.importer, record.hsCode, day);
            if (Double.isNaN(mfn)) {
                reject(rejected, counts, record, id, RejectionReason.NO_MFN_RATE, "no MFN rate for " + record.importer + " line "
                        + record.hsCode + " on " + java.time.LocalDate.ofEpochDay(day));
                continue;
            }
            if (hash == 0) {
                hash = contentHash(record);
            }
            if (accepted != null && accepted[i] != 0) {
                counts.duplicates[i].add(1);
                if (accepted[i] != hash) {
                    counts.conflicts[i].add(1);
                }
                continue;
            }
            if (accepted == null) {
                accepted = new long[scenarios.length];
            }
            accepted[i] = hash;
            changed = true;
            if (lateness) {
                TimeWindow window = CalendarWindows.windowOf(windowSizes[i], record.registeredAt);
                if (window.maxTimestamp() + allowedLateness[i] <= watermark) {
                    counts.late[i].add(1);
                    LateRecord late = new LateRecord();
                    late.scenario = id;
                    late.source = record.source;
                    late.declarationId = record.declarationId;
                    late.itemNo = record.itemNo;
                    late.registeredAt = record.registeredAt;
                    late.watermark = watermark;
                    late.windowStart = window.getStart();
                    late.originalText = record.originalText;
                    lateOutput.accept(late);
                    continue;
                }
            }
            counts.accepted[i].add(1);
            if (record.isHomeUse()) {
                route(record, rates, i, usdPerUnit, mfn, day, out);
            }
        }
        if (changed) {
            seen.update(accepted);
        }
    }

    /** Routes a home-use record to every key of its importer: as beneficiary import, or as others' import. */
    private static void route(CustomsRecord record, AmendedRates rates, int index, BigDecimal usdPerUnit, double mfn,
            long day, Collector<ScenarioContribution> out) {
        Scenario s = rates.scenario();
        List<String> beneficiaries = s.beneficiaries(record.importer);
        if (beneficiaries.isEmpty()) {
            return;
        }
        long valueMicros = Money.toMicros(record.customsValue.multiply(usdPerUnit));
        String hs6 = record.hs6();
        for (String beneficiary : beneficiaries) {
            WindowSums sums;
            if (beneficiary.equals(record.origin)) {
                double pref = rates.preferentialRate(record.importer, beneficiary, record.hsCode, day, mfn);
                boolean claims = s.agreement().equals(record.preference);
                sums = WindowSums.ofBeneficiaryRecord(valueMicros, mfn, pref, claims);
            } else {
                sums = WindowSums.ofOthersRecord(valueMicros, mfn);
            }
            out.collect(new ScenarioContribution(index, s.id(), record.importer, beneficiary, hs6,
                    record.registeredAt, sums));
        }
    }

    private SourceOutcomes outcomes(String source) {
        SourceOutcomes last = lastOutcomes;
        if (last != null && last.source.name.equals(source)) {
            return last;
        }
        RunCounters.SourceCounts counts = counters.source(source);
        SourceOutcomes outcomes = outcomesBySource.computeIfAbsent(counts.name,
                k -> new SourceOutcomes(counts, scenarioIds));
        lastOutcomes = outcomes;
        return outcomes;
    }

    private void reject(Consumer<RejectedRecord> rejected, SourceOutcomes counts, CustomsRecord record,
            String scenario, RejectionReason reason, String message) {
        counts.source.scenario(scenario, "rejected." + reason.code()).add(1);
        rejected.accept(new RejectedRecord(record.source, record.line, scenario, reason, message, record.originalText));
    }

    /**
     * A 64-bit hash of the record's parsed fields (not its text: the same record may come as CSV and as JSON),
     * used to tell an identical repeat from a conflicting one. Never 0, which marks "not seen".
     */
    static long contentHash(CustomsRecord r) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, r.declarationId);
        h = mix(h, r.itemNo);
        h = mix(h, r.registeredAt);
        h = mix(h, r.importer);
        h = mix(h, r.origin);
        h = mix(h, r.consignment);
        h = mix(h, r.hsCode);
        h = mix(h, r.procedure.ordinal());
        h = mix(h, decimal(r.customsValue));
        h = mix(h, r.currency);
        h = mix(h, decimal(r.quantity));
        h = mix(h, r.unit);
        h = mix(h, r.preference);
        h = mix(h, decimal(r.dutyCollected));
        return h == 0 ? 1 : h;
    }

    private static long mix(long h, String s) {
        return mix(h, s == null ? 0x9E3779B97F4A7C15L : s.hashCode());
    }

    /** One FNV-style step then a 64-bit finaliser spread, so that fields' 32-bit hashes fill all 64 bits. */
    private static long mix(long h, long v) {
        h = (h ^ v) * 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    /** The same number written differently (1.5, 1.50) hashes the same; absent is distinct from zero. */
    private static long decimal(BigDecimal d) {
        if (d == null) {
            return 0x632BE59BD9B4E019L;
        }
        return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
    }


    // Counts survive a restore: kept in operator state (CheckpointedCounts).
    private transient CheckpointedCounts checkpointedCounts;

    @Override
    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext context) throws Exception {
        checkpointedCounts = new CheckpointedCounts();
        checkpointedCounts.initialize(context);
    }

    @Override
    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) throws Exception {
        checkpointedCounts.snapshot(counters);
    }
}
