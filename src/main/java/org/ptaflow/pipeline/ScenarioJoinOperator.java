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
        if (inputIndex != AMENDMENT_INPUT) {
            super.processWatermarkStatus(status, inputIndex);
        }
    }
}
