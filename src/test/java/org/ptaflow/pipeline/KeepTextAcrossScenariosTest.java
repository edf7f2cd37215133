package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.scenario.AmendedRates;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.SharedTableLookups;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * With several scenarios, the text check asks the national tables once per group of scenarios sharing them and the
 * quota check only where a quota can reject: it must keep exactly the texts that asking every covering scenario the
 * whole rule keeps (the independent computation here, one scenario at a time with its own rates).
 *
 * <p>The run: the library's three scenarios loaded together (shared tables, two with quotas counted in kg), and a
 * fourth loaded with them from its own MFN schedule of PAK (fewer lines: {@code no_mfn_rate} in it alone) and its
 * quotas counted in tonnes ({@code no_quota_unit} in it alone for a claim in kg). The records: simulated, then
 * spoilt at random (no quantity, another unit, an unknown currency, a line without MFN rate, a claim on the rice
 * quota) so that every rejection reason comes up.
 */
class KeepTextAcrossScenariosTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheTextExactlyWhereSomeCoveringScenarioRejectsTheRecord() throws Exception {
        List<Scenario> scenarios = scenarios();
        List<AmendedRates> alone = scenarios.stream()
                .map(s -> new AmendedRates(s, List.of(), new SharedTableLookups())).toList();
        // From 2025, when the request lists' first stage is in force: a claim on the rice quota is eligible.
        CustomsSimulator simulator = new CustomsSimulator(SimulatorSettings.defaults(5).withAgreement("PK-AZ-PTA")
                .withStart(Instant.parse("2025-01-01T00:00:00Z")));
        SplittableRandom spoil = new SplittableRandom(11);
        Map<RejectionReason, Integer> reasons = new EnumMap<>(RejectionReason.class);
        int keptByTheVariantAlone = 0;
        int kept = 0;
        try (OneInputStreamOperatorTestHarness<CustomsRecord, CustomsRecord> harness =
                new OneInputStreamOperatorTestHarness<>(new KeepTextWhereNeeded(scenarios, false, false))) {
            harness.open();
            int records = 0;
            for (long i = 0; records < 20_000; i++) {
                CustomsRecord r = simulator.record(i, List.of("sales_tax", "vat"));
                if (r == null) {
                    continue; // a deliberate defect: only its text shows it
                }
                spoil(r, spoil);
                r.originalText = "line " + i;
                // Whether each scenario that covers the importer rejects the record, asked alone.
                boolean rejected = false;
                boolean byOthers = false;
                for (int s = 0; s < scenarios.size(); s++) {
                    Scenario scenario = scenarios.get(s);
                    if (!scenario.covers(r.importer)) {
                        continue;
                    }
                    long day = r.epochDay();
                    ScenarioRejections.Rejection rejection = ScenarioRejections.of(r, scenario,
                            alone.get(s).inForce(r.importer, r.origin, r.hsCode, r.currency, day), day);
                    if (rejection != null) {
                        reasons.merge(rejection.reason(), 1, Integer::sum);
                        rejected = true;
                        byOthers |= s < 3;
                    }
                }
                keptByTheVariantAlone += rejected && !byOthers ? 1 : 0;
                kept += rejected ? 1 : 0;
                harness.processElement(r, r.registeredAt);
                List<CustomsRecord> out = harness.extractOutputValues();
                assertEquals(rejected, out.get(out.size() - 1).originalText != null,
                        "record " + i + " " + r.importer + " " + r.origin + " " + r.hsCode + " " + r.currency);
                records++;
            }
        }
        // The case is not empty: each reason, and texts only the variant's own tables or quotas keep.
        for (RejectionReason reason : List.of(RejectionReason.NO_FX_RATE, RejectionReason.NO_MFN_RATE,
                RejectionReason.NO_TAX_BASE, RejectionReason.NO_QUOTA_UNIT)) {
            assertTrue(reasons.getOrDefault(reason, 0) > 20, reason + ": " + reasons);
        }
        assertTrue(keptByTheVariantAlone > 100, "kept for the variant alone: " + keptByTheVariantAlone);
        assertTrue(kept < 15_000, "most records are taken somewhere: " + kept);
    }

    /** A record spoilt in one way, or left as it is. */
    private static void spoil(CustomsRecord r, SplittableRandom random) {
        switch (random.nextInt(10)) {
            case 0 -> r.quantity = null;
            case 1 -> r.unit = "l";
            case 2 -> r.currency = "XXX";
            case 3 -> r.hsCode = "9701100000"; // a painting: in no MFN schedule of the library
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
    private List<Scenario> scenarios() throws Exception {
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
