package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.pipeline.TransitPipelineTest;
import org.ptaflow.sinks.FlagColumns;
import org.ptaflow.sinks.TransitAlertColumns;
import org.ptaflow.sinks.TransitColumns;

/**
 * {@code backtest --transit-input} (contract §5) end to end: the hand-worked movements of {@link TransitPipelineTest}
 * through the command line, into transit.csv, transit-alerts.csv, rejected.csv and the summary's transit identity.
 */
class TransitCommandTest {
    @TempDir
    Path dir;

    @Test
    void backtestWritesTheTransitFilesAndAccountsForEveryEvent() throws Exception {
        Path scenario = TransitPipelineTest.writeScenario(dir.resolve("scenario"));
        Path records = Files.writeString(dir.resolve("records.csv"), TransitPipelineTest.RECORDS_HEADER + "\n"
                + "D1,1,2025-03-05,PAK,AZE,31021000,100,USD,TEST-PTA,,\n");
        Path events = Files.writeString(dir.resolve("movements.csv"),
                TransitPipelineTest.HEADER + "\n" + String.join("\n", TransitPipelineTest.EVENTS) + "\n");
        Path out = dir.resolve("out");
        Cli r = Cli.run("backtest", "--scenario", scenario.toString(), "--input", records.toString(),
                "--transit-input", events.toString(), "--out", out.toString(), "-D", "parallelism.default=2");
        assertEquals(0, r.status(), r.toString());

        List<String> expected = new ArrayList<>();
        expected.add(TransitColumns.header());
        expected.addAll(TransitPipelineTest.expectedRows());
        assertEquals(expected, Files.readAllLines(out.resolve("transit.csv")));
        List<String> alerts = Files.readAllLines(out.resolve("transit-alerts.csv"));
        assertEquals(TransitAlertColumns.header(), alerts.get(0));
        assertEquals(List.of("M7,orphan", "M4,overdue", "M4,late_exit"),
                alerts.subList(1, alerts.size()).stream().map(l -> l.substring(0, l.indexOf(',', 3))).toList());
        assertTrue(Files.readString(out.resolve("rejected.csv")).contains("movements.csv,9,,bad_mode"),
                Files.readString(out.resolve("rejected.csv")));
        assertEquals(FlagColumns.header(), Files.readAllLines(out.resolve("flags.csv")).get(0));

        // 13 events: 10 accepted + 1 rejected + 1 duplicate + 1 out of scope (TransitPipelineTest's hand count).
        JsonNode transit = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("transit");
        assertEquals(13, transit.get("read").asLong());
        JsonNode counts = transit.get("scenarios").get("test-pta");
        assertEquals(10, counts.get("accepted").asLong());
        assertEquals(1, counts.get("rejected").asLong());
        assertEquals(1, counts.get("duplicates").asLong());
        assertEquals(1, counts.get("out_of_scope").asLong());
        assertEquals(0, counts.get("unaccounted").asLong());
        assertEquals(1, counts.get("alerts").get("orphan").asLong());
        assertEquals(1, counts.get("alerts").get("overdue").asLong());
        assertEquals(1, counts.get("alerts").get("late_exit").asLong());
        assertTrue(transit.get("reconciles").asBoolean());
    }

    @Test
    void transitEventsWithoutATransitScenarioAreBadUsage() throws Exception {
        Path events = Files.writeString(dir.resolve("movements.csv"), TransitPipelineTest.HEADER + "\n");
        Path records = Files.writeString(dir.resolve("records.csv"), TransitPipelineTest.RECORDS_HEADER + "\n");
        Cli r = Cli.run("backtest", "--scenario", "scenarios/pk-az-full-liberalisation.yaml", "--input", records.toString(),
                "--transit-input", events.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--transit-input needs a scenario with a transit: section"), r.err());
    }
}
