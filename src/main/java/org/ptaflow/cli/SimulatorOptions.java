package org.ptaflow.cli;

import java.time.Instant;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.simulator.SimulatorSettings;

import picocli.CommandLine.Option;

/** The simulator's settings, shared by {@code run} (the simulator source) and {@code simulate}. */
final class SimulatorOptions {
    @Option(names = "--records", paramLabel = "N", converter = Conversions.WholeNumber.class,
            description = "How many records to simulate (run: endless without it).")
    Long records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "The simulator's seed: the same seed gives the same records. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--start", paramLabel = "DATE", converter = Conversions.StartTime.class,
            defaultValue = "2024-01-01", description = "The first record's date (or instant). Default: ${DEFAULT-VALUE}.")
    Instant start;

    @Option(names = "--records-per-day", paramLabel = "N", defaultValue = "" + SimulatorSettings.DEFAULT_RECORDS_PER_DAY,
            description = "Records per simulated day. Default: ${DEFAULT-VALUE}.")
    int recordsPerDay;

    @Option(names = "--claim-share", paramLabel = "U", defaultValue = "0.7", converter = Conversions.Share.class,
            description = "The share of eligible records that claim the preference (the simulator's; not the "
                    + "scenario's SMART utilization). Default: ${DEFAULT-VALUE}.")
    double claimShare;

    @Option(names = "--pace", paramLabel = "DAYS_PER_S",
            description = "Simulated days per second of wall time (run: 4, a month closes every 8 s or so; "
                    + "simulate --to-kafka: 1).")
    Double pace;

    @Option(names = "--rate", paramLabel = "R",
            description = "Records per second (overrides --pace; 0: as fast as possible).")
    Double rate;

    SimulatorSettings settings(Scenario scenario) throws UsageError {
        try {
            return SimulatorSettings.defaults(seed)
                    .withStart(start)
                    .withRecordsPerSimulatedDay(recordsPerDay)
                    .withClaimShare(claimShare)
                    .withAgreement(scenario.agreement());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage()); // a setting out of its range (records per day)
        }
    }

    /** Records per second: {@code --rate}, else {@code --pace} (or the command's default pace) times records a day. */
    double recordsPerSecond(double defaultPace) {
        return rate != null ? rate : (pace != null ? pace : defaultPace) * recordsPerDay;
    }
}
