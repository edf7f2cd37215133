package org.ptaflow.pipeline;

import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.WindowSums;

/**
 * What one home-use record adds to one output key of one scenario: either as the beneficiary's import or as an
 * "others" import for a beneficiary of the same importer (a record is routed to every key it belongs to). The
 * window adds these sums up. A Flink POJO.
 */
public class ScenarioContribution {
    /** Position of the scenario in the run's list; selects its window size and update interval. */
    public int scenarioIndex;
    public String scenario;
    public String importer;
    public String beneficiary;
    public String hs6;
    /** The record's registration time, epoch milliseconds UTC: windows are assigned from it. */
    public long eventTime;
    public WindowSums sums;
    /**
     * True for what a record on a quota line adds (pending, or its allocation): its window's final row waits for the
     * allocation of the window's last day (see {@link ImpactTrigger}).
     */
    public boolean awaitsQuota;

    public ScenarioContribution() {}

    public ScenarioContribution(int scenarioIndex, String scenario, String importer, String beneficiary, String hs6,
            long eventTime, WindowSums sums) {
        this.scenarioIndex = scenarioIndex;
        this.scenario = scenario;
        this.importer = importer;
        this.beneficiary = beneficiary;
        this.hs6 = hs6;
        this.eventTime = eventTime;
        this.sums = sums;
    }

    /** The same contribution, marked as one of a record on a quota line. */
    public ScenarioContribution onQuotaLine() {
        awaitsQuota = true;
        return this;
    }

    /** The output key: scenario, importer, beneficiary and HS6 (the window is added by the window operator). */
    public ImpactKey outputKey() {
        return new ImpactKey(scenario, importer, beneficiary, hs6);
    }
}
