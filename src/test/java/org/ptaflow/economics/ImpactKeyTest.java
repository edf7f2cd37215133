package org.ptaflow.economics;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ImpactKeyTest {

    @Test
    void theWindowOperatorsKeyHasAFlinkSerializerWithoutKryo() {
        assertSerializedAsPojoWithoutKryo(ImpactKey.class);
    }

    @Test
    void hashCodeIsTheWrittenFormulaSoKeyGroupsDoNotDependOnTheJvm() {
        // "a".hashCode() = 97 … "d" = 100: ((97 × 31 + 98) × 31 + 99) × 31 + 100 = 2,987,074.
        assertEquals(2_987_074, new ImpactKey("a", "b", "c", "d").hashCode());
    }

    @Test
    void keysDifferingInOneComponentDiffer() {
        ImpactKey rice = new ImpactKey("pta", "AZE", "PAK", "100630");
        assertEquals(rice, new ImpactKey("pta", "AZE", "PAK", "100630"));
        assertNotEquals(rice, new ImpactKey("pta", "AZE", "PAK", "630260"));
        assertNotEquals(rice, new ImpactKey("pta", "PAK", "AZE", "100630"));
        assertNotEquals(rice.inWindow(0), rice.inWindow(1));
    }

    @Test
    void topicKeyNamesTheWindowStartAsAnInstant() {
        ImpactKey rice = new ImpactKey("pta", "AZE", "PAK", "100630");
        long march = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        assertEquals("pta|2024-03-01T00:00:00Z|AZE|PAK|100630", rice.inWindow(march).topicKey());
    }
}
