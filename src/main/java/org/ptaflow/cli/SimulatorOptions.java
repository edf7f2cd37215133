package org.ptaflow.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.simulator.FlowCatalogue;
import org.ptaflow.simulator.ResponseRates;
import org.ptaflow.simulator.SimulatedResponse;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.tariffs.SectionElasticities;
import org.ptaflow.tariffs.TableException;

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

    @Option(names = "--response-elasticity", paramLabel = "E",
            description = "The traders' true elasticity (≤ 0): from a concession's entry into force, the "
                    + "beneficiary's value on its lines is multiplied by ((1 + t1)/(1 + t0))^E times a noise of mean 1 "
                    + "(docs/formats.md). Default: no response.")
    Double responseElasticity;

    @Option(names = "--response-by-section", paramLabel = "FILE",
            description = "CSV section,elasticity: the true elasticity of the lines of an HS section (1..21), "
                    + "instead of --response-elasticity, which it needs.")
    Path responseBySection;

    @Option(names = "--pace", paramLabel = "DAYS_PER_S",
            description = "Simulated days per second of wall time (run: 4, a month closes every 8 s or so; "
                    + "simulate --to-kafka: 1).")
    Double pace;

    @Option(names = "--rate", paramLabel = "R",
            description = "Records per second (overrides --pace; 0: as fast as possible).")
    Double rate;

    @Option(names = "--flows", paramLabel = "catalogue|concession-lines",
            description = "What the records trade: the calibrated catalogue of Pakistan–Azerbaijan flows (default), or "
                    + "one beneficiary flow and one competitor flow on every line of the scenario's concession lists, "
                    + "all of one size (for evaluations that need many lines per HS section).")
    String flows = "catalogue";

    @Option(names = "--no-origin-breaks",
            description = "Leave out what the origin checks (flags.csv) should find: the few beneficiary claims "
                    + "consigned from a third country and the line deflected to the partner after the entry into "
                    + "force (docs/formats.md). Default: they are in.")
    boolean noOriginBreaks;

    SimulatorSettings settings(Scenario scenario) throws UsageError {
        SimulatedResponse response = response(scenario);
        try {
            return SimulatorSettings.defaults(seed)
                    .withStart(start)
                    .withRecordsPerSimulatedDay(recordsPerDay)
                    .withClaimShare(claimShare)
                    .withAgreement(scenario.agreement())
                    .withResponse(response)
                    .withOriginBreaks(!noOriginBreaks)
                    .withFlows(switch (flows) {
                        case "catalogue" -> null;
                        case "concession-lines" -> FlowCatalogue.concessionLines(scenario);
                        default -> throw new UsageError("--flows must be catalogue or concession-lines, got '"
                                + flows + "'");
                    });
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage()); // a setting out of its range (records per day)
        }
    }

    /** The response the options ask for, following the scenario's rates; null without --response-elasticity. */
    private SimulatedResponse response(Scenario scenario) throws UsageError {
        if (responseElasticity == null) {
            if (responseBySection != null) {
                throw new UsageError("--response-by-section needs --response-elasticity (the lines of other sections)");
            }
            return null;
        }
        double e = responseElasticity;
        if (!(Double.isFinite(e) && e <= 0)) {
            throw new UsageError("--response-elasticity must be a finite number ≤ 0 (a tariff cut raises imports), got "
                    + responseElasticity);
        }
        SortedMap<Integer, Double> bySection = new TreeMap<>();
        if (responseBySection != null) {
            try {
                bySection = SectionElasticities.load(responseBySection);
            } catch (TableException x) {
                throw new UsageError("--response-by-section " + x.getMessage());
            }
        }
        return new SimulatedResponse(e, bySection, ResponseRates.of(scenario));
    }

    /** Records per second: {@code --rate}, else {@code --pace} (or the command's default pace) times records a day. */
    double recordsPerSecond(double defaultPace) {
        return rate != null ? rate : (pace != null ? pace : defaultPace) * recordsPerDay;
    }
}
