package org.ptaflow.simulator;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * How the {@link CustomsSimulator} draws its records. Immutable and serializable, so a Flink source can carry it to
 * every parallel instance; two simulators with equal settings produce identical records for every index.
 *
 * @param seed                   seeds every draw; the same seed gives the same records
 * @param start                  event time of record 0 (default 2024-01-01T00:00Z)
 * @param recordsPerSimulatedDay how many records fill one day of event time (default 2,000)
 * @param claimShare             share of beneficiary home-use records (PAK goods into AZE, AZE goods into PAK) that
 *                               claim the agreement, from {@code claimsFrom} on (default 0.7); the traders' behaviour
 *                               the simulator plays, not the scenario's expected {@code utilization}
 * @param agreement              code the claims carry in {@code preference} (default {@code PK-AZ-PTA})
 * @param claimsFrom             first UTC date on which traders claim the preference (default 2024-07-01, the first
 *                               staging date of the library's scenarios; before it every record is MFN)
 * @param nonHomeUseShare        share of records in transit or customs warehouse (default 0.05)
 * @param nationalCurrencyShare  share of records declared in the importer's currency, PKR or AZN (default 0.30)
 * @param badRecordShare         share of records given a deliberate defect (default 0)
 * @param duplicateShare         share of indices that repeat an earlier index's exact line (default 0, at most 0.5)
 * @param response               the traders' response to the concessions in force (a true elasticity with noise), or
 *                               null (the default) for none: then the records are exactly those of a simulator
 *                               without it
 * @param flows                  the flows records are drawn from; null (the default) for {@link FlowCatalogue}'s
 * @param originBreaks           whether the records carry what the origin checks of {@code flags.csv} look for (default
 *                               true): beneficiary records transhipped through a third country only at
 *                               {@link CustomsSimulator#BENEFICIARY_HUB_SHARE} (a few consignment breaks among the
 *                               claims) and, with the catalogue's flows, one line deflected to the partner from
 *                               {@code claimsFrom} on ({@link CustomsSimulator#DEFLECTED_HS}); false gives the records
 *                               of the simulator before those checks existed, byte for byte
 */
public record SimulatorSettings(
        long seed,
        Instant start,
        int recordsPerSimulatedDay,
        double claimShare,
        String agreement,
        LocalDate claimsFrom,
        double nonHomeUseShare,
        double nationalCurrencyShare,
        double badRecordShare,
        double duplicateShare,
        SimulatedResponse response,
        List<TradeFlow> flows,
        boolean originBreaks)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");
    public static final int DEFAULT_RECORDS_PER_DAY = 2_000;
    public static final String DEFAULT_AGREEMENT = "PK-AZ-PTA";
    public static final LocalDate DEFAULT_CLAIMS_FROM = LocalDate.parse("2024-07-01");

    public SimulatorSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(claimsFrom, "claimsFrom");
        if (recordsPerSimulatedDay < 1 || recordsPerSimulatedDay > 86_400_000) {
            throw new IllegalArgumentException("recordsPerSimulatedDay must be 1..86400000: " + recordsPerSimulatedDay);
        }
        share("claimShare", claimShare, 1.0);
        share("nonHomeUseShare", nonHomeUseShare, 1.0);
        share("nationalCurrencyShare", nationalCurrencyShare, 1.0);
        share("badRecordShare", badRecordShare, 1.0);
        share("duplicateShare", duplicateShare, 0.5);
    }

    private static void share(String name, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be in 0.." + max + ": " + value);
        }
    }

    /** The defaults, with the given seed. */
    public static SimulatorSettings defaults(long seed) {
        return new SimulatorSettings(seed, DEFAULT_START, DEFAULT_RECORDS_PER_DAY, 0.7, DEFAULT_AGREEMENT,
                DEFAULT_CLAIMS_FROM, 0.05, 0.30, 0.0, 0.0, null, null, true);
    }

    public SimulatorSettings withStart(Instant v) {
        return new SimulatorSettings(seed, v, recordsPerSimulatedDay, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, response, flows, originBreaks);
    }

    public SimulatorSettings withRecordsPerSimulatedDay(int v) {
        return new SimulatorSettings(seed, start, v, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, response, flows, originBreaks);
    }

    public SimulatorSettings withClaimShare(double v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, v, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, response, flows, originBreaks);
    }

    public SimulatorSettings withAgreement(String v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, claimShare, v, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, response, flows, originBreaks);
    }

    public SimulatorSettings withBadRecordShare(double v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, v, duplicateShare, response, flows, originBreaks);
    }

    public SimulatorSettings withDuplicateShare(double v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, v, response, flows, originBreaks);
    }

    /**
     * The flows records are drawn from instead of {@link FlowCatalogue}'s, for example one per line of a scenario's
     * concession lists ({@link FlowCatalogue#concessionLines}); null for the catalogue.
     */
    public SimulatorSettings withFlows(List<TradeFlow> v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, response,
                v == null ? null : List.copyOf(v), originBreaks);
    }

    /** The traders' response to the concessions in force; null for none. */
    public SimulatorSettings withResponse(SimulatedResponse v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, v, flows, originBreaks);
    }

    /** Whether the records carry the consignment breaks and the deflected line (see {@code originBreaks}). */
    public SimulatorSettings withOriginBreaks(boolean v) {
        return new SimulatorSettings(seed, start, recordsPerSimulatedDay, claimShare, agreement, claimsFrom,
                nonHomeUseShare, nationalCurrencyShare, badRecordShare, duplicateShare, response, flows, v);
    }
}
