package org.ptaflow.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.RatesInForce;
import org.ptaflow.scenario.RunRates;
import org.ptaflow.scenario.SharedTableLookups;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * Drops a record's original text before the keyed shuffle unless the scenario join may write the record out with
 * it: the text is most of a record's bytes, and the join needs it only for a rejection or a late record.
 *
 * <p>It keeps the text when
 * <ul>
 *   <li>a scenario that covers the importer rejects the record with its base tables ({@link ScenarioRejections},
 *       the join's own rule, so the two decide alike);
 *   <li>in a live run, the record is not ahead of the watermark seen here: the join's watermark is the least over
 *       its active inputs and lags this channel, and a record closes no earlier than its registration time, so a
 *       record after this watermark cannot be late at the join;
 *   <li>in a live run, once this input has been idle: while it was, the join's watermark moved on without it, so its
 *       next records can be late at the join whatever this watermark says; from then on every text is kept;
 *   <li>the run receives tariff amendments: an amendment may reach the join before this operator and change a
 *       rejection (a specific tax's rate on a new line, in a new currency), so every record keeps its text.
 * </ul>
 * In a job whose simulator makes its records directly, no record keeps its text, and nothing is asked: the join
 * writes the simulator's line for a record's index where it writes a record out
 * ({@link ApplyScenarios#writingSimulatedText}). Likewise, in a backtest, a plain line of an input file never keeps its
 * text: the file source noted where it starts ({@link CustomsRecord#textOffset}), and the join reads it there again
 * ({@link ApplyScenarios#readingTextFrom}); the check and its rates cost a seventh of the reading thread.
 * Stateless, chained to the parser: nothing to restore.
 */
public class KeepTextWhereNeeded extends AbstractStreamOperator<CustomsRecord>
        implements OneInputStreamOperator<CustomsRecord, CustomsRecord> {
    private final List<Scenario> scenarios;
    private final boolean lateness;
    private final boolean amendments;
    /** The settings of the job's simulator when it makes records directly; null otherwise. */
    private final SimulatorSettings simulated;
    private transient AmendedRates[] rates;
    private transient RunRates runRates;
    private transient long watermark;
    private transient boolean wasIdle;
    /** Per importer, which scenarios the text check asks (found once per importer, not per record). */
    private transient OncePerKey<ImporterChecks> checksByImporter;

    /**
     * @param lateness true in a live run, where records can be late
     * @param amendments true when the run reads tariff amendments
     */
    public KeepTextWhereNeeded(List<Scenario> scenarios, boolean lateness, boolean amendments) {
        this(scenarios, lateness, amendments, null);
    }

    /** @param simulated the settings of the job's simulator when it makes records directly; null otherwise */
    public KeepTextWhereNeeded(List<Scenario> scenarios, boolean lateness, boolean amendments,
            SimulatorSettings simulated) {
        this.scenarios = List.copyOf(scenarios);
        this.lateness = lateness;
        this.amendments = amendments;
        this.simulated = simulated;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rates = new AmendedRates[scenarios.size()];
        SharedTableLookups tables = new SharedTableLookups();
        for (int i = 0; i < rates.length; i++) {
            rates[i] = new AmendedRates(scenarios.get(i), List.of(), tables);
        }
        runRates = new RunRates(rates);
        watermark = Long.MIN_VALUE;
        wasIdle = false;
        checksByImporter = new OncePerKey<>(importer -> new ImporterChecks(importer, rates));
    }

    @Override
    public void processElement(StreamRecord<CustomsRecord> element) {
        CustomsRecord record = element.getValue();
        // A record with an offset: the join reads its line again in its file (ParseCustomsRecords gives one only then).
        if (simulated != null || record.textOffset > 0
                || !amendments && !(lateness && (wasIdle || record.registeredAt <= watermark))
                && !rejectedAnywhere(record)) {
            record.originalText = null;
        }
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        wasIdle |= status.isIdle();
        super.processWatermarkStatus(status);
    }

    /**
     * Whether a scenario that covers the importer rejects the record. The checks of the national tables are asked
     * once per group of covering scenarios that share them (with eight scenarios over the same tables, once instead
     * of eight times: it was a quarter of the reading thread), the quota check only of the scenarios with a quota on
     * the record's line that it claims.
     */
    private boolean rejectedAnywhere(CustomsRecord record) {
        long day = record.epochDay();
        if (record.importer == null || record.origin == null || record.hsCode == null || record.currency == null) {
            for (int i = 0; i < rates.length; i++) { // rare: no key to share the checks by, each scenario asked
                Scenario s = rates[i].scenario();
                if (s.covers(record.importer)
                        && ScenarioRejections.of(record, s, inForce(i, record, day), day) != null) {
                    return true;
                }
            }
            return false;
        }
        ImporterChecks checks = checksByImporter.get(record.importer);
        for (int i : checks.oneOfEachTables) {
            if (ScenarioRejections.ofTables(record, inForce(i, record, day), day) != null) {
                return true;
            }
        }
        for (int i : checks.withQuotas) {
            Scenario s = rates[i].scenario();
            if (s.agreement().equals(record.preference)
                    && s.quotaFor(record.importer, record.origin, record.hsCode) != null
                    && ScenarioRejections.ofQuota(record, s, inForce(i, record, day), day) != null) {
                return true;
            }
        }
        return false;
    }

    private RatesInForce inForce(int scenario, CustomsRecord record, long day) {
        return runRates.inForce(scenario, record.importer, record.origin, record.hsCode, record.currency, day);
    }

    /**
     * What the text check asks for one importer: one covering scenario per distinct (FX table, MFN schedule, tax
     * list) of the importer ({@link ScenarioRejections#sameTables}, by identity: scenarios whose tables are equal but
     * were loaded apart are each asked), and the covering scenarios that have quotas.
     */
    private static final class ImporterChecks {
        final int[] oneOfEachTables;
        final int[] withQuotas;

        ImporterChecks(String importer, AmendedRates[] rates) {
            List<Integer> groups = new ArrayList<>();
            List<Integer> quotas = new ArrayList<>();
            for (int i = 0; i < rates.length; i++) {
                Scenario s = rates[i].scenario();
                if (!s.covers(importer)) {
                    continue;
                }
                boolean sharesTables = false;
                for (int g : groups) {
                    Scenario other = rates[g].scenario();
                    sharesTables |= ScenarioRejections.sameTables(other, s, importer);
                }
                if (!sharesTables) {
                    groups.add(i);
                }
                if (!s.quotas().isEmpty()) {
                    quotas.add(i);
                }
            }
            this.oneOfEachTables = groups.stream().mapToInt(Integer::intValue).toArray();
            this.withQuotas = quotas.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
