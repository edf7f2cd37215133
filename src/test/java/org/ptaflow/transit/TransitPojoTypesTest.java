package org.ptaflow.transit;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.api.Test;

/** The transit types that cross the network or sit in state are Flink POJOs without Kryo (style.md, "Types"). */
class TransitPojoTypesTest {
    @Test
    void transitEventIsAPojo() {
        assertSerializedAsPojoWithoutKryo(TransitEvent.class);
    }

    @Test
    void movementStateIsAPojo() {
        assertSerializedAsPojoWithoutKryo(MovementState.class);
    }

    @Test
    void alertsAndUpdatesArePojos() {
        assertSerializedAsPojoWithoutKryo(TransitAlert.class);
        assertSerializedAsPojoWithoutKryo(MovementUpdate.class);
        assertSerializedAsPojoWithoutKryo(TransitRow.class);
    }
}
