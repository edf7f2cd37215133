package org.ptaflow.pipeline;

import java.util.Arrays;

import org.ptaflow.economics.WindowSums;

/**
 * What the scenario join routes of one accepted home-use record, every scenario of the run together: its
 * contributions to output keys (for {@link CombineContributions}) and its value per scenario for rule
 * {@code partner_shift} (for {@link CombineOriginImports}). Both combiners live in the join's operator and read the
 * same object, one for all records ({@link #startRecord}), before the next record is joined.
 *
 * <p>Parallel arrays, of which the first {@link #contributionCount} and {@link #importCount} entries are used.
 */
public class RoutedRecord {
    public String importer;
    public String hs6;
    public String origin;
    /** The record's registration time, epoch milliseconds UTC: its event time. */
    public long registeredAt;

    public int contributionCount;
    /** Per contribution: its scenario's position in the run's list, and the scenario's id. */
    public int[] scenarioIndex;
    public String[] scenario;
    public String[] beneficiary;
    /** Per contribution, what it adds; the "others" sums may be one object for several scenarios (never changed). */
    public WindowSums[] sums;
    /** Per contribution: a beneficiary's import on a quota line ({@link ScenarioContribution#awaitsQuota}). */
    public boolean[] awaitsQuota;

    public int importCount;
    /** Per scenario that routed the record: its id and the record's customs value there, micro-USD. */
    public String[] importScenario;
    public long[] importValueMicros;

    public RoutedRecord() {}

    /**
     * @param scenarios how many scenarios the run has: the first size of the arrays, which grow if a scenario has
     *     several beneficiaries for the importer
     */
    RoutedRecord(String importer, String hs6, String origin, long registeredAt, int scenarios) {
        this.importer = importer;
        this.hs6 = hs6;
        this.origin = origin;
        this.registeredAt = registeredAt;
        scenarioIndex = new int[scenarios];
        scenario = new String[scenarios];
        beneficiary = new String[scenarios];
        sums = new WindowSums[scenarios];
        awaitsQuota = new boolean[scenarios];
        importScenario = new String[scenarios];
        importValueMicros = new long[scenarios];
    }

    /**
     * Empties this object for the next record the join routes (the arrays stay; what the last record left in them is
     * let go, so that nothing it routed stays reachable from here).
     */
    RoutedRecord startRecord(String importerCode, String hs6Code, String originCode, long registrationTime) {
        Arrays.fill(sums, 0, contributionCount, null);
        Arrays.fill(scenario, 0, contributionCount, null);
        Arrays.fill(beneficiary, 0, contributionCount, null);
        Arrays.fill(importScenario, 0, importCount, null);
        contributionCount = 0;
        importCount = 0;
        importer = importerCode;
        hs6 = hs6Code;
        origin = originCode;
        registeredAt = registrationTime;
        return this;
    }

    void addContribution(int index, String scenarioId, String beneficiaryCode, WindowSums contribution,
            boolean onQuotaLine) {
        if (contributionCount == sums.length) {
            int n = Math.max(1, 2 * contributionCount);
            scenarioIndex = Arrays.copyOf(scenarioIndex, n);
            scenario = Arrays.copyOf(scenario, n);
            beneficiary = Arrays.copyOf(beneficiary, n);
            sums = Arrays.copyOf(sums, n);
            awaitsQuota = Arrays.copyOf(awaitsQuota, n);
        }
        int k = contributionCount++;
        scenarioIndex[k] = index;
        scenario[k] = scenarioId;
        beneficiary[k] = beneficiaryCode;
        sums[k] = contribution;
        awaitsQuota[k] = onQuotaLine;
    }

    void addImport(String scenarioId, long valueMicros) {
        if (importCount == importScenario.length) {
            int n = Math.max(1, 2 * importCount);
            importScenario = Arrays.copyOf(importScenario, n);
            importValueMicros = Arrays.copyOf(importValueMicros, n);
        }
        importScenario[importCount] = scenarioId;
        importValueMicros[importCount++] = valueMicros;
    }
}
