package org.ptaflow.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.TransitSimulator;
import org.ptaflow.simulator.TransitSimulatorSettings;

/** The source's generator gives line n of the simulator for sequence number n, in any order it is asked. */
class SimulatedTransitLinesTest {
    @Test
    void sequenceNumberNIsTheSimulatorsNthLineEvenAfterAJumpBack() throws Exception {
        TransitSimulatorSettings settings = new TransitSimulatorSettings(5, Instant.parse("2024-01-01T00:00:00Z"), 10,
                ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-phase1.yaml")).transit());
        List<String> expected = new TransitSimulator(settings).csvLines(300);
        SimulatedTransitLines.Lines lines = new SimulatedTransitLines.Lines(settings, 300);
        lines.open(null);
        for (long n : new long[] {0, 1, 2, 40, 41, 7, 8, 299, 3}) { // a restore replays from an earlier position
            SourceLine line = lines.map(n);
            assertEquals(expected.get((int) n), line.text, "sequence " + n);
            assertEquals(TransitSimulator.HEADER, line.header);
            assertEquals(n, line.line);
        }
        assertEquals(expected.size(), new TransitSimulator(settings).eventCount(300));

    }

    /** The pacing rate: events a movement measured on 5,000 movements, at 10 movements a day and 4 days a second. */
    @Test
    void thePaceMatchesTheEventsTheSimulatorMakes() throws Exception {
        TransitSimulatorSettings settings = new TransitSimulatorSettings(6, Instant.parse("2024-01-01T00:00:00Z"), 10,
                ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-phase1.yaml")).transit());
        double perMovement = new TransitSimulator(settings).eventCount(5_000) / 5_000.0;
        assertEquals(perMovement * 10 * 4, SimulatedTransitLines.eventsPerSecond(settings, 4), 0.02 * 40 * 2);
    }
}
