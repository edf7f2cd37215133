package org.ptaflow.simulator;

import java.io.Serializable;
import org.ptaflow.scenario.Scenario;

/**
 * The tariff rates the simulator's response follows: the MFN rate of a line and the concession's rate in force for a
 * beneficiary's goods, both in percent, as {@link Scenario} gives them. An interface so that a test can state the
 * rates outright; {@link #of(Scenario)} is what the command line uses.
 */
public interface ResponseRates extends Serializable {

    /** MFN rate (percent) of the line on the UTC day; NaN when none applies. */
    double mfnRate(String importer, String hsCode, long epochDay);

    /**
     * The concession's rate (percent) in force on the day for the beneficiary's goods on this line, given its MFN rate;
     * NaN when no concession covers the pair and line or its staging has not started.
     */
    double preferentialRate(String importer, String beneficiary, String hsCode, long epochDay, double mfnRate);

    /** The scenario's rates: its MFN schedules and its concessions with their staging. */
    static ResponseRates of(Scenario scenario) {
        return new ScenarioRates(scenario);
    }

    /** A named class rather than a lambda, so that Java serialization (Flink shipping the settings) is plain. */
    final class ScenarioRates implements ResponseRates {
        private static final long serialVersionUID = 1L;
        private final Scenario scenario;

        ScenarioRates(Scenario scenario) {
            this.scenario = scenario;
        }

        @Override
        public double mfnRate(String importer, String hsCode, long epochDay) {
            return scenario.mfnRate(importer, hsCode, epochDay);
        }

        @Override
        public double preferentialRate(String importer, String beneficiary, String hsCode, long epochDay,
                double mfnRate) {
            return scenario.preferentialRate(importer, beneficiary, hsCode, epochDay, mfnRate);
        }
    }
}
