package org.ptaflow.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.flags.OriginImport;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.Procedure;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioException;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TariffAmendment;

/**
 * Test fixtures for the operator harness tests: a small scenario written into a temporary folder, named instants,
 * and factories for records and expected sums.
 *
 * <p>The scenario "harness" covers importer PAK only:
 * <ul>
 *   <li>MFN: rice 100630 at 20 %, linen 630260 at 10 %; no row for 520100 (raw cotton), so it has no MFN rate;</li>
 *   <li>PAK grants AZE a 50 % margin of preference on 100630, staged: half the cut from 2024-01-01, all of it from
 *       2024-03-01. In January and February the rate in force is 20 + 0.5 × (10 − 20) = 15 %;</li>
 *   <li>PAK grants TUR a new rate of 0 on 630260 (so PAK has two beneficiaries: AZE and TUR);</li>
 *   <li>FX: PKR at 0.004 USD from 2024-01-01 (so 25 000 PKR = 100 USD; none before that date);</li>
 *   <li>elasticities: εm = −1.5, σ = 1.5 (default), εx = 99 (default); utilisation 1; monthly windows, P0D.</li>
 * </ul>
 */
final class HarnessFixtures {
    private HarnessFixtures() {}

    static final String SCENARIO = "harness";
    static final String AGREEMENT = "PK-AZ-PTA";

    // Named instants (UTC).
    static final long DEC_31_2023 = at("2023-12-31T12:00:00Z");
    static final long JAN_01 = at("2024-01-01T00:00:00Z");
    static final long JAN_10 = at("2024-01-10T08:00:00Z");
    static final long JAN_15 = at("2024-01-15T10:00:00Z");
    static final long JAN_20 = at("2024-01-20T16:30:00Z");
    static final long JAN_31_LAST_MS = at("2024-01-31T23:59:59.999Z");
    static final long FEB_01 = at("2024-02-01T00:00:00Z");
    static final long FEB_10 = at("2024-02-10T09:00:00Z");
    static final long FEB_29_LAST_MS = at("2024-02-29T23:59:59.999Z");
    static final long MAR_01 = at("2024-03-01T00:00:00Z");

    /** One USD in micro-USD. */
    static final long USD = 1_000_000L;

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static final String MFN_CSV = """
            importer,hs_prefix,rate,valid_from,valid_to
            PAK,100630,20,2020-01-01,
            PAK,630260,10,2020-01-01,
            """;

    static final String FX_CSV = """
            currency,date,usd_per_unit
            PKR,2024-01-01,0.004
            """;

    /** The scenario YAML with the AZE concession's margin of preference as a parameter. */
    static String scenarioYaml(String marginOfPreference) {
        return """
                id: harness
                agreement: PK-AZ-PTA
                mfn: { PAK: tariffs/mfn.csv }
                fx: tariffs/fx.csv
                concessions:
                  - importer: PAK
                    beneficiary: AZE
                    lines: lists/pak-to-aze.csv
                    rule: { margin_of_preference: %s }
                    staging:
                      - { from: 2024-01-01, fraction: 0.5 }
                      - { from: 2024-03-01, fraction: 1.0 }
                  - { importer: PAK, beneficiary: TUR, lines: lists/pak-to-tur.csv, rule: { new_rate: 0 } }
                elasticities:
                  import_demand: { default: -1.5 }
                windows: { size: month, allowed_lateness: P0D }
                """.formatted(marginOfPreference);
    }

    /** Writes the tables and a scenario YAML into {@code dir} and loads it. */
    static Scenario scenario(Path dir, String fileName, String yaml) {
        try {
            Files.createDirectories(dir.resolve("tariffs"));
            Files.createDirectories(dir.resolve("lists"));
            Files.writeString(dir.resolve("tariffs/mfn.csv"), MFN_CSV);
            Files.writeString(dir.resolve("tariffs/fx.csv"), FX_CSV);
            Files.writeString(dir.resolve("lists/pak-to-aze.csv"), "hs_prefix\n100630\n");
            Files.writeString(dir.resolve("lists/pak-to-tur.csv"), "hs_prefix\n630260\n");
            Path file = Files.writeString(dir.resolve(fileName), yaml);
            return ScenarioLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ScenarioException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The "harness" scenario: AZE margin of preference 0.5. */
    static Scenario harnessScenario(Path dir) {
        return scenario(dir, "harness.yaml", scenarioYaml("0.5"));
    }

    /**
     * What the operator under a harness keeps per key: its keyed state entries (key × state) and, for the scenario
     * join, the keys held in its duplicate memory (reclaimed ones not counted, forgotten ones not yet reclaimed
     * counted: the memory's real size).
     */
    static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        int entries = ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
        if (harness.getOperator() instanceof ScenarioJoinOperator join) {
            entries += (int) join.memory().entries();
        }
        return entries;
    }

    /**
     * The scenario join under Flink's keyed-broadcast harness, in the operator the job runs it in
     * ({@link ScenarioJoinOperator}: event time from the records alone), opened; it takes each record as it comes, so
     * that its outputs can be read after each ({@code BatchedJoinTest} covers the batches).
     */
    static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> joinHarness(
            ApplyScenarios join) throws Exception {
        return joinHarness(join, 1);
    }

    /** The same, taking records in batches of {@code batchSize} as the job does (1: each as it comes). */
    static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> joinHarness(
            ApplyScenarios join, int batchSize) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution> harness =
                new KeyedBroadcastOperatorTestHarness<>(new ScenarioJoinOperator(join, batchSize),
                        CustomsRecordKey.INSTANCE, Types.STRING, 1, 1, 0);
        harness.open();
        return harness;
    }

