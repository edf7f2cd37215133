package org.ptaflow.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.flags.Flag;
import org.ptaflow.sinks.FlagColumns;
import org.ptaflow.sinks.OutputJson;
import org.ptaflow.sinks.TransitAlertColumns;
import org.ptaflow.sinks.TransitColumns;
import org.ptaflow.transit.AlertKind;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;
import org.ptaflow.transit.TransportMode;

/**
 * The Transit view and the Flags table from hand-made files, as a live run writes them: {@code transit.csv} with
 * every row as it came (a key's later row replaces the earlier; a key that emptied ends with a row of 0 movements),
 * {@code transit-alerts.csv} and {@code flags.csv} with their free text quoted. The expected figures are worked by
 * hand in the comments. The browser test ({@code DashboardBrowserTest}) shows the same files on the page.
 */
public class TransitViewTest {
    static final String FEB = "2025-02-01T00:00:00Z,2025-03-01T00:00:00Z";
    static final String MAR = "2025-03-01T00:00:00Z,2025-04-01T00:00:00Z";
    /** An office of exit that is markup: the page must show it as text. */
    public static final String HOSTILE_OFFICE = "<img src=x onerror=window.__pwned=4>";
    /** An alert's detail with markup, a comma and quotes (so quoted in the CSV), as it reads once parsed. */
    public static final String HOSTILE_DETAIL = "<img src=x onerror=\"window.__pwned=5\">, hostile";
    public static final String HOSTILE_FLAG_DETAIL = "<script>window.__pwned=6</script> share 0.55 against 0.20";

    /**
     * {@code transit.csv} of a live run, in the order the rows came. March, scenario pk-az: the open row of
     * PKKHI road (3 movements, then 2 once one exited to PKTOR), PKQCT sea's open row (1 movement, then 0: it moved
     * to PKQCT → PKTOR), the air corridor Islamabad → Baku, and a road corridor from Gwadar to a hostile office.
     * February: one corridor row. A row of another scenario.
     */
    public static final List<String> TRANSIT_CSV = List.of(TransitColumns.header(),
            "pk-az," + FEB + ",PKKHI,PKTOR,road,inbound,CHN,AZE,4,400000,40000.000,4,30.000000,44.000000,0,0,0",
            "pk-az," + MAR + ",PKKHI,,road,inbound,CHN,AZE,3,300000,30000.000,0,,,0,45000,20000",
            "pk-az," + MAR + ",PKQCT,,sea,inbound,CHN,AZE,1,999999,8000.000,0,,,0,150000,0",
            "pk-az," + MAR + ",PKISB,AZBAK,air,outbound,PAK,AZE,2,50000.5,400.250,2,5.250000,7.750000,0,0,0",
            "pk-az," + MAR + ",PKKHI,PKTOR,road,inbound,CHN,AZE,1,100000,10000.000,1,40.500000,40.500000,0,0,0",
            "pk-az," + MAR + ",PKKHI,,road,inbound,CHN,AZE,2,200000,20000.000,0,,,1,30000,10000",
            "pk-az," + MAR + ",PKQCT,,sea,inbound,CHN,AZE,0,0,0.000,0,,,0,0,0",
            "pk-az," + MAR + ",PKQCT,PKTOR,sea,inbound,CHN,AZE,1,999999,8000.000,1,72.000000,72.000000,0,0,0",
            "pk-az," + MAR + ",PKGWD," + HOSTILE_OFFICE
                    + ",road,other,CHN,AFG,1,1234.567891,5.000,1,60.000000,60.000000,1,0,0",
            "pk-lk," + MAR + ",LKCMB,,sea,other,IND,MDV,5,5000000,1.000,0,,,0,1000,0");

    /** {@code transit-alerts.csv}: an orphan, two overdue (one with a hostile detail, quoted), a late exit. */
    public static final List<String> ALERTS_CSV = List.of(TransitAlertColumns.header(),
            "MRN-9,orphan,2025-03-02T00:00:00Z,PKTOR,,,,,exit without departure",
            "MRN-1,overdue,2025-03-05T12:00:00Z,PKKHI,road,CHN,AZE,100000,\"no exit by the deadline, road 96 h\"",
            "MRN-4,overdue,2025-03-06T00:00:00Z,PKGWD,road,CHN,AFG,1234.567891,"
                    + "\"<img src=x onerror=\"\"window.__pwned=5\"\">, hostile\"",
            "MRN-4,late_exit,2025-03-07T00:00:00Z," + HOSTILE_OFFICE
                    + ",road,CHN,AFG,1234.567891,exited 24 h after its deadline");

