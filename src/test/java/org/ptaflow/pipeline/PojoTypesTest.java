package org.ptaflow.pipeline;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.api.Test;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.sinks.JobOutput;

/**
 * Every type that crosses the network or sits in state is a Flink POJO whose serializer needs no Kryo (style.md,
 * "Types"; the job runs with {@code pipeline.generic-types: false}). A field of a generic type, a missing no-arg
 * constructor or a private field without accessors makes the matching test fail. {@code CustomsRecord}, the one
 * type that crosses the keyed shuffle once per record, has a layout of its own instead
 * ({@code CustomsRecordSerializerTest}).
 */
class PojoTypesTest {

    @Test
    void sourceLineIsAPojo() {
        assertSerializedAsPojoWithoutKryo(SourceLine.class);
    }

    @Test
    void scenarioTablesIsAPojo() {
        assertSerializedAsPojoWithoutKryo(TariffAmendment.class);
    }

    @Test
    void scenarioContributionIsAPojo() {
        assertSerializedAsPojoWithoutKryo(ScenarioContribution.class);
    }

    @Test
    void quotaStateAndRowsArePojos() {
        assertSerializedAsPojoWithoutKryo(org.ptaflow.quotas.QuotaEvent.class);
        assertSerializedAsPojoWithoutKryo(org.ptaflow.quotas.QuotaPeriod.class);
        assertSerializedAsPojoWithoutKryo(org.ptaflow.quotas.QuotaStatus.class);
    }

    @Test
    void windowSumsIsAPojo() {
        assertSerializedAsPojoWithoutKryo(WindowSums.class);
    }

    @Test
    void impactRowIsAPojo() {
        assertSerializedAsPojoWithoutKryo(ImpactRow.class);
    }

    @Test
    void lateRecordIsAPojo() {
        assertSerializedAsPojoWithoutKryo(LateRecord.class);
    }

    @Test
    void rejectedRecordIsAPojo() {
        assertSerializedAsPojoWithoutKryo(RejectedRecord.class);
    }

    @Test
    void jobOutputIsAPojo() {
        assertSerializedAsPojoWithoutKryo(JobOutput.class);
    }
}