    /**
     * The sums of 100 USD of rice (MFN 20 % → 20 USD) that claims the agreement at a preferential rate of
     * {@code percent} %, below MFN, by hand: duty statutory and at the scenario rate {@code percent} USD, potential
     * saving 20 − {@code percent} USD.
     */
    static WindowSums claimed100UsdRice(long percent) {
        return Sums.sums().records(1).mk(100 * USD).dutiable(100 * USD).eligible(100 * USD).preferential(100 * USD)
                .dutyAtMfn(20 * USD).dutyStatutory(percent * USD).dutyAtScenarioRate(percent * USD)
                .potentialSaving((20 - percent) * USD).get();
    }

    /** 100 USD of rice as another origin's import: MK = 100, duty at MFN 20 % → 20 USD. */
    static WindowSums others100UsdRice() {
        return Sums.sums().mK(100 * USD).othersDutyAtMfn(20 * USD).get();
    }

    /**
     * The origin imports the join sent on its side output ({@link OutputTags#ORIGIN_IMPORTS}), combined like its
     * contributions (taken one record at a time, each record's own).
     */
    static List<OriginImport> originImports(AbstractStreamOperatorTestHarness<?> harness) {
        var side = harness.getSideOutput(OutputTags.ORIGIN_IMPORTS);
        return side == null ? List.of() : side.stream().map(r -> r.getValue()).collect(Collectors.toList());
    }

    private static final AtomicLong DECLARATIONS = new AtomicLong();

    /** A home-use record into PAK, in USD, claiming the agreement, with a fresh declaration id. */
    static CustomsRecord record(String hs, String origin, String usdValue, long at) {
        return record("D" + DECLARATIONS.incrementAndGet(), hs, origin, usdValue, at);
    }

    static CustomsRecord record(String declarationId, String hs, String origin, String value, long at) {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = declarationId;
        r.itemNo = 1;
        r.registeredAt = at;
        r.importer = "PAK";
        r.origin = origin;
        r.consignment = origin;
        r.hsCode = hs;
        r.procedure = Procedure.HOME_USE;
        r.customsValue = new BigDecimal(value);
        r.currency = "USD";
        r.preference = AGREEMENT;
        r.source = "test.csv";
        r.line = DECLARATIONS.get() + 1;
        r.originalText = declarationId + ",1," + hs + "," + origin + "," + value;
        return r;
    }

    /** Expected window sums, built field by field from hand-computed micro-USD values. */
    static final class Sums {
        private final WindowSums s = new WindowSums();

        static Sums sums() {
            return new Sums();
        }

        Sums records(long n) { s.records = n; return this; }
        Sums mk(long micros) { s.valueBeneficiary = micros; return this; }
        Sums mK(long micros) { s.valueOthers = micros; return this; }
        Sums dutiable(long micros) { s.dutiableValue = micros; return this; }
        Sums eligible(long micros) { s.eligibleValue = micros; return this; }
        Sums preferential(long micros) { s.preferentialValue = micros; return this; }
        Sums dutyAtMfn(long micros) { s.dutyAtMfn = micros; return this; }
        Sums dutyStatutory(long micros) { s.dutyStatutory = micros; return this; }
        Sums dutyAtScenarioRate(long micros) { s.dutyAtScenarioRate = micros; return this; }
        Sums othersDutyAtMfn(long micros) { s.othersDutyAtMfn = micros; return this; }
        Sums potentialSaving(long micros) { s.potentialSaving = micros; return this; }

        WindowSums get() {
            return s.copy();
        }
    }
}
