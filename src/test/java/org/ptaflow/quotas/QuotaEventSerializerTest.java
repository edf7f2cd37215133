package org.ptaflow.quotas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.ptaflow.pipeline.OutputTags;

/** The quota events' layout on their shuffle gives back every field exactly; their state keeps its POJO type. */
class QuotaEventSerializerTest {
    private static final String[] CODES = {"PAK", "AZE", "pk-az-pta-requests", "pk-az-pta-requests|q-rice", "q-rice",
        "100630", "", "Ünit", "日本", "a\u0000b", "x".repeat(300), null};

    @Test
    void everyFieldRoundTripsExactly() throws IOException {
        Random random = new Random(20261206);
        QuotaEventSerializer writer = new QuotaEventSerializer();
        TypeSerializer<QuotaEvent> reader = writer.duplicate();
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < 20_000; i++) {
            QuotaEvent event = randomEvent(random);
            out.clear();
            writer.serialize(event, out);
            assertSameFields(event, reader.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0,
                    out.length())));
            assertSameFields(event, writer.copy(event));
            QuotaEvent reuse = randomEvent(random);
            reader.deserialize(reuse, new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertSameFields(event, reuse);
        }
    }

    @Test
    void theReadingSideSharesOneStringPerCode() throws IOException {
        QuotaEventSerializer serializer = new QuotaEventSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        QuotaEvent[] back = new QuotaEvent[2];
        for (int i = 0; i < 2; i++) {
            QuotaEvent e = new QuotaEvent();
            e.quotaKey = QuotaEvent.key("pk-az-pta-requests", "q-rice");
            e.scenario = "pk-az-pta-requests";
            e.quota = "q-rice";
            e.importer = "AZE";
            e.beneficiary = "PAK";
            e.hs6 = "100630";
            out.clear();
            serializer.serialize(e, out);
            back[i] = serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        }
        assertSame(back[0].quotaKey, back[1].quotaKey);
        assertSame(back[0].scenario, back[1].scenario);
        assertSame(back[0].hs6, back[1].hs6);
        assertSame(back[0].importer, back[1].importer);
    }

    @Test
    void theShuffleUsesTheCompactLayoutAndThePendingClaimsKeepThePojoOne() {
        assertTrue(OutputTags.QUOTA_EVENTS.getTypeInfo() instanceof QuotaEventTypeInfo);
        assertTrue(OutputTags.QUOTA_EVENTS.getTypeInfo().createSerializer(new SerializerConfigImpl())
                instanceof QuotaEventSerializer);
        // What the allocation's state names: savepoints of the previous version hold it so.
        TypeInformation<QuotaEvent> stateType = TypeInformation.of(QuotaEvent.class);
        assertTrue(stateType instanceof PojoTypeInfo, stateType.toString());
        AllocateQuotas.PENDING.initializeSerializerUnlessSet(new ExecutionConfig());
        TypeSerializer<List<QuotaEvent>> pending = AllocateQuotas.PENDING.getValueSerializer();
        assertTrue(((ListSerializer<QuotaEvent>) pending).getElementSerializer() instanceof PojoSerializer,
                pending.toString());
    }

    private static QuotaEvent randomEvent(Random random) {
        QuotaEvent e = new QuotaEvent();
        e.quotaKey = code(random);
        e.scenario = code(random);
        e.quota = code(random);
        e.volumeChange = random.nextBoolean();
        e.fromDay = random.nextLong();
        e.volumeMilli = random.nextLong();
        e.scenarioIndex = random.nextInt();
        e.importer = code(random);
        e.beneficiary = code(random);
        e.hs6 = code(random);
        e.eventTime = random.nextLong();
        e.claims = random.nextBoolean();
        e.requestMilli = random.nextLong();
        e.valueMicros = random.nextLong();
        e.mfnPercent = percent(random);
        e.preferentialPercent = percent(random);
        e.outOfQuotaPercent = percent(random);
        int taxes = random.nextInt(5) - 1;
        if (taxes >= 0) {
            e.taxPercents = new double[taxes];
            e.specificMicros = new long[taxes];
            for (int j = 0; j < taxes; j++) {
                e.taxPercents[j] = percent(random);
                e.specificMicros[j] = random.nextInt(3) == 0 ? -1 : random.nextLong();
            }
        }
        return e;
    }

    private static String code(Random random) {
        return CODES[random.nextInt(CODES.length)];
    }

    private static double percent(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> 0.0;
            case 2 -> 11.666666666666666;
            default -> random.nextDouble() * 100;
        };
    }

    private static void assertSameFields(QuotaEvent expected, QuotaEvent actual) {
        assertEquals(expected.quotaKey, actual.quotaKey);
        assertEquals(expected.scenario, actual.scenario);
        assertEquals(expected.quota, actual.quota);
        assertEquals(expected.volumeChange, actual.volumeChange);
        assertEquals(expected.fromDay, actual.fromDay);
        assertEquals(expected.volumeMilli, actual.volumeMilli);
        assertEquals(expected.scenarioIndex, actual.scenarioIndex);
        assertEquals(expected.importer, actual.importer);
        assertEquals(expected.beneficiary, actual.beneficiary);
        assertEquals(expected.hs6, actual.hs6);
        assertEquals(expected.eventTime, actual.eventTime);
        assertEquals(expected.claims, actual.claims);
        assertEquals(expected.requestMilli, actual.requestMilli);
        assertEquals(expected.valueMicros, actual.valueMicros);
        assertEquals(Double.doubleToRawLongBits(expected.mfnPercent), Double.doubleToRawLongBits(actual.mfnPercent));
        assertEquals(Double.doubleToRawLongBits(expected.preferentialPercent),
                Double.doubleToRawLongBits(actual.preferentialPercent));
        assertEquals(Double.doubleToRawLongBits(expected.outOfQuotaPercent),
                Double.doubleToRawLongBits(actual.outOfQuotaPercent));
        assertArrayEquals(expected.taxPercents, actual.taxPercents);
        assertArrayEquals(expected.specificMicros, actual.specificMicros);
    }
}
