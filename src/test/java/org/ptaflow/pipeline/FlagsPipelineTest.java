package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.flags.Flag;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.sinks.FlagColumns;

/**
 * The origin checks in the whole job (contract §4 flags.csv) on hand-built records of the whole-job scenario (AZE
 * grants PAK and TUR rice at 0, PAK linen at a line rate of 10 % against 20 % MFN from 15 February 2024):
 * <ul>
 *   <li>consignment: C1, PAK linen claimed and consigned from ARE (not a party) is flagged; C2 consigned from TUR (a
 *       beneficiary: a party), C3 from ARE without a claim, C4 from AZE (the importer) are not;</li>
 *   <li>partner_shift: AZE's rice (100630) from PAK and IND, 50/50 in January to March 2024, then 80/20 in April:
 *       PAK's share 0.8 is 0.3 above its average 0.5 (more than 0.2) while IND's 0.2 fell below its 0.5: flagged,
 *       value 80. The decoy line 100620, 50/50 then 65/35, rises by 0.15 only: not flagged. The linen line has
 *       imports in one month only (fewer than 3 months of history): not evaluated.</li>
 * </ul>
 * The same flags at parallelism 1 and 2, streaming and BATCH, and in a live run.
 */
class FlagsPipelineTest {
    static final String HEADER = "declaration_id,item_no,registered_at,importer,origin,hs_code,customs_value,"
            + "currency,preference,consignment";

    static final List<String> RECORDS = List.of(
            "R1,1,2024-01-10,AZE,PAK,10063010,50,USD,,", "R2,1,2024-01-11,AZE,IND,10063010,50,USD,,",
            "R3,1,2024-02-10,AZE,PAK,10063010,50,USD,,", "R4,1,2024-02-11,AZE,IND,10063010,50,USD,,",
            "R5,1,2024-03-10,AZE,PAK,10063010,50,USD,,", "R6,1,2024-03-11,AZE,IND,10063010,50,USD,,",
            "R7,1,2024-04-10,AZE,PAK,10063010,80,USD,,", "R8,1,2024-04-11,AZE,IND,10063010,20,USD,,",
            "S1,1,2024-01-12,AZE,PAK,10062010,50,USD,,", "S2,1,2024-01-13,AZE,IND,10062010,50,USD,,",
            "S3,1,2024-02-12,AZE,PAK,10062010,50,USD,,", "S4,1,2024-02-13,AZE,IND,10062010,50,USD,,",
            "S5,1,2024-03-12,AZE,PAK,10062010,50,USD,,", "S6,1,2024-03-13,AZE,IND,10062010,50,USD,,",
            "S7,1,2024-04-12,AZE,PAK,10062010,65,USD,,", "S8,1,2024-04-13,AZE,IND,10062010,35,USD,,",
            "C1,1,2024-06-10,AZE,PAK,63026000,1000,USD,TEST-PTA,ARE",
            "C2,1,2024-06-11,AZE,PAK,63026000,1000,USD,TEST-PTA,TUR",
            "C3,1,2024-06-12,AZE,PAK,63026000,1000,USD,,ARE",
            "C4,1,2024-06-13,AZE,PAK,63026000,1000,USD,TEST-PTA,AZE");

    @TempDir
    static Path dir;

    static Scenario scenario;

    @BeforeAll
    static void loadScenario() throws Exception {
        scenario = ScenarioLoader.load(java.nio.file.Files.writeString(dir.resolve("flags.yaml"),
                WholeJobScenario.copyInto(dir)));
    }

    @Test
    void theFlagsAreTheHandCountsInEveryModeAndParallelism() throws Exception {
        for (int parallelism : new int[] {1, 2}) {
            for (boolean batch : new boolean[] {false, true}) {
                check(run(parallelism, batch, ImpactPipeline.Settings.forBacktest()),
                        "p" + parallelism + (batch ? " batch" : " streaming"));
            }
        }
        check(run(2, false, ImpactPipeline.Settings.forLive(Duration.ofHours(1)).withWatermarkPerRecord()), "live");
    }

    private static void check(List<Flag> flags, String run) {
        flags.sort(FlagColumns.ORDER);
        assertEquals(2, flags.size(), run + " " + flags);
        Flag shift = flags.get(0);
        assertEquals(List.of("test-pta", "", "", "2024-04-01T00:00:00Z", "AZE", "PAK", "", "100630", "80",
                "partner_shift"), List.of(FlagColumns.values(shift)).subList(0, 10), run);
        // The shares by hand: PAK 0.8 in April against an average of 0.5; IND 0.2 against 0.5.
        assertTrue(shift.detail.contains("0.8") && shift.detail.contains("0.5") && shift.detail.contains("IND"),
                run + " " + shift.detail);
        Flag consignment = flags.get(1);
        assertEquals(List.of("test-pta", "C1", "1", "2024-06-10T00:00:00Z", "AZE", "PAK", "ARE", "63026000", "1000",
                "consignment"), List.of(FlagColumns.values(consignment)).subList(0, 10), run);
    }

    static List<Flag> run(int parallelism, boolean batch, ImpactPipeline.Settings settings) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create();
        env.setParallelism(parallelism);
        if (batch) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        }
        // In time order, so that a live run's per-record watermark makes nothing late.
        List<String> sorted = new ArrayList<>(RECORDS);
        sorted.sort(java.util.Comparator.comparing(r -> r.split(",")[2]));
        List<SourceLine> lines = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            lines.add(SourceLine.csv("records.csv", i + 2, HEADER, sorted.get(i)));
        }
        ImpactPipeline.Outputs outputs = ImpactPipeline.build(env.fromData(lines).setParallelism(1), null,
                List.of(scenario), settings);
        List<Flag> flags = new ArrayList<>();
        try (CloseableIterator<Flag> it = outputs.flags().executeAndCollect("flags pipeline test")) {
            it.forEachRemaining(flags::add);
        }
        return flags;
    }
}
