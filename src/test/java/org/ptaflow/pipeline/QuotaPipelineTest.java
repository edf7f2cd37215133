package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TariffAmendment;

/**
 * Tariff-rate quotas through the whole job (economics.md §7): worked case Q on the whole-job scenario's rice line
 * (AZE from PAK, MFN 20 %, preferential 0 %) with a quota of 500 kg a year and a VAT of 18 % on [value,
 * customs_duty]. Every expected number is computed by hand in the comments. The same numbers come at parallelism 1
 * and 2, streaming and BATCH, whatever the order of the records; a live run allocates a day only once the watermark
 * has passed it.
 */
class QuotaPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path dir;

    static final String HEADER = "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,"
            + "currency,preference,quantity,unit";

    /** Worked case Q: 2 USD a kg; D6 does not claim, D7 comes after the exhaustion, D8 and D9 cannot be measured. */
    static final List<String> CASE_Q = List.of(
            "D1,1,2024-01-10T09:00:00Z,AZE,PAK,10063010,400,USD,TEST-PTA,200,kg",
            "D2,1,2024-01-10T15:00:00Z,AZE,PAK,100630,200,USD,TEST-PTA,100,KG",
            "D3,1,2024-01-11T08:00:00Z,AZE,PAK,100630,600,USD,TEST-PTA,300,kg",
            "D4,1,2024-01-11T09:00:00Z,AZE,PAK,100630,300,USD,TEST-PTA,150,kg",
            "D5,1,2024-01-11T23:59:59Z,AZE,PAK,100630,100,USD,TEST-PTA,50,kg",
            "D6,1,2024-01-11T12:00:00Z,AZE,PAK,100630,100,USD,,50,kg",
            "D7,1,2024-01-12T01:00:00Z,AZE,PAK,100630,200,USD,TEST-PTA,100,kg",
            "D8,1,2024-01-11T10:00:00Z,AZE,PAK,100630,50,USD,TEST-PTA,0.05,t",
            "D9,1,2024-01-11T10:00:00Z,AZE,PAK,100630,50,USD,TEST-PTA,,");

    static Scenario scenario;

    @BeforeAll
    static void writeScenario() throws Exception {
        scenario = ScenarioLoader.load(scenarioFile("quota-q.yaml", RICE_QUOTA));
    }

    /** Worked case Q's quota: 500 kg a year of rice from PAK into AZE. */
    static final String RICE_QUOTA =
            "{ id: aze-rice-from-pak, importer: AZE, beneficiary: PAK, lines: [\"100630\"], volume: 500, unit: kg }";

    /** The whole-job scenario with AZE's VAT and one quota (a YAML flow mapping). */
    static Path scenarioFile(String name, String quota) throws Exception {
        String base = WholeJobScenario.copyInto(dir);
        Files.writeString(dir.resolve("aze-vat.csv"), "hs_prefix,rate,valid_from,valid_to\n10,18,2020-01-01,\n");
        String yaml = base + """
                taxes:
                  AZE:
                    - { name: vat, rates: aze-vat.csv, base: [value, customs_duty] }
                quotas:
                  - %s
                """.formatted(quota);
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static long usd(String amount) {
        return Money.toMicros(new BigDecimal(amount));
    }

    private static long day(String date) {
        return LocalDate.parse(date).toEpochDay();
    }

    // ---- worked case Q ------------------------------------------------------------------------------------------

    @Test
    void workedCaseQInABacktest() throws Exception {
        assertCaseQ(run(scenario, 2, false, ImpactPipeline.Settings.forBacktest(), CASE_Q, null, null));
    }

    @Test
    void theSameAllocationAtParallelismOneAndTwoStreamingAndBatchInAnyOrder() throws Exception {
        Random random = new Random(13);
        for (int parallelism : new int[] {1, 2}) {
            for (boolean batch : new boolean[] {false, true}) {
                List<String> shuffled = new ArrayList<>(CASE_Q);
                Collections.shuffle(shuffled, random); // the days' claims interleaved across the file
                Outputs out = run(scenario, parallelism, batch, ImpactPipeline.Settings.forBacktest(), shuffled, null,
                        null);
                assertCaseQ(out);
            }
        }
    }

    private static void assertCaseQ(Outputs out) {
        // Day 1: 200 + 100 of 500 → in full, balance 200, fill 0.6 (open: critical from 0.9).
        // Day 2: 300 + 150 + 50 > 200 → 120, 60, 20; balance 0, exhausted on 2024-01-11.
        // Day 3: the 100 kg claim gets nothing.
        assertEquals(List.of(
                        "2024-01-10 requested 300.000 allocated 300.000 balance 200.000 fill 0.6 open -",
                        "2024-01-11 requested 500.000 allocated 200.000 balance 0.000 fill 1.0 exhausted 2024-01-11",
                        "2024-01-12 requested 100.000 allocated 0.000 balance 0.000 fill 1.0 exhausted 2024-01-11"),
                out.quotaDays());
        for (QuotaStatus q : out.quotas) {
            assertEquals(day("2024-01-01"), q.periodStartDay);
            assertEquals(day("2025-01-01"), q.periodEndDay);
            assertEquals("aze-rice-from-pak", q.quota);
        }

        ImpactRow rice = out.finalRow("100630");
        assertEquals(7, rice.sums.records);
        assertEquals(usd("1900"), rice.sums.valueBeneficiary);
        assertEquals(usd("1900"), rice.sums.eligibleValue);
        // R: 400 + 200 in full; 40 % of 600, 300, 100; D6 did not claim; D7 got 0.
        assertEquals(usd("1000"), rice.sums.preferentialValue);
        assertEquals(usd("380"), rice.sums.dutyAtMfn);
        // 20 % of (360 + 180 + 60) for D3-D5, 20 for D6, 40 for D7.
        assertEquals(usd("180"), rice.sums.dutyStatutory);
        // Full preference: as statutory, but D6 takes the day's 200/500: 20 % of 60 instead of 20.
        assertEquals(usd("172"), rice.sums.dutyAtScenarioRate);
        // VAT 18 % of value + duty: at MFN of 1900 + 380; statutory per record 72, 36, 43.2 + 77.76,
        // 21.6 + 38.88, 7.2 + 12.96, 21.6, 43.2; full preference the same but D6's 7.2 + 12.96.
        assertEquals(usd("410.4"), rice.sums.taxAtMfn[0]);
        assertEquals(usd("374.4"), rice.sums.taxStatutory[0]);
        assertEquals(usd("372.96"), rice.sums.taxFullPreference[0]);
        assertEquals(usd("236"), rice.totalRevenueForgone(), "duty 200 + VAT 36");

        assertEquals(Map.of("D8", "no_quota_unit", "D9", "no_quota_unit"), out.rejectedByDeclaration());
    }

    @Test
    void aClaimOfNothingTakesItsDaysFractionAndAnAbsurdQuantityIsRejected() throws Exception {
        Outputs out = run(scenario, 2, false, ImpactPipeline.Settings.forBacktest(), List.of(
                // Day 1: 500 kg take the whole balance (exhausted that day, served in full); a claim of 0 kg is
                // served in full too.
                "Z1,1,2024-01-10T09:00:00Z,AZE,PAK,100630,1000,USD,TEST-PTA,500,kg",
                "Z2,1,2024-01-10T10:00:00Z,AZE,PAK,100630,100,USD,TEST-PTA,0,kg",
                // Day 2: a claim of 0 kg after the exhaustion gets nothing: MFN 20 % on 100.
                "Z3,1,2024-01-11T10:00:00Z,AZE,PAK,100630,100,USD,TEST-PTA,0,kg",
                // More than 10^15 kg cannot be counted in thousandths: rejected, not a failed job.
                "Z4,1,2024-01-11T11:00:00Z,AZE,PAK,100630,100,USD,TEST-PTA,2000000000000000,kg"), null, null);
        assertEquals(List.of(
                        "2024-01-10 requested 500.000 allocated 500.000 balance 0.000 fill 1.0 exhausted 2024-01-10",
                        "2024-01-11 requested 0.000 allocated 0.000 balance 0.000 fill 1.0 exhausted 2024-01-10"),
                out.quotaDays());
        ImpactRow rice = out.finalRow("100630");
        assertEquals(usd("1100"), rice.sums.preferentialValue);
        assertEquals(usd("20"), rice.sums.dutyStatutory);
        assertEquals(Map.of("Z4", "no_quota_unit"), out.rejectedByDeclaration());
    }

    @Test
    void anOpeningStatementStartsTheBalanceWhereThePeriodStood() throws Exception {
        // 400 of 500 already allocated in 2024 before the records: day 1's 300 kg get 100 (pro rata 66.666 and
        // 33.333, 0.001 left), exhausted on day 1.
        Scenario opened = ScenarioLoader.load(
                scenarioFile("quota-opening.yaml", RICE_QUOTA.replace(" }",
                        ", opening: { date: 2024-01-02, allocated: 400 } }")));
        Outputs out = run(opened, 2, false, ImpactPipeline.Settings.forBacktest(), CASE_Q.subList(0, 2), null, null);
        assertEquals(List.of(
                "2024-01-10 requested 300.000 allocated 99.999 balance 0.001 fill 0.999998 exhausted 2024-01-10"),
                out.quotaDays());
        // 400 × 66.666 / 200 + 200 × 33.333 / 100 = 133.332 + 66.666 USD preferential.
        assertEquals(usd("199.998"), out.finalRow("100630").sums.preferentialValue);
    }

    @Test
    void aFirstPeriodBeforeEntryIntoForceIsProRatedByDays() throws Exception {
        // The linen concession (6302) enters into force on 2024-02-15: a yearly quota of 366 kg on it has
        // 366 × 321 / 366 = 321 kg in 2024 (from 02-15 to the year's end, a leap year). The claim of 400 kg gets
        // 321 kg. Terry linen 630260: MFN 20 %, line rate 10 % at half staging: preferential 15 %.
        Scenario linen = ScenarioLoader.load(scenarioFile("quota-linen.yaml", "{ id: aze-linen-from-pak, importer: AZE,"
                + " beneficiary: PAK, lines: [\"6302\"], volume: 366, unit: kg }"));
        assertEquals(1, linen.quotas().size());
        Outputs out = run(linen, 1, false, ImpactPipeline.Settings.forBacktest(),
                List.of("L1,1,2024-03-01T10:00:00Z,AZE,PAK,63026000,1000,USD,TEST-PTA,400,kg"), null, null);
        assertEquals(List.of(
                "2024-03-01 requested 400.000 allocated 321.000 balance 0.000 fill 1.0 exhausted 2024-03-01"),
                out.quotaDays());
        // 321 / 400 = 80.25 % of 1000 USD at 15 %, the rest at 20 %: 802.5 × 0.15 + 197.5 × 0.2 = 120.375 + 39.5.
        assertEquals(usd("159.875"), out.finalRow("630260").sums.dutyStatutory);
    }

    @Test
    void aQuotaAmendmentGivesANewVolumeFromItsDate() throws Exception {
        // 1000 kg from 2024-01-11: day 2 then finds 1000 − 300 = 700 kg, enough for its 500. An amendment applies to
        // what is allocated after it arrived: a live run, paused on its first record until the amendment is in.
        TariffAmendment more = TariffAmendment.fromJson("{\"scenario\":\"test-pta\",\"kind\":\"quota\","
                + "\"quota\":\"aze-rice-from-pak\",\"volume\":1000,\"from\":\"2024-01-11\"}");
        List<String> records = new ArrayList<>(CASE_Q.subList(0, 5));
        records.add("R1,1,2024-01-13T10:00:00Z,AZE,IND,100630,100,USD,,,"); // moves the watermark past day 2
        UnaryOperator<DataStream<CustomsRecord>> pause = s -> s.map(r -> {
            if (r.declarationId.equals("D1")) {
                Thread.sleep(1500);
            }
            return r;
        }).setParallelism(1);
        Outputs out = run(scenario, 2, false, ImpactPipeline.Settings.forLive(Duration.ZERO).withWatermarkPerRecord(),
                records, more, pause);
        assertEquals(List.of(
                        "2024-01-10 requested 300.000 allocated 300.000 balance 200.000 fill 0.6 open -",
                        "2024-01-11 requested 500.000 allocated 500.000 balance 200.000 fill 0.8 open -"),
                out.quotaDays());
    }

    // ---- live: the day waits for the watermark ------------------------------------------------------------------

    @Test
    void aLiveRunCountsAClaimPendingUntilTheWatermarkPassesItsDay() throws Exception {
        Path yaml = scenarioFile("quota-live.yaml", RICE_QUOTA);
        Scenario live = ScenarioLoader.load(Files.writeString(yaml, Files.readString(yaml)
                .replace("windows: { size: month, allowed_lateness: P0D }",
                        "windows: { size: month, allowed_lateness: P0D, update_every: PT0.1S }")));
        List<String> records = List.of(
                "D3,1,2024-01-11T08:00:00Z,AZE,PAK,100630,600,USD,TEST-PTA,300,kg",
                "D4,1,2024-01-11T09:00:00Z,AZE,PAK,100630,300,USD,TEST-PTA,150,kg",
                // The next day: the watermark passes the end of 2024-01-11, which is allocated (balance 500: in full).
                "E1,1,2024-01-12T10:00:00Z,AZE,PAK,100630,100,USD,,50,kg",
                // February: January's final row.
                "E2,1,2024-02-02T10:00:00Z,AZE,IND,100630,100,USD,,,");
        // A pause after D4 and after E1, so that early rows go out in between (update_every 0.1 s).
        UnaryOperator<DataStream<CustomsRecord>> pauses = s -> s.map(r -> {
            if (r.declarationId.equals("D4") || r.declarationId.equals("E1")) {
                Thread.sleep(1500);
            }
            return r;
        }).setParallelism(1);
        Outputs out = run(live, 1, false,
                ImpactPipeline.Settings.forLive(Duration.ZERO).withWatermarkPerRecord(), records, null, pauses);

        List<ImpactRow> january = out.rows.stream()
                .filter(r -> r.key.hs6().equals("100630") && r.key.beneficiary().equals("PAK")
                        && r.windowStart == day("2024-01-01") * 86_400_000L)
                .collect(Collectors.toList());
        ImpactRow pending = january.stream().filter(r -> !r.finalRow && r.sums.records == 2).findFirst()
                .orElseThrow(() -> new AssertionError("no early row with both claims: " + january));
        assertEquals(0, pending.sums.preferentialValue, "before its day is allocated a claim counts at f = 0");
        assertEquals(usd("180"), pending.sums.dutyStatutory, "MFN 20 % on 900");
        ImpactRow last = january.get(january.size() - 1);
        assertTrue(last.finalRow);
        assertEquals(3, last.sums.records);
        assertEquals(usd("900"), last.sums.preferentialValue, "both claims served in full once the day was complete");
        assertEquals(usd("20"), last.sums.dutyStatutory, "only E1, which did not claim, pays");
        // The status row of 2024-01-11 came when the watermark passed the day, before January closed.
        assertEquals(List.of("2024-01-11 requested 450.000 allocated 450.000 balance 50.000 fill 0.9 critical -"),
                out.quotaDays());
    }

    @Test
    void withAllowedLatenessAWindowsFinalRowWaitsForItsLastDaysAllocationAndComesOnce() throws Exception {
        Path yaml = scenarioFile("quota-lateness.yaml", RICE_QUOTA);
        Scenario late = ScenarioLoader.load(Files.writeString(yaml, Files.readString(yaml)
                .replace("windows: { size: month, allowed_lateness: P0D }",
                        "windows: { size: month, allowed_lateness: P1D }")));
        // Parallelism 1: one window task sees every watermark as it comes (checked: without the held final row this
        // run gives two final rows, the first with both claims pending).
        Outputs out = run(late, 1, false, ImpactPipeline.Settings.forLive(Duration.ZERO).withWatermarkPerRecord(),
                List.of("D3,1,2024-01-31T08:00:00Z,AZE,PAK,100630,600,USD,TEST-PTA,300,kg",
                        "D4,1,2024-01-31T09:00:00Z,AZE,PAK,100630,300,USD,TEST-PTA,150,kg",
                        // past January's end, not past January 31st's allocation (the end of the day + 1 day)
                        "E1,1,2024-02-01T10:00:00Z,AZE,IND,100630,100,USD,,,",
                        // past it: January 31st is allocated (in full), then January's final row
                        "E2,1,2024-02-02T10:00:00Z,AZE,IND,100630,100,USD,,,"),
                null, null);
        List<ImpactRow> finals = out.rows.stream().filter(r -> r.finalRow && r.key.hs6().equals("100630")
                && r.key.beneficiary().equals("PAK") && r.windowStart == day("2024-01-01") * 86_400_000L)
                .collect(Collectors.toList());
        assertEquals(1, finals.size(), "one final row: " + finals);
        assertEquals(usd("900"), finals.get(0).sums.preferentialValue);
        assertEquals(0, finals.get(0).sums.dutyStatutory);
    }

    @Test
    void aLiveClaimAfterItsDayWasAllocatedIsLate() throws Exception {
        Outputs out = run(scenario, 1, false, ImpactPipeline.Settings.forLive(Duration.ZERO).withWatermarkPerRecord(),
                List.of("D1,1,2024-01-10T09:00:00Z,AZE,PAK,100630,400,USD,TEST-PTA,200,kg",
                        "D2,1,2024-01-11T09:00:00Z,AZE,PAK,100630,400,USD,TEST-PTA,200,kg",
                        // Day 1 was allocated when D2 moved the watermark past its end; its window is still open.
                        "D0,1,2024-01-10T20:00:00Z,AZE,PAK,100630,400,USD,TEST-PTA,200,kg",
                        // A record that is not on a quota line of the same day is still on time.
                        "R1,1,2024-01-10T20:00:00Z,AZE,IND,100630,400,USD,,,"),
                null, null);
        assertEquals(List.of("D0"), out.late.stream().map(l -> l.declarationId).collect(Collectors.toList()));
        assertEquals(day("2024-01-10") * 86_400_000L, out.late.get(0).windowStart, "the day whose allocation passed");
        ImpactRow rice = out.finalRow("100630");
        assertEquals(usd("800"), rice.sums.valueBeneficiary);
        assertEquals(usd("400"), rice.sums.valueOthers);
    }

    // ---- running the job ------------------------------------------------------------------------------------

    /** Every output of a run, by kind. */
    record Outputs(List<ImpactRow> rows, List<QuotaStatus> quotas, List<RejectedRecord> rejected,
            List<LateRecord> late) {
        /** One line per quota status in day order: what a reader of quotas.csv checks. */
        List<String> quotaDays() {
            return quotas.stream().sorted((a, b) -> Long.compare(a.day, b.day))
                    .map(q -> q.dayDate() + " requested " + org.ptaflow.scenario.Quota.fromMilli(q.requestedMilli)
                            + " allocated " + org.ptaflow.scenario.Quota.fromMilli(q.allocatedMilli)
                            + " balance " + org.ptaflow.scenario.Quota.fromMilli(q.balanceMilli) + " fill " + q.fill
                            + " " + q.status + " " + (q.exhausted() ? q.exhaustedOn().toString() : "-"))
                    .collect(Collectors.toList());
        }

        /** The last final row of the beneficiary PAK on this HS6. */
        ImpactRow finalRow(String hs6) {
            ImpactRow found = null;
            for (ImpactRow r : rows) {
                if (r.finalRow && r.key.hs6().equals(hs6) && r.key.beneficiary().equals("PAK")) {
                    found = r;
                }
            }
            if (found == null) {
                throw new AssertionError("no final row for " + hs6 + " in " + rows);
            }
            return found;
        }

        Map<String, String> rejectedByDeclaration() {
            Map<String, String> byDeclaration = new TreeMap<>();
            rejected.forEach(r -> byDeclaration.put(r.originalText.split(",")[0], r.reason));
            return byDeclaration;
        }
    }

    /** One of the outputs, tagged, so that one collect brings them all back. A Flink POJO. */
    public static class Tagged {
        public ImpactRow impact;
        public QuotaStatus quota;
        public RejectedRecord rejected;
        public LateRecord late;

        public Tagged() {}
    }

    static Outputs run(Scenario scenario, int parallelism, boolean batch, ImpactPipeline.Settings settings,
            List<String> records, TariffAmendment amendment, UnaryOperator<DataStream<CustomsRecord>> afterParse)
            throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(parallelism);
        if (batch) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        }
        List<SourceLine> lines = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            lines.add(SourceLine.csv("records.csv", i + 2, HEADER, records.get(i)));
        }
        DataStream<SourceLine> source = env.fromData(lines).setParallelism(1);
        DataStream<TariffAmendment> amendments = amendment == null ? null
                : env.fromData(List.of(amendment), org.apache.flink.api.common.typeinfo.TypeInformation.of(
                        TariffAmendment.class)).setParallelism(1);
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(source, amendments, List.of(scenario), settings,
                afterParse == null ? UnaryOperator.identity() : afterParse);
        DataStream<Tagged> all = outputs.impactRows().map(r -> {
            Tagged t = new Tagged();
            t.impact = r;
            return t;
        }).union(outputs.quotaStatus().map(q -> {
            Tagged t = new Tagged();
            t.quota = q;
            return t;
        }), outputs.rejected().map(r -> {
            Tagged t = new Tagged();
            t.rejected = r;
            return t;
        }), outputs.late().map(l -> {
            Tagged t = new Tagged();
            t.late = l;
            return t;
        }));
        List<Tagged> collected = new ArrayList<>();
        try (CloseableIterator<Tagged> it = all.executeAndCollect("quota pipeline test")) {
            it.forEachRemaining(collected::add);
        }
        return new Outputs(
                collected.stream().filter(t -> t.impact != null).map(t -> t.impact).collect(Collectors.toList()),
                collected.stream().filter(t -> t.quota != null).map(t -> t.quota).collect(Collectors.toList()),
                collected.stream().filter(t -> t.rejected != null).map(t -> t.rejected).collect(Collectors.toList()),
                collected.stream().filter(t -> t.late != null).map(t -> t.late).collect(Collectors.toList()));
    }
}
