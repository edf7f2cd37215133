package org.ptaflow.pipeline;

import java.util.List;

import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.TariffAmendment;

/**
 * The operator that runs the scenario join ({@link ApplyScenarios}): Flink's keyed-broadcast operator, with event
 * time taken from the customs records alone.
 *
 * <p>Why: a two-input operator's watermark is the minimum over its active inputs, and an input counts as active, at
 * the start of time, until it says otherwise. The amendments are a second task that may start after the records
 * have all gone by, and they carry no event time of their own (each says from which record date it applies). Left
 * to Flink's rule, the join's watermark would wait for that task — a record could pass as on time only because
 * the amendment task had not yet said it was idle — or, once the amendments ended, jump to the end of time as soon
 * as the records went quiet. Here the amendment input is idle from the moment the operator opens and its watermarks
 * and status are ignored, so lateness, windows and the duplicate horizon all follow the records' watermark.
 *
 * <p>The join never says it is idle either, on any of its outputs: downstream of it, every join subtask is always
 * active, so the watermark of the windows, the quota allocation and the origin checks is the minimum over all of
 * them. Otherwise a join subtask whose records went quiet (a Kafka partition idle for the idleness timeout, a broker
 * outage) would leave the others to set that watermark alone; when its records came again it would still emit, with
 * its own watermark, a claim it rightly took as on time, behind a watermark of the allocation that had already passed
 * the claim's day: the day would be allocated without it, and the claim allocated apart. (Seen in the Kafka
 * broker-outage test: a quota exhausted a month early.) {@link CombineContributions} drops idle statuses before the
 * windows for the same reason; both stay, the combiner being the windows' own guard.
 */
public class ScenarioJoinOperator
        extends CoBroadcastWithKeyedOperator<String, CustomsRecord, TariffAmendment, ScenarioContribution> {

    /** The index Flink gives the second (amendment) input in its watermark bookkeeping. */
    private static final int AMENDMENT_INPUT = 1;

    public ScenarioJoinOperator(ApplyScenarios join) {
        super(join, List.of(ApplyScenarios.AMENDMENTS));
    }

    @Override
    public void open() throws Exception {
        super.open();
        super.processWatermarkStatus(WatermarkStatus.IDLE, AMENDMENT_INPUT);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // amendments carry no event time
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int inputIndex) throws Exception {
        if (inputIndex != AMENDMENT_INPUT && status.isActive()) {
            super.processWatermarkStatus(status, inputIndex);
        }
    }
}
