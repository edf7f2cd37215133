package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.sinks.JobOutput;

/**
 * Border taxes through the whole job at parallelism 2: the whole-job scenario (test-pta) with AZE's taxes of
 * economics.md §6 — an excise of 12 AZN per litre on spirits (2208), on [quantity], and VAT 18 % on [value,
 * customs_duty, excise]. January rice is case A+ (case A of §4 with an 18 % tax on value and duty); a record carries
 * {@code vat_collected}; a spirits record without quantity is rejected {@code no_tax_base}. Records in reverse give
 * the same sums to the micro-dollar.
 */
class TaxPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path dir;

    static Scenario scenario;

    static final String HEADER = "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,"
            + "currency,preference,quantity,unit,vat_collected,duty_collected";

    static final List<String> RECORDS = List.of(
            "D1,1,2024-01-05,AZE,PAK,10063010,10,USD,TEST-PTA,,,1.80,0",
            "D2,1,2024-01-06,AZE,IND,100630,90,USD,,,,,",
            // spirits: MFN 15 %, excise 12 AZN × 0.5 USD × 4 litres = 24 USD; without quantity, no_tax_base.
            "D3,1,2024-01-07,AZE,PAK,22083000,100,USD,,4,LITRE,,",
            "D4,1,2024-01-08,AZE,PAK,22083000,100,USD,,,,,");

    @BeforeAll
    static void writeScenario() throws Exception {
        String base = WholeJobScenario.copyInto(dir);
        Files.writeString(dir.resolve("aze-excise.csv"),
                "hs_prefix,rate,unit,currency,valid_from,valid_to\n2208,12,litre,AZN,2020-01-01,\n");
        Files.writeString(dir.resolve("aze-vat.csv"), "hs_prefix,rate,valid_from,valid_to\n10,18,2020-01-01,\n"
                + "22,18,2020-01-01,\n");
        Files.writeString(dir.resolve("mfn.csv"), Files.readString(dir.resolve("mfn.csv"))
                + "AZE,2208,15,2020-01-01,\n");
        String yaml = base + """
                taxes:
                  AZE:
                    - { name: excise, rates: aze-excise.csv, base: [quantity] }
                    - { name: vat, rates: aze-vat.csv, base: [value, customs_duty, excise] }
                """;
        scenario = ScenarioLoader.load(Files.writeString(dir.resolve("taxed.yaml"), yaml));
    }

    private static long usd(String amount) {
        return Money.toMicros(new BigDecimal(amount));
    }

    @Test
    void taxedRowsAreTheHandComputedOnesInAnyRecordOrder() throws Exception {
        List<JobOutput> outputs = run(RECORDS);
        Map<String, ImpactRow> rows = rows(outputs);
        ImpactRow rice = rows.get("100630");
        assertArrayEquals(new String[] {"excise", "vat"}, rice.taxNames);
        // VAT 18 % of 10 + 2 at MFN, of 10 at the rate 0; others 18 % of 90 + 18.
        assertArrayEquals(new long[] {0, usd("2.16")}, rice.sums.taxAtMfn);
        assertArrayEquals(new long[] {0, usd("1.8")}, rice.sums.taxStatutory);
        assertArrayEquals(new long[] {0, usd("1.8")}, rice.sums.taxFullPreference);
        assertArrayEquals(new long[] {0, usd("19.44")}, rice.sums.othersTaxAtMfn);
        assertArrayEquals(new long[] {0, usd("1.8")}, rice.sums.taxCollected);
        assertArrayEquals(new long[] {0, 1}, rice.sums.taxCollectedRecords);
        assertEquals(0, rice.sums.dutyCollected);
        assertEquals(1, rice.sums.dutyCollectedRecords, "a collected 0 is carried, unlike an empty field");
        assertEquals(usd("2.36"), rice.totalRevenueForgone(), "duty 2 + VAT 0.36");
        assertEquals(0.0109756, rice.taxRevenueChange[1], 1e-7);
        assertEquals(-2.4280488, rice.totalRevenueChange, 1e-7);

        ImpactRow spirits = rows.get("220830");
        // Duty 15; excise 24; VAT 18 % of 100 + 15 + 24 = 25.02. No concession: statutory as at MFN.
        assertEquals(1, spirits.sums.records);
        assertArrayEquals(new long[] {usd("24"), usd("25.02")}, spirits.sums.taxAtMfn);
        assertArrayEquals(new long[] {usd("24"), usd("25.02")}, spirits.sums.taxStatutory);
        assertEquals(0, spirits.totalRevenueForgone());

        Map<String, String> rejected = new TreeMap<>();
        outputs.stream().filter(o -> o.rejected != null)
                .forEach(o -> rejected.put(o.rejected.originalText.split(",")[0], o.rejected.reason));
        assertEquals(Map.of("D4", "no_tax_base"), rejected);

        List<String> reversed = new ArrayList<>(RECORDS);
        Collections.reverse(reversed);
        Map<String, ImpactRow> again = rows(run(reversed));
        assertEquals(rice.sums, again.get("100630").sums);
        assertEquals(spirits.sums, again.get("220830").sums);
    }

    private static Map<String, ImpactRow> rows(List<JobOutput> outputs) {
        Map<String, ImpactRow> rows = new TreeMap<>();
        outputs.stream().filter(o -> o.impact != null && o.impact.finalRow)
                .forEach(o -> rows.put(o.impact.key.hs6(), o.impact));
        return rows;
    }

    private static List<JobOutput> run(List<String> records) throws Exception {
        return ImpactPipelineTest.run(scenario, HEADER, ImpactPipeline.Settings.forBacktest(), records);
    }
}
