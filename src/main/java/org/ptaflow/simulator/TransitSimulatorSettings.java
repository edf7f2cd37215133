package org.ptaflow.simulator;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import org.ptaflow.scenario.TransitRules;

/**
 * How the {@link TransitSimulator} draws its movements. Immutable and serializable, so a Flink source can carry it;
 * equal settings give identical events.
 *
 * @param seed             seeds every draw
 * @param start            the earliest departure (movement 0's slot starts here)
 * @param movementsPerDay  how many movements depart in one simulated day, on average (&gt; 0)
 * @param rules            the scenario's {@code transit:} section: the territory crossed, the partners, the time
 *                         limits (the simulator keeps normal movements well inside them and makes the overdue ones
 *                         break them)
 */
public record TransitSimulatorSettings(long seed, Instant start, double movementsPerDay, TransitRules rules)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Customs records per transit movement when the movements go along with the customs simulator. */
    public static final int RECORDS_PER_MOVEMENT = 200;

    public TransitSimulatorSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(rules, "rules");
        if (!(movementsPerDay > 0 && movementsPerDay <= 86_400_000)) {
            throw new IllegalArgumentException("movementsPerDay must be in (0, 86400000]: " + movementsPerDay);
        }
    }

    /**
     * Movements alongside the customs simulator's records: the same seed and start, one movement per
     * {@link #RECORDS_PER_MOVEMENT} records of a simulated day.
     */
    public static TransitSimulatorSettings alongside(SimulatorSettings customs, TransitRules rules) {
        return new TransitSimulatorSettings(customs.seed(), customs.start(),
                customs.recordsPerSimulatedDay() / (double) RECORDS_PER_MOVEMENT, rules);
    }
}