    /** {@code flags.csv}: pk-az's partner shift (a month: no declaration) and a consignment break; one of pk-lk. */
    public static final List<String> FLAGS_CSV = List.of(FlagColumns.header(),
            "pk-az,,,2025-03-01T00:00:00Z,AZE,PAK,,100630,80000,partner_shift," + HOSTILE_FLAG_DETAIL,
            "pk-az,D-100,1,2025-03-03T09:00:00Z,AZE,PAK,ARE,1006300000,25000.5,consignment,"
                    + "\"consigned from ARE, not a party\"",
            "pk-lk,D-7,2,2025-03-04T00:00:00Z,LKA,PAK,ARE,0902100000,10,consignment,other scenario");

    /** Writes the three files into an output folder. */
    public static void writeFiles(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("transit.csv"), TRANSIT_CSV, StandardCharsets.UTF_8);
        Files.write(dir.resolve("transit-alerts.csv"), ALERTS_CSV, StandardCharsets.UTF_8);
        Files.write(dir.resolve("flags.csv"), FLAGS_CSV, StandardCharsets.UTF_8);
    }

    @TempDir
    Path tmp;

    static ImpactRowsStore read(Path dir) {
        ImpactRowsStore store = new ImpactRowsStore();
        new OutputFolderRows(dir, store).poll();
        return store;
    }

    /**
     * March of pk-az, from the latest row of each key (PKKHI's open row at 2 movements, PKQCT's emptied one left
     * out): movements 2 + 1 + 2 + 1 + 1 = 7; declared value 200,000 + 100,000 + 50,000.5 + 1,234.567891 + 999,999
     * = 1,351,234.067891 → 1,351,234; mass 20,000 + 10,000 + 400.25 + 5 + 8,000 = 38,405.25 kg → 38,405; exited
     * 0 + 1 + 2 + 1 + 1 = 5; overdue 1 + 1 = 2; open exposure 30,000 against guarantees 10,000: 20,000 uncovered.
     * By mode: road 2 + 1 + 1 = 4 movements worth 301,234.567891 → 301,235, exited 2, overdue 2; air 2 worth
     * 50,000.5 → 50,000 (half-even); sea 1 worth 999,999.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theTransitViewSumsTheLatestRowOfEachKeyByWindowModeAndCorridor() throws Exception {
        writeFiles(tmp);
        ImpactRowsStore store = read(tmp);
        Map<String, Object> v = TransitView.transit(store.transitSnapshot(), store.transitAlertSnapshot(), "pk-az",
                null);

        List<Map<String, String>> windows = (List<Map<String, String>>) v.get("windows");
        assertEquals(List.of("2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"),
                windows.stream().map(w -> w.get("window_start")).toList());
        Map<String, String> march = windows.get(1);
        assertEquals("2025-04-01T00:00:00Z", march.get("window_end"));
        assertEquals("7", march.get("movements"));
        assertEquals("1351234", march.get("declared_value"));
        assertEquals("38405", march.get("gross_mass_kg"));
        assertEquals("5", march.get("exited"));
        assertEquals("2", march.get("overdue"));
        assertEquals("30000", march.get("open_exposure"));
        assertEquals("10000", march.get("guarantee"));
        assertEquals("20000", march.get("exposure_less_guarantee"));
        assertEquals("4", windows.get(0).get("movements"));
        assertEquals("400000", windows.get(0).get("declared_value"));
        assertEquals("0", windows.get(0).get("exposure_less_guarantee"));

        assertEquals("2025-03-01T00:00:00Z", v.get("selected_window"), "the latest window unless one is asked");
        assertEquals(List.of("air", "road", "sea"), v.get("modes"));
        List<Map<String, Object>> byMode = (List<Map<String, Object>>) v.get("by_mode");
        assertEquals(List.of("0", "2"), byMode.get(0).get("movements"), "air: none in February");
        assertEquals(List.of("0", "50000"), byMode.get(0).get("declared_value"));
        assertEquals(List.of("4", "4"), byMode.get(1).get("movements"));
        assertEquals(List.of("400000", "301235"), byMode.get(1).get("declared_value"));
        assertEquals(List.of("0", "1"), byMode.get(2).get("movements"));

        List<Map<String, String>> modes = (List<Map<String, String>>) v.get("selected_by_mode");
        assertEquals(List.of("air", "road", "sea"), modes.stream().map(m -> m.get("mode")).toList());
        assertEquals("50000", modes.get(0).get("declared_value"));
        assertEquals("4", modes.get(1).get("movements"));
        assertEquals("301235", modes.get(1).get("declared_value"));
        assertEquals("2", modes.get(1).get("exited"));
        assertEquals("2", modes.get(1).get("overdue"));
        assertEquals("30000", modes.get(1).get("open_exposure"));
        assertEquals("999999", modes.get(2).get("declared_value"));

        // Over both windows: PKKHI → PKTOR 4 + 1 = 5 movements; then the 2s and the 1s by name. PKQCT's open row
        // emptied: no corridor of it.
        List<Map<String, Object>> corridors = (List<Map<String, Object>>) v.get("corridors");
        assertEquals(List.of("PKKHI → PKTOR", "PKISB → AZBAK", "PKKHI → open or cancelled",
                "PKGWD → " + HOSTILE_OFFICE, "PKQCT → PKTOR"), corridors.stream().map(c -> c.get("corridor")).toList());
        assertEquals(List.of("4", "1"), corridors.get(0).get("movements"));
        assertEquals(List.of("400000", "100000"), corridors.get(0).get("declared_value"));

        // March's rows with exits, by corridor; hours with one decimal, half-even (5.25 → 5.2, 7.75 → 7.8).
        List<Map<String, String>> times = (List<Map<String, String>>) v.get("times");
        assertEquals(List.of("PKGWD → " + HOSTILE_OFFICE, "PKISB → AZBAK", "PKKHI → PKTOR", "PKQCT → PKTOR"),
                times.stream().map(t -> t.get("corridor")).toList());
        assertEquals(List.of("60.0", "5.2", "40.5", "72.0"), times.stream().map(t -> t.get("transit_hours_p50"))
                .toList());
        assertEquals(List.of("60.0", "7.8", "40.5", "72.0"), times.stream().map(t -> t.get("transit_hours_p90"))
                .toList());
        assertEquals("2", times.get(1).get("exited"));

        Map<String, Object> february = TransitView.transit(store.transitSnapshot(), List.of(), "pk-az",
                "2025-02-01T00:00:00Z");
        assertEquals("2025-02-01T00:00:00Z", february.get("selected_window"));
        assertEquals(List.of("30.0"), ((List<Map<String, String>>) february.get("times")).stream()
                .map(t -> t.get("transit_hours_p50")).toList());

        Map<String, Object> other = TransitView.transit(store.transitSnapshot(), List.of(), "pk-lk", null);
        assertEquals("5", ((List<Map<String, String>>) other.get("windows")).get(0).get("movements"),
                "another scenario's rows are its own");
        assertEquals(java.util.Set.of("pk-az", "pk-lk"), store.transitAndFlagScenarios());
    }

    /** The alerts newest first (they name no scenario), the hostile detail unquoted as it was written; counts. */
    @Test
    @SuppressWarnings("unchecked")
    void theLatestAlertsComeNewestFirstWithTheirTextAsWritten() throws Exception {
        writeFiles(tmp);
        ImpactRowsStore store = read(tmp);
        Map<String, Object> v = TransitView.transit(store.transitSnapshot(), store.transitAlertSnapshot(), "pk-az",
                null);
        List<Map<String, String>> alerts = (List<Map<String, String>>) v.get("alerts");
        assertEquals(List.of("late_exit", "overdue", "overdue", "orphan"), alerts.stream().map(a -> a.get("kind"))
                .toList());
        assertEquals(HOSTILE_OFFICE, alerts.get(0).get("office"));
        assertEquals(HOSTILE_DETAIL, alerts.get(1).get("detail"));
        assertEquals("1235", alerts.get(1).get("declared_value"), "1,234.567891 USD in whole USD");
        assertEquals("no exit by the deadline, road 96 h", alerts.get(2).get("detail"));
        assertEquals("", alerts.get(3).get("declared_value"), "an orphan without a value");
        assertEquals(Map.of("late_exit", 1L, "orphan", 1L, "overdue", 2L), v.get("alert_counts"));
        assertEquals(4, v.get("alerts_held"));
    }

    /** pk-az's flags newest first: the consignment break (3 March) then the month's partner shift (1 March). */
    @Test
    @SuppressWarnings("unchecked")
    void theFlagsTableHasTheScenariosLatestFlags() throws Exception {
        writeFiles(tmp);
        ImpactRowsStore store = read(tmp);
        Map<String, Object> v = TransitView.flags(store.flagSnapshot("pk-az"), "pk-az");
        List<Map<String, String>> flags = (List<Map<String, String>>) v.get("flags");
        assertEquals(List.of("consignment", "partner_shift"), flags.stream().map(f -> f.get("rule")).toList());
        Map<String, String> consignment = flags.get(0);
        assertEquals("25000", consignment.get("value_usd"), "25,000.5 half-even");
        assertEquals("ARE", consignment.get("consignment"));
        assertEquals("1006300000", consignment.get("hs_code"));
        assertEquals("D-100", consignment.get("declaration_id"));
        assertEquals("1", consignment.get("item_no"));
        assertEquals("consigned from ARE, not a party", consignment.get("detail"));
        Map<String, String> shift = flags.get(1);
        assertEquals("", shift.get("item_no"), "a month's flag has no item");
        assertEquals("80000", shift.get("value_usd"));
        assertEquals(HOSTILE_FLAG_DETAIL, shift.get("detail"));
        assertEquals(Map.of("consignment", 1L, "partner_shift", 1L), v.get("counts"));
        assertEquals(1, ((List<?>) TransitView.flags(store.flagSnapshot("pk-lk"), "pk-lk").get("flags")).size());
        assertEquals(List.of(), store.flagSnapshot("none"));
    }

    /**
     * A live folder read as it grows: half of transit.csv, then the rest and a record not yet complete (a quoted
     * detail broken by a line break, as a CSV writer may leave it between two flushes); a finished run then rewrites
     * the alerts sorted (a new file): read again from its start, each alert is still held once.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aLiveFolderIsReadAsItGrowsAndARewrittenFileAddsNothingTwice() throws Exception {
        Path transit = tmp.resolve("transit.csv");
        Path alerts = tmp.resolve("transit-alerts.csv");
        Files.write(transit, TRANSIT_CSV.subList(0, 4), StandardCharsets.UTF_8);
        Files.write(alerts, ALERTS_CSV.subList(0, 2), StandardCharsets.UTF_8);
        ImpactRowsStore store = new ImpactRowsStore();
        OutputFolderRows folder = new OutputFolderRows(tmp, store);
        folder.poll();
        Map<String, Object> early = TransitView.transit(store.transitSnapshot(), store.transitAlertSnapshot(),
                "pk-az", null);
        // Rows 2 and 3 of March so far: PKKHI's open row at 3 movements, PKQCT's at 1.
        assertEquals("4", ((List<Map<String, String>>) early.get("windows")).get(1).get("movements"));
        long version = store.version();

        Files.write(transit, TRANSIT_CSV.subList(4, TRANSIT_CSV.size()), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.write(alerts, ALERTS_CSV.subList(2, ALERTS_CSV.size()), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(alerts, "MRN-5,overdue,2025-03-08T00:00:00Z,PKKHI,road,CHN,AZE,1,\"first line\n",
                StandardOpenOption.APPEND);
        folder.poll();
        assertTrue(store.version() > version, "the page is told");
        Map<String, Object> v = TransitView.transit(store.transitSnapshot(), store.transitAlertSnapshot(), "pk-az",
                null);
        assertEquals("7", ((List<Map<String, String>>) v.get("windows")).get(1).get("movements"));
        assertEquals(4, v.get("alerts_held"), "the incomplete record waits");

        Files.writeString(alerts, "second line\"\n", StandardOpenOption.APPEND);
        folder.poll();
        List<DashboardRow> held = store.transitAlertSnapshot();
        assertEquals(5, held.size());
        assertEquals("first line\nsecond line", held.get(0).get("detail"));

        Path sorted = tmp.resolve("sorted.tmp");
        List<String> rewritten = new ArrayList<>(ALERTS_CSV.subList(1, ALERTS_CSV.size()));
        rewritten.add("MRN-5,overdue,2025-03-08T00:00:00Z,PKKHI,road,CHN,AZE,1,\"first line\nsecond line\"");
        java.util.Collections.reverse(rewritten); // another order than the live file's
        rewritten.add(0, ALERTS_CSV.get(0));
        Files.write(sorted, rewritten, StandardCharsets.UTF_8);
        Files.move(sorted, alerts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        folder.poll();
        assertEquals(5, store.transitAlertSnapshot().size(), "read again, held once");
    }

    @Test
    void csvRecordsAreReadWithQuotesAndOnlyWhenComplete() {
        List<String[]> out = new ArrayList<>();
        String text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n,,\n\"open\nstill\n";
        int consumed = OutputFolderRows.csvRecords(text, out);
        assertEquals(2, out.size());
        assertArrayEquals(new String[] {"a", "b, c", "say \"hi\""}, out.get(0));
        assertArrayEquals(new String[] {"", "", ""}, out.get(1));
        assertEquals(text.indexOf("\"open"), consumed, "the open quote's record is read again later");
    }

    /** The latest rows kept, each once; when full the oldest goes, and an older row is not taken back. */
    @Test
    void latestRowsKeepTheNewestEachOnce() {
        LatestRows rows = new LatestRows("at", 2);
        assertTrue(rows.add(alert("A", "2025-03-01T00:00:00Z")));
        assertTrue(rows.add(alert("B", "2025-03-03T00:00:00Z")));
        assertFalse(rows.add(alert("B", "2025-03-03T00:00:00Z")), "the same row again");
        assertTrue(rows.add(alert("C", "2025-03-02T00:00:00Z")));
        assertEquals(List.of("B", "C"), rows.newestFirst().stream().map(r -> r.get("movement_id")).toList());
        assertFalse(rows.add(alert("A", "2025-03-01T00:00:00Z")), "older than every row held");
        assertTrue(rows.add(alert("D", "2025-03-03T00:00:00Z")), "the same instant as B, another row");
        assertEquals(List.of("D", "B"), rows.newestFirst().stream().map(r -> r.get("movement_id")).toList());
    }

    static DashboardRow alert(String movement, String at) {
        return DashboardRow.of(List.of("movement_id", "at"), new String[] {movement, at}, true);
    }

    /**
     * The topics carry the same rows as JSON ({@link OutputJson}): two rows of March (hours as decimals, none
     * without exits: null), an alert without mode or value, a month's flag without item; messages that are not
     * rows are skipped. Movements 1 + 2 = 3, declared value 100,000 + 50,000.5 = 150,000.5 → 150,000.
     */
    @Test
    @SuppressWarnings("unchecked")
    void rowsFromTheTopicsAreTheFilesRows() {
        ImpactRowsStore store = new ImpactRowsStore();
        ImpactTopicRows reader = new ImpactTopicRows(
                new ImpactTopicRows.Connection("unused:9092", "i", "t", "q", new java.util.Properties()), store);
        TransitRow road = transitRow("PKKHI", "PKTOR", "road", 1, 100_000_000_000L, 1, 40.5);
        TransitRow air = transitRow("PKISB", "AZBAK", "air", 2, 50_000_500_000L, 2, 5.25);
        TransitRow open = transitRow("PKKHI", null, "road", 1, 1_000_000L, 0, Double.NaN);
        for (TransitRow r : List.of(road, air, open)) {
            store.acceptTransit(reader.transitRow(bytes(OutputJson.transitRow(r))));
        }
        open.movements = 0; // emptied: its movement moved to the corridor
        store.acceptTransit(reader.transitRow(bytes(OutputJson.transitRow(open))));
        assertNull(reader.transitRow("{\"scenario\":\"pk-az\",\"window_start\":\"soon\",\"office_departure\":\"X\","
                .concat("\"transport_mode\":\"road\",\"movements\":1}").getBytes(StandardCharsets.UTF_8)));
        assertNull(reader.transitRow("not json".getBytes(StandardCharsets.UTF_8)));

        Map<String, Object> v = TransitView.transit(store.transitSnapshot(), List.of(), "pk-az", null);
        Map<String, String> march = ((List<Map<String, String>>) v.get("windows")).get(0);
        assertEquals("3", march.get("movements"));
        assertEquals("150000", march.get("declared_value"));
        assertEquals(List.of("5.2", "40.5"), ((List<Map<String, String>>) v.get("times")).stream()
                .map(t -> t.get("transit_hours_p50")).toList());
        assertEquals(2, ((List<?>) v.get("corridors")).size(), "the emptied open row is left out");

        TransitAlert orphan = new TransitAlert("MRN-9", AlertKind.ORPHAN, Instant.parse("2025-03-02T00:00:00Z")
                .toEpochMilli(), "PKTOR", null, null, null, null, "exit without departure");
        TransitAlert overdue = new TransitAlert("MRN-1", AlertKind.OVERDUE, Instant.parse("2025-03-05T12:00:00Z")
                .toEpochMilli(), "PKKHI", TransportMode.ROAD, "CHN", "AZE", new BigDecimal("100000.5"), "late");
        store.acceptTransitAlert(reader.transitAlert(bytes(OutputJson.transitAlert(orphan))));
        store.acceptTransitAlert(reader.transitAlert(bytes(OutputJson.transitAlert(overdue))));
        assertNull(reader.transitAlert("{\"movement_id\":\"M\",\"kind\":\"overdue\"}".getBytes(StandardCharsets.UTF_8)));
        List<Map<String, String>> alerts = (List<Map<String, String>>) TransitView.transit(List.of(),
                store.transitAlertSnapshot(), "pk-az", null).get("alerts");
        assertEquals(List.of("MRN-1", "MRN-9"), alerts.stream().map(a -> a.get("movement_id")).toList());
        assertEquals("100000", alerts.get(0).get("declared_value"), "100,000.5 half-even");
        assertEquals("", alerts.get(1).get("transport_mode"));

        Flag shift = new Flag();
        shift.scenario = "pk-az";
        shift.registeredAt = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
        shift.importer = "AZE";
        shift.origin = "PAK";
        shift.hsCode = "100630";
        shift.valueMicros = 80_000_000_000L;
        shift.rule = Flag.PARTNER_SHIFT;
        shift.detail = "share 0.55 against 0.20";
        store.acceptFlag(reader.flag(bytes(OutputJson.flag(shift))));
        assertNull(reader.flag("{\"scenario\":\"pk-az\",\"rule\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> flag = ((List<Map<String, String>>) TransitView.flags(store.flagSnapshot("pk-az"), "pk-az")
                .get("flags")).get(0);
        assertEquals("80000", flag.get("value_usd"));
        assertEquals("", flag.get("item_no"));
        assertEquals("", flag.get("declaration_id"));
    }

    public static TransitRow transitRow(String departure, String exit, String mode, long movements, long valueMicros,
            long exited, double p50) {
        TransitRow r = new TransitRow();
        r.scenario = "pk-az";
        r.windowStart = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
        r.windowEnd = Instant.parse("2025-04-01T00:00:00Z").toEpochMilli();
        r.officeDeparture = departure;
        r.officeExit = exit;
        r.transportMode = mode;
        r.direction = "inbound";
        r.origin = "CHN";
        r.destination = "AZE";
        r.movements = movements;
        r.declaredValueMicros = valueMicros;
        r.exited = exited;
        r.transitHoursP50 = p50;
        r.transitHoursP90 = p50;
        return r;
    }

    static byte[] bytes(com.fasterxml.jackson.databind.node.ObjectNode node) {
        return OutputJson.bytes(node);
    }
}
