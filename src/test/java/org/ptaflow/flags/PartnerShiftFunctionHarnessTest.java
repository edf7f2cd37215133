package org.ptaflow.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.flags.FlagFixtures.USD;
import static org.ptaflow.flags.FlagFixtures.at;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.scenario.ScenarioException;

/**
 * {@link PartnerShiftFunction} under Flink's keyed harness: months evaluated when the watermark passes their end,
 * not before; a late record's month not evaluated again; old months dropped and the line's state and timers gone a
 * year after its last import.
 */
class PartnerShiftFunctionHarnessTest {
    private static final String LINE = "flags|PAK|100630";

    @TempDir
    Path dir;

    /** A live run's function over the fixture scenario (allowed lateness P0D unless {@code extra} says). */
    private KeyedOneInputStreamOperatorTestHarness<String, OriginImport, Flag> harness(String extra)
            throws Exception {
        PartnerShiftFunction function = new PartnerShiftFunction(List.of(FlagFixtures.scenario(dir, extra)), true);
        KeyedOneInputStreamOperatorTestHarness<String, OriginImport, Flag> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                        PartnerShiftFunction.BY_LINE, Types.STRING);
        h.open();
        return h;
    }

    private static void rice(KeyedOneInputStreamOperatorTestHarness<String, OriginImport, Flag> h, String origin,
            long usd, String iso) throws Exception {
        long t = at(iso);
        h.processElement(new StreamRecord<>(new OriginImport("flags", "PAK", "100630", origin, t, usd * USD), t));
    }

    /** The months the line holds in state, as {@code YYYY-MM}. */
    private static TreeSet<String> monthsInState(KeyedOneInputStreamOperatorTestHarness<String, OriginImport, Flag> h)
            throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(LINE);
        MapState<Integer, MonthImports> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, PartnerShiftFunction.MONTHS);
        TreeSet<String> months = new TreeSet<>();
        for (int m : state.keys()) {
            months.add(java.time.LocalDate.ofEpochDay(PartnerShift.monthStart(m) / 86_400_000L).toString()
                    .substring(0, 7));
        }
        return months;
    }

    @Test
    void aMonthIsEvaluatedWhenTheWatermarkPassesItsEnd() throws Exception {
        try (var h = harness("")) {
            // Jan–Mar 2024: AZE 100 and CHN 300 a month (AZE's share 0.25), two records in March.
            for (String m : List.of("2024-01", "2024-02")) {
                rice(h, "AZE", 100, m + "-10T08:00:00Z");
                rice(h, "CHN", 300, m + "-12T08:00:00Z");
            }
            rice(h, "CHN", 100, "2024-03-02T08:00:00Z");
            rice(h, "AZE", 100, "2024-03-10T08:00:00Z");
            rice(h, "CHN", 200, "2024-03-20T08:00:00Z");
            h.processWatermark(at("2024-03-31T23:59:59.999Z"));
            assertTrue(h.extractOutputValues().isEmpty(), "too little history for Jan–Mar");
            // April: AZE 500 and 100, CHN 400: AZE 600 of 1000 = 0.6 against 0.25 (jump 0.35); CHN 0.4 against 0.75.
            rice(h, "AZE", 500, "2024-04-05T08:00:00Z");
            rice(h, "CHN", 400, "2024-04-06T08:00:00Z");
            rice(h, "AZE", 100, "2024-04-30T23:00:00Z");
            h.processWatermark(at("2024-04-30T23:59:59.998Z"));
            assertTrue(h.extractOutputValues().isEmpty(), "April is still open");
            h.processWatermark(at("2024-04-30T23:59:59.999Z"));
            List<Flag> flags = h.extractOutputValues();
            assertEquals(1, flags.size(), flags.toString());
            Flag f = flags.get(0);
            assertEquals("AZE", f.origin);
            assertEquals(at("2024-04-01T00:00:00Z"), f.registeredAt);
            assertEquals(600 * USD, f.valueMicros);
            assertEquals("AZE share 0.6 against its average 0.25 over 3 months (jump 0.35 > 0.2); "
                    + "CHN 0.4 below its average 0.75", f.detail);
        }
    }

    @Test
    void aLateRecordCountsInLaterHistoryButItsClosedMonthIsNotEvaluatedAgain() throws Exception {
        try (var h = harness("")) {
            for (String m : List.of("2024-01", "2024-02", "2024-03")) {
                rice(h, "AZE", 100, m + "-10T08:00:00Z");
                rice(h, "CHN", 100, m + "-12T08:00:00Z");
            }
            // April as March: nothing to flag when it closes.
            rice(h, "AZE", 100, "2024-04-10T08:00:00Z");
            rice(h, "CHN", 100, "2024-04-12T08:00:00Z");
            h.processWatermark(at("2024-05-01T00:00:00Z"));
            // A late April record of AZE worth 900 would have made April 1000 of 1100; April is decided.
            rice(h, "AZE", 900, "2024-04-20T08:00:00Z");
            h.processWatermark(at("2024-05-02T00:00:00Z"));
            assertTrue(h.extractOutputValues().isEmpty(), "April was evaluated once, when it closed");
            // It counts in May's history: AZE's April share 1000/1100, so its average over Jan–Apr is
            // (0.5 × 3 + 10/11) / 4 ≈ 0.602273; May AZE 900 of 1000 = 0.9: jump ≈ 0.297727 > 0.2.
            rice(h, "AZE", 900, "2024-05-10T08:00:00Z");
            rice(h, "CHN", 100, "2024-05-12T08:00:00Z");
            h.processWatermark(at("2024-06-01T00:00:00Z"));
            List<Flag> flags = h.extractOutputValues();
            assertEquals(1, flags.size(), flags.toString());
            assertTrue(flags.get(0).detail.startsWith("AZE share 0.9 against its average 0.602273 over 4 months "
                    + "(jump 0.297727 > 0.2)"), flags.get(0).detail);
        }
    }

    @Test
    void monthsOutOfEveryLaterHistoryAreDroppedAndTheLineIsClearedAYearAfterItsLastImport() throws Exception {
        try (var h = harness("")) {
            rice(h, "CHN", 100, "2023-01-10T08:00:00Z");
            rice(h, "CHN", 100, "2023-06-10T08:00:00Z");
            rice(h, "CHN", 100, "2024-01-10T08:00:00Z");
            h.processWatermark(at("2023-12-31T23:59:59.999Z"));
            assertEquals(new TreeSet<>(List.of("2023-01", "2023-06", "2024-01")), monthsInState(h));
            // When January 2024 closes, January 2023 (12 months before) is out of every later month's history.
            h.processWatermark(at("2024-01-31T23:59:59.999Z"));
            assertEquals(new TreeSet<>(List.of("2023-06", "2024-01")), monthsInState(h));
            assertEquals(1, h.numEventTimeTimers(), "one timer left: the clearing 12 months after January 2024");
            // The end of January 2025: nothing of the line is needed any more.
            h.processWatermark(at("2025-01-31T23:59:59.999Z"));
            assertEquals(new TreeSet<>(), monthsInState(h));
            assertEquals(0, h.numKeyedStateEntries(), "no state left behind");
            assertEquals(0, h.numEventTimeTimers(), "no timer left behind");
            assertTrue(h.extractOutputValues().isEmpty());
            // A record of the cleared past, too old for any month still to come, is dropped.
            rice(h, "AZE", 100, "2024-01-20T08:00:00Z");
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void inALiveRunAMonthWaitsForTheScenariosAllowedLateness() throws Exception {
        try (var h = harness("windows: { size: month, allowed_lateness: P7D }\n")) {
            for (String m : List.of("2024-01", "2024-02", "2024-03")) {
                rice(h, "AZE", 100, m + "-10T08:00:00Z");
                rice(h, "CHN", 100, m + "-12T08:00:00Z");
            }
            rice(h, "AZE", 100, "2024-04-10T08:00:00Z");
            rice(h, "CHN", 100, "2024-04-12T08:00:00Z");
            h.processWatermark(at("2024-05-03T00:00:00Z"));
            assertTrue(h.extractOutputValues().isEmpty(), "April waits until May 7 ends its lateness");
            // Three days late, within P7D: the join accepts it and April's impact rows count it; so does April here.
            // April: AZE 1000 of 1100 = 0.909091 against 0.5 (jump 0.409091); CHN 0.090909 against 0.5.
            rice(h, "AZE", 900, "2024-04-28T08:00:00Z");
            h.processWatermark(at("2024-05-07T23:59:59.998Z"));
            assertTrue(h.extractOutputValues().isEmpty());
            h.processWatermark(at("2024-05-07T23:59:59.999Z"));
            List<Flag> flags = h.extractOutputValues();
            assertEquals(1, flags.size(), flags.toString());
            assertEquals(at("2024-04-01T00:00:00Z"), flags.get(0).registeredAt);
            assertEquals(1000 * USD, flags.get(0).valueMicros);
            assertEquals("AZE share 0.909091 against its average 0.5 over 3 months (jump 0.409091 > 0.2); "
                    + "CHN 0.090909 below its average 0.5", flags.get(0).detail);
            // The line is cleared 12 months after April's close, lateness included.
            h.processWatermark(at("2025-05-07T23:59:59.999Z"));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void withWeeklyWindowsAMonthAlsoWaitsForTheWeekThatHoldsItsLastDay() throws Exception {
        // The join accepts a record until its week's window closes: April 30, 2024 is a Tuesday, its ISO week ends
        // Sunday May 5; with P1D lateness the join takes April records until May 6 ends. 6 days + 1 day after April.
        assertEquals(7 * 86_400_000L, PartnerShiftFunction.closingDelay(
                FlagFixtures.scenario(dir, "windows: { size: week, allowed_lateness: P1D }\n")));
        assertEquals(0L, PartnerShiftFunction.closingDelay(
                FlagFixtures.scenario(dir, "windows: { size: day }\n")));
    }

    @Test
    void everyLineOfEveryScenarioHasItsOwnMonths() throws Exception {
        try (var h = harness("")) {
            for (String m : List.of("2024-01", "2024-02", "2024-03")) {
                rice(h, "AZE", 100, m + "-10T08:00:00Z");
                rice(h, "CHN", 100, m + "-12T08:00:00Z");
            }
            // Linen, another line of the same importer: TUR ships 900 there. Counted in the rice line it would be a
            // jump of TUR's share from 0 to 900/1100 while CHN's fell; on its own line it has no history.
            long t = at("2024-04-10T08:00:00Z");
            h.processElement(new StreamRecord<>(new OriginImport("flags", "PAK", "630260", "TUR", t, 900 * USD), t));
            rice(h, "AZE", 100, "2024-04-11T08:00:00Z");
            rice(h, "CHN", 100, "2024-04-12T08:00:00Z");
            h.processWatermark(at("2024-05-01T00:00:00Z"));
            assertTrue(h.extractOutputValues().isEmpty());
        }
    }
}
