package org.ptaflow.transit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioException;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TransitRules;

/**
 * Fixtures of the transit tests: a scenario "harness" whose {@code transit:} section monitors PAK for its partner
 * AZE with the contract's example limits (road P8D, rail P10D, sea P30D, air P3D) and orphan_wait P7D, named
 * instants in March 2025, and event factories.
 */
final class TransitFixtures {
    private TransitFixtures() {}

    static final String SCENARIO = "harness";
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    static final long MAR_01 = at("2025-03-01T00:00:00Z");

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** Writes a one-importer scenario with a transit section into {@code dir} and loads it. */
    static TransitRules rules(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("mfn.csv"), "importer,hs_prefix,rate,valid_from,valid_to\n"
                    + "PAK,090240,11,2020-01-01,\n");
            Files.writeString(dir.resolve("list.csv"), "hs_prefix\n090240\n");
            Path yaml = Files.writeString(dir.resolve("harness.yaml"), """
                    id: harness
                    agreement: PK-AZ-PTA
                    mfn: { PAK: mfn.csv }
                    concessions:
                      - { importer: PAK, beneficiary: AZE, lines: list.csv, rule: { new_rate: 0 } }
                    elasticities:
                      import_demand: { default: -1.5 }
                    transit:
                      territory: PAK
                      partners: [AZE]
                      time_limits: { road: P8D, rail: P10D, sea: P30D, air: P3D }
                      orphan_wait: P7D
                    """);
            Scenario s = ScenarioLoader.load(yaml);
            return s.transit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ScenarioException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A departure of PAK transit from AZE to AFG (outbound) or the reverse, with value, mass, line and guarantee. */
    static TransitEvent departure(String id, long at, String office, TransportMode mode, String origin,
            String destination) {
        TransitEvent e = new TransitEvent();
        e.movementId = id;
        e.event = MovementEventKind.DEPARTURE;
        e.at = at;
        e.office = office;
        e.transportMode = mode;
        e.territory = "PAK";
        e.origin = origin;
        e.destination = destination;
        e.declaredValue = new BigDecimal("50000");
        e.currency = "USD";
        e.grossMassKg = new BigDecimal("12000");
        e.hsCode = "0902400000";
        e.guarantee = BigDecimal.ZERO;
        e.originalText = id + ",departure," + at;
        return e;
    }

    static TransitEvent departure(String id, long at, TransportMode mode) {
        return departure(id, at, "PKKHI", mode, "AFG", "AZE");
    }

    static TransitEvent exit(String id, long at, String office) {
        return closing(id, MovementEventKind.EXIT, at, office);
    }

    static TransitEvent cancelled(String id, long at, String office) {
        return closing(id, MovementEventKind.CANCELLED, at, office);
    }

    private static TransitEvent closing(String id, MovementEventKind kind, long at, String office) {
        TransitEvent e = new TransitEvent();
        e.movementId = id;
        e.event = kind;
        e.at = at;
        e.office = office;
        e.originalText = id + "," + kind.code() + "," + at;
        return e;
    }
}
