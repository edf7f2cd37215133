package org.ptaflow.pipeline;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.ptaflow.economics.QuotaShare;
import org.ptaflow.flags.ConsignmentCheck;
import org.ptaflow.flags.Flag;
import org.ptaflow.economics.RecordSums;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.quotas.AllocateQuotas;
import org.ptaflow.quotas.QuotaEvent;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.Quota;
import org.ptaflow.scenario.RatesInForce;
import org.ptaflow.scenario.RunRates;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.SharedTableLookups;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.scenario.WindowSize;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenario join: for each customs record (keyed by declaration and item) and each scenario of the run, decides
 * its fate and, for home-use records, routes what it adds to every output key it belongs to.
 *
 * <p>Per scenario, in this order: importer not covered → out of scope; no FX rate for its currency and date →
 * rejected; no MFN rate for its line and date → rejected; a home-use record on a line with a specific border tax in
 * force (economics.md §6) without the quantity in the tax's unit → rejected ({@code no_tax_base}), or without an FX
 * rate for the tax rate's currency → rejected ({@code no_fx_rate}); a claim on a tariff-rate quota counted in a unit
 * of quantity without its quantity in that unit → rejected ({@code no_quota_unit}); a repeat of an accepted
 * (declaration, item) → duplicate (a differing repeat also counts as a conflict; the first copy is kept); its window
 * closed beyond the allowed lateness — for an eligible record on a quota line, its day already allocated — → late
 * output; otherwise accepted. A rejected record claims no key, so a later valid copy is accepted.
 * Accepted home-use records become {@link ScenarioContribution}s: for the beneficiary whose origin it is, and as an
 * "others" import for every other beneficiary of that importer; with the record's value per scenario for rule
 * {@code partner_shift}, they go as one {@link RoutedRecord} per record to the operator's combiners
 * ({@link #routeTo}), which add them up per window key and per line, origin and month. An eligible beneficiary record
 * on a quota line counts as pending (nothing inside the quota) and also goes to the quota's allocation
 * ({@link org.ptaflow.quotas.AllocateQuotas}), on the side output {@link OutputTags#QUOTA_EVENTS}; so does a quota
 * amendment, from the first subtask only.
 *
 * <p>The scenarios' tables travel with the job: they are constructor arguments, known before the first record.
 * Only amendments ({@link TariffAmendment}, from the {@code concession-updates} topic) arrive while the job runs,
 * on the broadcast input; they sit in broadcast state as POJOs and apply to the records processed after they
 * arrive, from the record dates they name; rows of windows already closed do not change.
 *
 * <p>Duplicate detection keeps, per (declaration, item), one content hash per scenario and the event time after
 * which the key may be forgotten, in the operator's {@link DuplicateMemory} (exact keys in a byte arena per key
 * group, checkpointed by {@link ScenarioJoinOperator}). A backtest keeps every key (history comes in any order). A
 * live run forgets a key once the watermark has passed both its registration time plus the duplicate horizon and
 * the end of every window it fell in plus that scenario's allowed lateness: a copy that arrives after that is late
 * in every scenario, never accepted twice, and the state stays bounded on an endless stream.
 */
public class ApplyScenarios
        extends KeyedBroadcastProcessFunction<String, CustomsRecord, TariffAmendment, ScenarioContribution>
        implements CheckpointedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyScenarios.class);
    private static final long DAY_MILLIS = 86_400_000L;

    /** Amendments received while the job runs, by {@link TariffAmendment#key()}: a resend replaces. */
    public static final MapStateDescriptor<String, TariffAmendment> AMENDMENTS = new MapStateDescriptor<>(
            "tariff-amendments", Types.STRING, TypeInformation.of(TariffAmendment.class));

    /**
     * The previous version's duplicate memory, read only to restore its savepoints ({@link ScenarioJoinOperator}):
     * per (declaration, item), the content hash accepted in each scenario (0: none), then, in the last slot, the
     * event time from which the key may be forgotten (0 in a backtest: never).
     */
    static final ValueStateDescriptor<long[]> ACCEPTED =
            new ValueStateDescriptor<>("accepted-records", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

    /** The base tables of each scenario, in the run's order. */
    private final List<Scenario> scenarios;
    private final List<String> scenarioIds;
    /** Allowed lateness per scenario index, milliseconds; ignored when {@link #lateness} is off. */
    private final long[] allowedLateness;
    private final WindowSize[] windowSizes;
    /** False in a backtest: history has no late records, and every key is remembered. */
    private final boolean lateness;
    /** Live runs: how long past its registration time a key is remembered at least, milliseconds. */
    private final long dedupHorizonMillis;

    /** Rule {@code consignment} of each scenario, by scenario index (its parties come from the concessions). */
    private final ConsignmentCheck[] consignmentChecks;

    /**
     * The settings of the job's simulator when it makes the records directly (then every record comes from it, and
     * none crosses the shuffle with its text); null otherwise. See {@link #writingSimulatedText}.
     */
    private SimulatorSettings simulated;
    private transient CustomsSimulator simulator;
    /** A backtest's input files by source name, whose plain lines' text is read again; see {@link #readingTextFrom}. */
    private Map<String, String> textFiles = Map.of();
    private transient RecordTexts texts;
    /** How many records the run is expected to read (a backtest's estimate from its files); 0: unknown. */
    private long expectedRecords;

    /** The operator's memory of accepted keys ({@link #useMemory}). */
    private transient DuplicateMemory memory;
    /** Each scenario's rates with the amendments in broadcast state; null until rebuilt after a change or restore. */
    private transient AmendedRates[] rates;
    /** Every scenario's rates in force, remembered together per key; rebuilt with {@link #rates}. */
    private transient RunRates runRates;
    /** The national tables' answers, shared by the scenarios (and kept when the rates are rebuilt). */
    private transient SharedTableLookups tables;
    private transient RunCounters counters;
    /** The per-record outcome counters of each source, looked up once per source, not per record. */
    private transient OncePerKey<SourceOutcomes> outcomesBySource;
    /** A live run: per scenario, the window of the record before (consecutive records mostly share it). */
    private transient TimeWindow[] lastWindow;
    /** Each importer's scenarios (which cover it, its beneficiaries in each), found once per record, not per scenario. */
    private transient OncePerKey<ImporterScope> scopes;
    /**
     * What each record routes, one object for all of them (a record's own was eight objects): the join's combiners
     * ({@link #routeTo}) add it up before the next record is joined, so nothing holds it across records.
     */
    private transient RoutedRecord routedRecord;
    /** Where each record's routed contributions and imports go: the operator's combiners. */
    private transient Consumer<RoutedRecord> routedTo;
    /** Per scenario, the national tables' answer for the record being joined ({@link #apply}: written before read). */
    private transient ScenarioRejections.Rejection[] tablesAnswer;
    /** The slots of a key the memory does not hold yet, filled in by {@link #apply} and copied by the memory. */
    private transient long[] newKeySlots;

    /**
     * One source's outcome tallies of each scenario, by scenario index. The two outcomes of nearly every record,
     * accepted and out of scope, are counted here first and added to their tallies by {@link #flushCounts} (each
     * add counts an accumulator, a metric and the run's total of both: with eight scenarios, four counts per scenario
     * and record were 3 % of the join's thread).
     */
    private static final class SourceOutcomes {
        final RunCounters.SourceCounts source;
        final RunCounters.Tally[] outOfScope, duplicates, conflicts, late, accepted;
        /** Not yet in {@link #accepted} and {@link #outOfScope}, by scenario index. */
        final long[] acceptedPending, outOfScopePending;

        SourceOutcomes(RunCounters.SourceCounts source, List<String> scenarioIds) {
            this.source = source;
            int n = scenarioIds.size();
            outOfScope = new RunCounters.Tally[n];
            duplicates = new RunCounters.Tally[n];
            conflicts = new RunCounters.Tally[n];
            late = new RunCounters.Tally[n];
            accepted = new RunCounters.Tally[n];
            acceptedPending = new long[n];
            outOfScopePending = new long[n];
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

    /**
     * @param scenarios the run's scenarios with their tables
     * @param lateness true in a live run: records of closed windows are late, and keys are forgotten in time
     * @param dedupHorizon live runs: how long past its registration time a (declaration, item) is remembered at
     *     least (see the class comment for the full rule); ignored in a backtest
     */
    public ApplyScenarios(List<Scenario> scenarios, boolean lateness, Duration dedupHorizon) {
        this.scenarios = List.copyOf(scenarios);
        this.scenarioIds = new ArrayList<>();
        this.allowedLateness = new long[scenarios.size()];
        this.windowSizes = new WindowSize[scenarios.size()];
        this.consignmentChecks = new ConsignmentCheck[scenarios.size()];
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            consignmentChecks[i] = new ConsignmentCheck(s);
            scenarioIds.add(s.id());
            allowedLateness[i] = s.windows().allowedLatenessMillis();
            windowSizes[i] = s.windows().size();
        }
        this.lateness = lateness;
        this.dedupHorizonMillis = dedupHorizon.toMillis();
    }

    /**
     * An empty duplicate memory shaped for this join: a content-hash slot per scenario, and the forget time in a live
     * run. Its expired keys are reclaimed at most every quarter horizon of event time (at least every hour), so that
     * a rebuild of a key group's table, which costs its whole size, comes once per many records.
     */
    DuplicateMemory newMemory(int maxParallelism) {
        return new DuplicateMemory(maxParallelism, scenarios.size(), lateness,
                Math.max(dedupHorizonMillis / 4, 3_600_000L), lateness ? 0 : expectedRecords);
    }

    /**
     * A backtest that expects about this many records sizes its duplicate memory for them from the start (a live
     * run forgets, so it is never given one).
     *
     * @param records the estimate; 0 when unknown (nothing changes)
     * @return this join
     */
    public ApplyScenarios expectingRecords(long records) {
        this.expectedRecords = Math.max(0, records);
        return this;
    }

    /**
     * A job whose simulator makes its records directly: a record written out (rejected or late) gets the line the
     * simulator writes for its index, the text it would have been parsed from ({@code KeepTextWhereNeeded} sends
     * none of them with their text). So the reading side asks no rule of a record to know whether to keep its text,
     * and the join writes a text only for the few records it writes out.
     *
     * @param simulated the settings of the job's simulator, or null (nothing changes)
     * @return this join
     */
    public ApplyScenarios writingSimulatedText(SimulatorSettings simulated) {
        this.simulated = simulated;
        return this;
    }

    /**
     * A backtest's input files: a record written out (rejected or late) that came without its text, but with the
     * offset of its plain line in one of these files ({@link CustomsRecord#textOffset}), gets the text read there
     * again ({@link RecordTexts}); {@code KeepTextWhereNeeded} sends none of those records with their text.
     *
     * @param files source name (a file's name) → the file's URI; empty: nothing changes
     * @return this join
     */
    public ApplyScenarios readingTextFrom(Map<String, String> files) {
        this.textFiles = Map.copyOf(files);
        return this;
    }

    /** Each scenario's window size, in the run's order. */
    List<WindowSize> windowSizes() {
        return List.of(windowSizes);
    }

    /** True in a backtest: history, no lateness, every key remembered. */
    boolean isBacktest() {
        return !lateness;
    }

    /**
     * Called by {@link ScenarioJoinOperator} before the first record: where what each record routes goes (its
     * combiners, which add it up before the next record). The function's own collector is not used: the operator's
     * output is what its combiners send.
     */
    void routeTo(Consumer<RoutedRecord> combiners) {
        this.routedTo = combiners;
    }

    /** Called by {@link ScenarioJoinOperator} before {@link #open}: the memory it checkpoints. */
    void useMemory(DuplicateMemory memory) {
        this.memory = memory;
    }

    @Override
    public void open(OpenContext openContext) {
        if (memory == null) {
            throw new IllegalStateException("ApplyScenarios runs in a ScenarioJoinOperator, which keeps its memory");
        }
        counters = CheckpointedCounts.register(getRuntimeContext(), checkpointedCounts);
        outcomesBySource = new OncePerKey<>(source -> new SourceOutcomes(counters.source(source), scenarioIds));
        scopes = new OncePerKey<>(importer -> new ImporterScope(importer, scenarios));
        lastWindow = new TimeWindow[scenarios.size()];
        tablesAnswer = new ScenarioRejections.Rejection[scenarios.size()];
        newKeySlots = new long[scenarios.size() + 1];
        routedRecord = new RoutedRecord(null, null, null, 0, scenarios.size());
        rates = null;
        tables = new SharedTableLookups();
        simulator = simulated == null ? null : new CustomsSimulator(simulated);
        texts = textFiles.isEmpty() ? null : new RecordTexts(textFiles);
    }

    @Override
    public void close() throws Exception {
        if (texts != null) {
            texts.close();
            texts = null;
        }
        super.close();
    }

    @Override
    public void processElement(CustomsRecord record, ReadOnlyContext ctx, Collector<ScenarioContribution> out)
            throws Exception {
        if (rates == null) {
            rates = amendedRates(ctx.getBroadcastState(AMENDMENTS));
            runRates = new RunRates(rates);
        }
        apply(record, ctx);
    }

    @Override
    public void processBroadcastElement(TariffAmendment amendment, Context ctx, Collector<ScenarioContribution> out)
            throws Exception {
        // Every subtask receives every amendment (broadcast): the first alone counts and logs it, so that the run's
        // counts say how many amendments there were, whatever the parallelism.
        boolean reports = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        int index = scenarioIds.indexOf(amendment.scenario);
        if (index < 0) {
            if (reports) {
                counters.scenario(amendment.scenario, "amendments_ignored").add(1);
            }
            return; // an amendment for a scenario this job does not run
        }
        String problem = scenarios.get(index).amendmentProblem(amendment);
        if (problem != null) {
            // A tax amendment the scenario cannot take (no such tax, a rate of the other kind): kept out of state.
            if (reports) {
                counters.scenario(amendment.scenario, "amendments_refused").add(1);
                LOG.warn("refused amendment {}: {}", amendment, problem);
            }
            return;
        }
        if (TariffAmendment.QUOTA.equals(amendment.kind)) {
            // A new volume changes no rate: it goes to the quota's allocation (keyed by quota), once, from the first
            // subtask; the allocation's state keeps it.
            if (reports) {
                ctx.output(OutputTags.QUOTA_EVENTS, QuotaEvent.volumeChange(amendment.scenario, amendment.quota,
                        amendment.fromDay, amendment.volumeMilli));
                counters.scenario(amendment.scenario, "amendments_applied").add(1);
            }
            return;
        }
        ctx.getBroadcastState(AMENDMENTS).put(amendment.key(), amendment);
        if (reports) {
            counters.scenario(amendment.scenario, "amendments_applied").add(1);
        }
        rates = null; // rebuilt with the new amendment before the next record
    }

    /**
     * Nothing: the memory forgets keys by itself. Only a savepoint of the previous version holds timers (one per
     * key), and they fire here harmlessly.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScenarioContribution> out) {}

    /** The rates of the run's scenarios in order, each with the amendments received for it. */
    private AmendedRates[] amendedRates(ReadOnlyBroadcastState<String, TariffAmendment> state) throws Exception {
        Map<String, List<TariffAmendment>> byScenario = new HashMap<>();
        for (Map.Entry<String, TariffAmendment> e : state.immutableEntries()) {
            byScenario.computeIfAbsent(e.getValue().scenario, k -> new ArrayList<>()).add(e.getValue());
        }
        AmendedRates[] resolved = new AmendedRates[scenarios.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = new AmendedRates(scenarios.get(i), byScenario.getOrDefault(scenarioIds.get(i), List.of()),
                    tables);
        }
        return resolved;
    }

    private void apply(CustomsRecord record, ReadOnlyContext ctx)
            throws Exception {
        counters.eventTime(record.registeredAt);
        SourceOutcomes counts = outcomesBySource.get(record.source);
        // Only a live run has late records (reading the watermark through the context costs 4 % of a backtest).
        long watermark = lateness ? ctx.currentWatermark() : Long.MIN_VALUE;
        long day = record.epochDay();
        int n = rates.length;
        // n + 1 slots; a savepoint made with another number of scenarios was refused on restore. The record's own key,
        // not the context's: a batch sets none (ScenarioJoinOperator#hasKeyContext1).
        long[] hashes = memory.get(record);
        long forgetFrom = hashes == null ? 0 : hashes[n];
        boolean changed = false;
        // Computed by the parser, on the reading side of the shuffle (CustomsRecord#contentHash).
        long hash = record.contentHash();
        // The record's sums in the last scenario that routed it: the next takes what does not depend on the scenario.
        RecordSums routed = null;
        // What the record adds, every scenario together: one element out (RoutedRecord says why).
        RoutedRecord adds = null;
        ImporterScope scope = scopes.get(record.importer);
        for (int i = 0; i < n; i++) {
            AmendedRates scenarioRates = rates[i];
            Scenario s = scenarioRates.scenario();
            String id = s.id();
            if (scope.beneficiaries[i] == null) {
                counts.outOfScopePending[i]++;
                continue;
            }
            RatesInForce inForce =
                    runRates.inForce(i, record.importer, record.origin, record.hsCode, record.currency, day);
            // The national tables' rejections: asked of the first scenario of the record's that holds the same
            // tables as this one (it was asked above, in this loop), unless amendments change either's rates.
            int same = scope.sameTablesAs[i];
            ScenarioRejections.Rejection byTables = same != i && !scenarioRates.amended() && !rates[same].amended()
                    ? tablesAnswer[same] : ScenarioRejections.ofTables(record, inForce, day);
            tablesAnswer[i] = byTables;
            ScenarioRejections.Rejection rejection =
                    byTables != null ? byTables : ScenarioRejections.ofQuota(record, s, inForce, day);
            if (rejection != null) {
                reject(ctx, counts, record, id, rejection.reason(), rejection.message());
                continue;
            }
            Quota quota = ScenarioRejections.quotaDrawnOn(record, s, inForce, day);
            if (!s.splitsQuotas()) {
                quota = null; // an evaluation: the claim is checked as in a backtest, its fill is an outcome
            }
            if (hashes != null && hashes[i] != 0) {
                counts.duplicates[i].add(1);
                if (hashes[i] != hash) {
                    counts.conflicts[i].add(1);
                }
                continue;
            }
            if (hashes == null) {
                hashes = newKeySlots; // the memory copies what it is given: one array serves every new key
                Arrays.fill(hashes, 0L);
            }
            hashes[i] = hash;
            changed = true;
            if (lateness) {
                TimeWindow window = CalendarWindows.windowOf(windowSizes[i], record.registeredAt, lastWindow[i]);
                lastWindow[i] = window;
                // Remember the key until a copy of it can only be late in this scenario too.
                forgetFrom = Math.max(forgetFrom, Math.max(record.registeredAt + dedupHorizonMillis,
                        window.maxTimestamp() + allowedLateness[i]));
                // A record on a quota line is late once its day has been allocated, even if its window is open.
                long closesAt = quota != null ? AllocateQuotas.allocationTime(day, allowedLateness[i])
                        : window.maxTimestamp() + allowedLateness[i];
                if (closesAt <= watermark) {
                    counts.late[i].add(1);
                    ctx.output(OutputTags.LATE, lateRecord(record, originalText(record), id, watermark,
                            quota != null ? day * DAY_MILLIS : window.getStart()));
                    continue;
                }
            }
            counts.acceptedPending[i]++;
            if (record.isHomeUse()) {
                if (adds == null) {
                    adds = routedRecord.startRecord(record.importer, record.hs6(), record.origin, record.registeredAt);
                }
                RecordSums sums = route(record, scenarioRates.scenario(), scope.beneficiaries[i], i, inForce, quota,
                        consignmentChecks[i], routed, ctx, adds);
                routed = sums != null ? sums : routed;
            }
        }
        if (adds != null && (adds.contributionCount > 0 || adds.importCount > 0)) {
            routedTo.accept(adds);
        }
        if (changed) {
            if (lateness && forgetFrom > hashes[n]) {
                hashes[n] = forgetFrom;
            }
            memory.put(record, hashes);
        }
    }

    /**
     * Adds the outcomes counted since the last flush to their tallies. {@link ScenarioJoinOperator} calls it after
     * every batch (in a live run within about 10 ms of its first record, by a timer), on every watermark,
     * before a checkpoint's snapshot and at the end (and every {@link #FLUSH_EVERY} records when it takes each
     * record as it comes): the accumulators, the checkpointed counts and the metrics a live dashboard reads are
     * never behind by more than that.
     */
    void flushCounts() {
        if (outcomesBySource == null) {
            return; // not opened
        }
        for (SourceOutcomes o : outcomesBySource.values()) {
            for (int i = 0; i < o.acceptedPending.length; i++) {
                if (o.acceptedPending[i] != 0) {
                    o.accepted[i].add(o.acceptedPending[i]);
                    o.acceptedPending[i] = 0;
                }
                if (o.outOfScopePending[i] != 0) {
                    o.outOfScope[i].add(o.outOfScopePending[i]);
                    o.outOfScopePending[i] = 0;
                }
            }
        }
    }

    /** Records taken one at a time between two flushes of the outcome counts at most (watermarks flush them too). */
    static final int FLUSH_EVERY = 1024;

    /**
     * The record's original text: the one it carries; for a record the job's simulator made, the line the simulator
     * writes for its index (its {@code line}); for a plain line of a backtest's file, the line read again there.
     */
    private String originalText(CustomsRecord record) {
        if (record.originalText == null && simulator != null) {
            return simulator.csvLine(record.line);
        }
        if (record.originalText == null && record.textOffset > 0 && texts != null) {
            return texts.text(record.source, record.textOffset);
        }
        return record.originalText;
    }

    private static LateRecord lateRecord(CustomsRecord record, String text, String scenario, long watermark,
            long windowStart) {
        LateRecord late = new LateRecord();
        late.scenario = scenario;
        late.source = record.source;
        late.line = record.line;
        late.declarationId = record.declarationId;
        late.itemNo = record.itemNo;
        late.registeredAt = record.registeredAt;
        late.watermark = watermark;
        late.windowStart = windowStart;
        late.originalText = text;
        return late;
    }

    /**
     * Routes a home-use record to every key of its importer ({@code adds}): as beneficiary import, or as others'
     * import; and adds its value for rule {@code partner_shift}. A record on a quota line counts for its beneficiary
     * as pending (nothing inside the quota) and goes to the quota's allocation, which adds what its fraction changes
     * once its day is allocated.
     *
     * @param routed the record's sums in a scenario routed before, or null: what they share is not computed again
     * @return the record's sums in this scenario; null when the importer has no beneficiary in it
     */
    private static RecordSums route(CustomsRecord record, Scenario s, List<String> beneficiaries, int index,
            RatesInForce inForce, Quota quota, ConsignmentCheck consignment, RecordSums routed, ReadOnlyContext ctx,
            RoutedRecord adds) {
        if (beneficiaries.isEmpty()) {
            return null;
        }
        RecordSums sums = RecordSums.of(record, inForce, s.agreement(), routed);
        // Origin checks (contract §4 flags.csv): the claim's consignment now, the line's shares by month downstream.
        Flag flag = consignment.check(record, sums.valueMicros(), sums.eligible());
        if (flag != null) {
            ctx.output(OutputTags.FLAGS, flag);
        }
        adds.addImport(s.id(), sums.valueMicros());
        String hs6 = adds.hs6;
        for (int b = 0; b < beneficiaries.size(); b++) { // (an iterator would be an object per record)
            String beneficiary = beneficiaries.get(b);
            WindowSums contribution;
            if (!beneficiary.equals(record.origin)) {
                contribution = sums.asOthers();
            } else if (quota == null) {
                contribution = sums.asBeneficiary();
            } else {
                double outOfQuota = quota.outOfQuotaPercent(inForce.mfnPercent());
                contribution = sums.asBeneficiary(QuotaShare.pending(outOfQuota));
                ctx.output(OutputTags.QUOTA_EVENTS, quotaEvent(record, s, index, quota, sums, outOfQuota, hs6));
            }
            adds.addContribution(index, s.id(), beneficiary, contribution,
                    quota != null && beneficiary.equals(record.origin));
        }
        return sums;
    }

    /** What the quota's allocation needs of a record: its request, its value and the rates the join found. */
    private static QuotaEvent quotaEvent(CustomsRecord record, Scenario s, int index, Quota quota, RecordSums sums,
            double outOfQuotaPercent, String hs6) {
        QuotaEvent e = new QuotaEvent();
        e.quotaKey = QuotaEvent.key(s.id(), quota.id());
        e.scenario = s.id();
        e.quota = quota.id();
        e.scenarioIndex = index;
        e.importer = record.importer;
        e.beneficiary = record.origin;
        e.hs6 = hs6;
        e.eventTime = record.registeredAt;
        e.claims = sums.claimsAgreement();
        if (e.claims) {
            // Thousandths of the unit, rounded down; a quota counted in USD requests the record's USD value.
            e.requestMilli = quota.countsValue() ? sums.valueMicros() / 1_000 : Quota.toMilli(record.quantity);
        }
        e.valueMicros = sums.valueMicros();
        e.mfnPercent = sums.mfnPercent();
        e.preferentialPercent = sums.preferentialPercent();
        e.outOfQuotaPercent = outOfQuotaPercent;
        e.taxPercents = sums.taxPercents();
        e.specificMicros = sums.specificMicros();
        return e;
    }

    /**
     * What each scenario of the run says of one importer: null where it does not cover it, else its beneficiaries
     * ({@link Scenario#beneficiaries}). Asked once per record instead of twice per scenario (a hash lookup each,
     * which at eight scenarios was 7 % of the join's thread). And, per covering scenario, the first covering
     * scenario that holds the same FX table, MFN schedule and tax list for the importer (itself if none before it):
     * their tables answer a record alike ({@link ScenarioRejections#ofTables}), so that is asked once.
     */
    private static final class ImporterScope {
        final List<String>[] beneficiaries;
        final int[] sameTablesAs;

        @SuppressWarnings("unchecked")
        ImporterScope(String importer, List<Scenario> scenarios) {
            this.beneficiaries = new List[scenarios.size()];
            this.sameTablesAs = new int[scenarios.size()];
            for (int i = 0; i < beneficiaries.length; i++) {
                Scenario s = scenarios.get(i);
                beneficiaries[i] = s.covers(importer) ? s.beneficiaries(importer) : null;
                sameTablesAs[i] = i;
                for (int j = 0; j < i && beneficiaries[i] != null; j++) {
                    Scenario other = scenarios.get(j);
                    if (beneficiaries[j] != null && ScenarioRejections.sameTables(other, s, importer)) {
                        sameTablesAs[i] = j;
                        break;
                    }
                }
            }
        }
    }

    private void reject(ReadOnlyContext ctx, SourceOutcomes counts, CustomsRecord record, String scenario,
            RejectionReason reason, String message) {
        String text = originalText(record);
        if (text == null) {
            // KeepTextWhereNeeded asks the same rule with the same tables: a difference is a bug, not bad input.
            throw new IllegalStateException("record " + record.key() + " rejected (" + reason.code() + ") in "
                    + scenario + " after its text was dropped before the shuffle");
        }
        counts.source.scenario(scenario, "rejected." + reason.code()).add(1);
        ctx.output(OutputTags.REJECTED,
                new RejectedRecord(record.source, record.line, scenario, reason, message, text));
    }

    // Counts survive a restore: kept in operator state (CheckpointedCounts).
    private transient CheckpointedCounts checkpointedCounts;

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedCounts = new CheckpointedCounts();
        checkpointedCounts.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        flushCounts();
        checkpointedCounts.snapshot(counters);
    }
}
