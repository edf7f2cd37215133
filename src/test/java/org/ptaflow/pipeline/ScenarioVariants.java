package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * Scenarios that share some tables and not others, and records that each scenario may reject for its own reasons:
 * for the tests of the steps that ask the national tables once per group of scenarios sharing them.
 *
 * <p>The library's three scenarios loaded together (shared tables, two with quotas counted in kg), and a fourth,
 * {@code pk-az-pta-requests-narrow}, loaded with them from its own MFN schedule of PAK (without chapters 01-49:
 * {@code no_mfn_rate} in it alone) and with its quotas counted in tonnes ({@code no_quota_unit} in it alone for a
 * claim in kg). The records: simulated from 2025 (the request lists' first stage in force, so a claim on the rice
 * quota is eligible), then spoilt at random (no quantity, another unit, an unknown currency, a line in no MFN
 * schedule of the library, a claim on the rice quota) so that every rejection reason comes up.
 */
final class ScenarioVariants {
    private ScenarioVariants() {}

    static CustomsSimulator simulator() {
        return new CustomsSimulator(SimulatorSettings.defaults(5).withAgreement("PK-AZ-PTA")
                .withStart(Instant.parse("2025-01-01T00:00:00Z")));
    }

    /** A record spoilt in one way, or left as it is. */
    static void spoil(CustomsRecord r, SplittableRandom random) {
        switch (random.nextInt(10)) {
            case 0 -> r.quantity = null;
            case 1 -> r.unit = "l";
            case 2 -> r.currency = "XXX";
            case 3 -> r.hsCode = "0101210000"; // a horse: chapter 01, not in the variant's MFN schedule
            case 4, 5 -> { // a claim on the rice quota of AZE, in kg
                r.importer = "AZE";
                r.origin = "PAK";
                r.consignment = "PAK";
                r.hsCode = "1006309800";
                r.preference = "PK-AZ-PTA";
                r.quantity = new BigDecimal("1200");
                r.unit = "kg";
            }
            default -> { }
        }
    }

    /** The library's three scenarios and the variant, loaded together. */
    static List<Scenario> load(Path dir) throws Exception {
        Path library = Paths.get("scenarios");
        try (Stream<Path> files = Files.walk(library)) {
            for (Path from : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(library.relativize(from).toString());
                Files.createDirectories(to.getParent());
                Files.copy(from, to);
            }
        }
        // PAK's MFN schedule without its chapters 01-49: lines the others price are rejected in the variant.
        List<String> mfn = Files.readAllLines(dir.resolve("tariffs/pak-mfn.csv"));
        Files.write(dir.resolve("tariffs/pak-mfn-narrow.csv"), Stream.concat(Stream.of(mfn.get(0)),
                mfn.stream().skip(1).filter(l -> l.split(",")[1].compareTo("50") >= 0)).toList());
        String yaml = Files.readString(dir.resolve("pk-az-pta-requests.yaml"))
                .replace("id: pk-az-pta-requests", "id: pk-az-pta-requests-narrow")
                .replace("PAK: tariffs/pak-mfn.csv", "PAK: tariffs/pak-mfn-narrow.csv")
                .replace("unit: kg", "unit: t");
        assertTrue(yaml.contains("pak-mfn-narrow.csv") && yaml.contains("unit: t"), "the variant differs");
        Files.writeString(dir.resolve("pk-az-pta-requests-narrow.yaml"), yaml);
        return ScenarioLoader.loadAll(Stream.of("pk-az-pta-requests", "pk-az-pta-phase1",
                "pk-az-full-liberalisation", "pk-az-pta-requests-narrow")
                .map(id -> dir.resolve(id + ".yaml")).collect(Collectors.toList()));
    }
}
