package org.ptaflow.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptaflow.records.CsvRecordParser;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RecordRejectedException;

/**
 * A record the simulator makes directly is the record the CSV parser makes of its line, field for field: the
 * independent computation is the parser, reading the text the simulator writes for the same index.
 */
class CustomsSimulatorRecordTest {

    static List<Object[]> cases() {
        SimulatorSettings withResponse = SimulatorSettings.defaults(11).withStart(java.time.Instant.parse(
                "2024-01-01T00:00:00Z")).withResponse(SimulatedResponse.uniform(-4,
                new CustomsSimulatorResponseTest.FixedRates(List.of("1006", "52", "61"))));
        return List.of(
                new Object[] {"defaults", SimulatorSettings.defaults(42), List.of("sales_tax", "vat")},
                new Object[] {"bad and duplicate records", SimulatorSettings.defaults(7).withBadRecordShare(0.05)
                        .withDuplicateShare(0.05), List.of("sales_tax", "vat")},
                new Object[] {"no taxes read", SimulatorSettings.defaults(8), List.of()},
                new Object[] {"VAT only, other taxes too", SimulatorSettings.defaults(9).withOriginBreaks(false),
                        List.of("excise", "regulatory_duty", "vat")},
                new Object[] {"a response", withResponse, List.of("sales_tax", "vat")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRecordMadeDirectlyIsTheRecordItsLineParsesTo(String name, SimulatorSettings settings, List<String> taxes)
            throws RecordRejectedException {
        CustomsSimulator simulator = new CustomsSimulator(settings);
        CsvRecordParser parser = new CsvRecordParser(simulator.csvHeader(), taxes);
        int made = 0;
        int withTaxes = 0;
        for (long i = 0; i < 100_000; i++) {
            CustomsRecord direct = simulator.record(i, taxes);
            if (direct == null) {
                assertNotNull(simulator.defectOf(simulator.sourceIndex(i)), "only a defective record is not made: " + i);
                continue;
            }
            made++;
            CustomsRecord parsed = parser.parse(simulator.csvLine(i));
            String line = simulator.csvLine(i);
            assertEquals(parsed.declarationId, direct.declarationId, line);
            assertEquals(parsed.itemNo, direct.itemNo, line);
            assertEquals(parsed.registeredAt, direct.registeredAt, line);
            assertEquals(parsed.importer, direct.importer, line);
            assertEquals(parsed.origin, direct.origin, line);
            assertEquals(parsed.consignment, direct.consignment, line);
            assertEquals(parsed.hsCode, direct.hsCode, line);
            assertEquals(parsed.procedure, direct.procedure, line);
            assertEquals(parsed.customsValue, direct.customsValue, line); // BigDecimal.equals: the scale too
            assertEquals(parsed.currency, direct.currency, line);
            assertEquals(parsed.quantity, direct.quantity, line);
            assertEquals(parsed.unit, direct.unit, line);
            assertEquals(parsed.preference, direct.preference, line);
            assertEquals(parsed.dutyCollected, direct.dutyCollected, line);
            assertArrayEquals(parsed.collectedTaxes, direct.collectedTaxes, line);
            assertArrayEquals(parsed.collectedAmounts, direct.collectedAmounts, line);
            assertEquals(parsed.contentHash(), direct.contentHash(), line);
            assertNull(direct.originalText);
            if (direct.collectedTaxes != null) {
                withTaxes++;
            }
        }
        assertTrue(made > 90_000, made + " records made");
        if (taxes.contains("vat")) {
            assertTrue(withTaxes > 1_000, withTaxes + " records with a collected tax");
        }
    }
}
