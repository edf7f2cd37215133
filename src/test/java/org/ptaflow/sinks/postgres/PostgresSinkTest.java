package org.ptaflow.sinks.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;

/**
 * Flink's JDBC connector (built for Flink 2.0) writing on this project's Flink 2.2 mini cluster into a real
 * PostgreSQL server: upserts by key, values as parameters only, the final row kept, and the check before a job
 * (unreachable database, a table of another shape, {@code --create-tables}, {@code --replace}).
 */
class PostgresSinkTest {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    /** A title a ministry might type, holding SQL: it must end up as data. */
    static final String SQL_SCENARIO = "pta'); DROP TABLE impact_rows; --";

    static PostgresSettings settings(String schema, boolean create, boolean replace) {
        return new PostgresSettings(POSTGRES.url(), POSTGRES.user(), null, schema, create, replace, 2,
                Duration.ofMillis(200));
    }

    /**
     * The rice row of ImpactColumnsTest (figures by hand there): rice 100630 from PAK into AZE, March 2024: D = 400
     * (300 claimed), others 900; utilisation 0.75; duty at MFN 80, statutory 20, forgone 60.
     */
    static ImpactRow rice(String scenario, boolean finalRow, int extraUsd) {
        ImpactRow r = new ImpactRow();
        r.key = new ImpactKey(scenario, "AZE", "PAK", "100630");
        r.windowStart = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        r.windowEnd = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
        r.finalRow = finalRow;
        r.sums = new WindowSums();
        r.sums.add(WindowSums.ofBeneficiaryRecord(300 * Money.MICROS_PER_USD, 20, 0, true));
        r.sums.add(WindowSums.ofBeneficiaryRecord(100 * Money.MICROS_PER_USD, 20, 0, false));
        r.sums.add(WindowSums.ofOthersRecord((900 + extraUsd) * Money.MICROS_PER_USD, 20));
        r.tradeCreation = 100;
        r.tradeDiversion = 2.5;
        r.tradeEffect = 102.5;
        r.revenueChange = -0.1234565;
        r.welfare = 10;
        r.taxNames = new String[0];
        r.taxCreditable = new boolean[0];
        r.taxRevenueChange = new double[0];
        r.totalRevenueChange = r.revenueChange;
        return r;
    }

    private static void runJob(PostgresSettings s, List<ImpactRow> rows, List<RejectedRecord> rejected)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // one writer: the rows of a key in the order given
        env.fromData(ImpactRow.class, rows.toArray(ImpactRow[]::new))
                .sinkTo(PostgresOutput.sink(PostgresTables.IMPACT_ROWS, s,
                        PostgresOutput.finalRowStays(PostgresTables.IMPACT_ROWS)));
        if (!rejected.isEmpty()) {
            env.fromData(RejectedRecord.class, rejected.toArray(RejectedRecord[]::new))
                    .sinkTo(PostgresOutput.sink(PostgresTables.REJECTED_RECORDS, s, null));
        }
        env.execute("postgres sink test");
    }

    private static void prepare(PostgresSettings s, String... scenarios) throws Exception {
        PostgresOutput.prepare(s, List.of(scenarios), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void anEarlyRowIsReplacedInPlaceByTheFinalOneAndAFinalRowIsNotReplacedByAnEarlyOne() throws Exception {
        String schema = POSTGRES.freshSchema("upsert");
        PostgresSettings s = settings(schema, true, false);
        prepare(s, "pta");
        // early (others 901), final (others 902), then an early row again (others 999), as a replay could write it
        runJob(s, List.of(rice("pta", false, 1), rice("pta", true, 2), rice("pta", false, 99)), List.of());
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT scenario, window_start, window_end, value_others, utilization,"
                        + " revenue_forgone, revenue_change, trade_creation_p05, final FROM " + schema
                        + ".impact_rows")) {
            assertTrue(r.next());
            assertEquals("pta", r.getString(1));
            assertEquals(Instant.parse("2024-03-01T00:00:00Z"), r.getObject(2, OffsetDateTime.class).toInstant());
            assertEquals(Instant.parse("2024-04-01T00:00:00Z"), r.getObject(3, OffsetDateTime.class).toInstant());
            assertEquals(0, new BigDecimal("902").compareTo(r.getBigDecimal(4)), "the final row's value");
            assertEquals(0, new BigDecimal("0.75").compareTo(r.getBigDecimal(5)));
            assertEquals(0, new BigDecimal("60").compareTo(r.getBigDecimal(6)));
            // -0.1234565 rounds half-even to -0.123456, as the CSV prints it: numeric holds exactly that
            assertEquals(new BigDecimal("-0.123456"), r.getBigDecimal(7));
            assertEquals(null, r.getObject(8), "no bands: NULL");
            assertTrue(r.getBoolean(9));
            assertFalse(r.next(), "one row per key");
        }
    }

    @Test
    void lateRecordsAreKeyedBySourceLineAndScenario() throws Exception {
        String schema = POSTGRES.freshSchema("late");
        PostgresSettings s = settings(schema, true, false);
        prepare(s, "pta");
        // The same customs line late twice in one file (lines 7 and 9: a copy), and line 7 written again, as a
        // replay after a failure would: two rows, the replay replacing its own.
        org.ptaflow.records.LateRecord[] late = {late(7, "first"), late(9, "copy"), late(7, "first")};
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(org.ptaflow.records.LateRecord.class, late)
                .sinkTo(PostgresOutput.sink(PostgresTables.LATE_RECORDS, s, null));
        env.execute("late records");
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT source, line, scenario, declaration_id, item_no, original_text"
                        + " FROM " + schema + ".late_records ORDER BY line")) {
            for (Object[] want : new Object[][] {{7L, "first"}, {9L, "copy"}}) {
                assertTrue(r.next());
                assertEquals("in.csv", r.getString(1));
                assertEquals(want[0], r.getLong(2));
                assertEquals("pta", r.getString(3));
                assertEquals("D1", r.getString(4));
                assertEquals(1, r.getLong(5));
                assertEquals(want[1], r.getString(6));
            }
            assertFalse(r.next());
        }
    }

    private static org.ptaflow.records.LateRecord late(long line, String text) {
        org.ptaflow.records.LateRecord l = new org.ptaflow.records.LateRecord();
        l.scenario = "pta";
        l.source = "in.csv";
        l.line = line;
        l.declarationId = "D1";
        l.itemNo = 1;
        l.registeredAt = Instant.parse("2024-03-05T10:00:00Z").toEpochMilli();
        l.watermark = Instant.parse("2024-04-02T00:00:00Z").toEpochMilli();
        l.windowStart = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        l.originalText = text;
        return l;
    }

    @Test
    void aScenarioAndARecordFieldHoldingSqlAreStoredAsData() throws Exception {
        String schema = POSTGRES.freshSchema("injection");
        PostgresSettings s = settings(schema, true, false);
        prepare(s, SQL_SCENARIO);
        String text = "x', 1); DELETE FROM rejected_records; --";
        runJob(s, List.of(rice(SQL_SCENARIO, true, 0)), List.of(new RejectedRecord("in'; DROP SCHEMA " + schema
                + " CASCADE; --.csv", 7, SQL_SCENARIO, RejectionReason.values()[0], "bad field", text)));
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT scenario FROM " + schema + ".impact_rows")) {
                assertTrue(r.next());
                assertEquals(SQL_SCENARIO, r.getString(1));
            }
            try (ResultSet r = st.executeQuery("SELECT source, line, scenario, original_text FROM " + schema
                    + ".rejected_records")) {
                assertTrue(r.next());
                assertEquals("in'; DROP SCHEMA " + schema + " CASCADE; --.csv", r.getString(1));
                assertEquals(7, r.getLong(2));
                assertEquals(SQL_SCENARIO, r.getString(3));
                assertEquals(text, r.getString(4));
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsUnusable() {
        PostgresSettings s = new PostgresSettings("jdbc:postgresql://127.0.0.1:1/postgres", "nobody", null, "public",
                true, false, 10, Duration.ofSeconds(1));
        PostgresOutput.Unusable e = assertThrows(PostgresOutput.Unusable.class, () -> prepare(s, "pta"));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void missingTablesAreRefusedWithoutCreateTables() throws Exception {
        String schema = POSTGRES.freshSchema("missing");
        PostgresOutput.Unusable e = assertThrows(PostgresOutput.Unusable.class,
                () -> prepare(settings(schema, false, false), "pta"));
        assertTrue(e.getMessage().contains("--create-tables"), e.getMessage());
    }

    @Test
    void createTablesAddsAMissingColumnAndRefusesAColumnOfAnotherType() throws Exception {
        String schema = POSTGRES.freshSchema("shape");
        prepare(settings(schema, true, false), "pta");
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + schema + ".impact_rows DROP COLUMN welfare");
        }
        PostgresOutput.Unusable missing = assertThrows(PostgresOutput.Unusable.class,
                () -> prepare(settings(schema, false, false), "pta"));
        assertTrue(missing.getMessage().contains("column welfare numeric is missing"), missing.getMessage());
        prepare(settings(schema, true, false), "pta");
        assertEquals("numeric", columnType(schema, "impact_rows", "welfare"));

        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + schema + ".impact_rows ALTER COLUMN revenue_forgone TYPE double precision");
        }
        PostgresOutput.Unusable wrongType = assertThrows(PostgresOutput.Unusable.class,
                () -> prepare(settings(schema, true, false), "pta"));
        assertTrue(wrongType.getMessage().contains("revenue_forgone is double precision, not numeric"),
                wrongType.getMessage());
    }

    @Test
    void replaceDeletesTheRunsScenariosRowsOnly() throws Exception {
        String schema = POSTGRES.freshSchema("replace");
        PostgresSettings s = settings(schema, true, false);
        prepare(s, "pta", "other");
        runJob(s, List.of(rice("pta", true, 0), rice("other", true, 0)), List.of());
        prepare(settings(schema, false, true), "pta");
        List<String> left = new ArrayList<>();
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT scenario FROM " + schema + ".impact_rows")) {
            while (r.next()) {
                left.add(r.getString(1));
            }
        }
        assertEquals(List.of("other"), left);
    }

    private static final long JUNE_01 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final long JULY_01 = Instant.parse("2025-07-01T00:00:00Z").toEpochMilli();

    /** A transit row of June 2025 from Karachi by road, AZE to AFG; {@code officeExit} null for the open row. */
    static org.ptaflow.transit.TransitRow transitRow(String scenario, String officeExit, long movements, long exited,
            double hours) {
        org.ptaflow.transit.TransitRow r = new org.ptaflow.transit.TransitRow();
        r.scenario = scenario;
        r.windowStart = JUNE_01;
        r.windowEnd = JULY_01;
        r.officeDeparture = "PKKHI";
        r.officeExit = officeExit;
        r.transportMode = "road";
        r.direction = "outbound";
        r.origin = "AZE";
        r.destination = "AFG";
        r.movements = movements;
        r.declaredValueMicros = movements * 50_000 * Money.MICROS_PER_USD;
        r.exited = exited;
        r.transitHoursP50 = hours;
        r.transitHoursP90 = hours;
        return r;
    }

    static org.ptaflow.transit.TransitAlert alert(String movement, org.ptaflow.transit.AlertKind kind, String at) {
        boolean orphan = kind == org.ptaflow.transit.AlertKind.ORPHAN;
        return new org.ptaflow.transit.TransitAlert(movement, kind, Instant.parse(at).toEpochMilli(), "PKTOR",
                orphan ? null : org.ptaflow.transit.TransportMode.ROAD, orphan ? null : "AFG", orphan ? null : "AZE",
                orphan ? null : new BigDecimal("30000.5"), kind.code() + " of " + movement);
    }

    static org.ptaflow.flags.Flag flag(String scenario, String rule, String declaration, long item) {
        org.ptaflow.flags.Flag f = new org.ptaflow.flags.Flag();
        f.scenario = scenario;
        f.rule = rule;
        f.declarationId = declaration;
        f.itemNo = item;
        f.registeredAt = JUNE_01;
        f.importer = "PAK";
        f.origin = "AZE";
        f.consignment = declaration == null ? null : "ARE";
        f.hsCode = declaration == null ? "271019" : "27101990";
        f.valueMicros = 125_000 * Money.MICROS_PER_USD;
        f.detail = rule + " detail";
        return f;
    }

    /**
     * The transit rows as a live run writes them: the open row (one movement), the movement's exit (its corridor's
     * row, and the open row again with none left), and the corridor's row once more, as a replay would write it;
     * the alerts and flags each written twice, as a replay would. Each table ends with one row per key, the latest;
     * the empty fields of a key (the open row's office of exit, a partner_shift flag's declaration and item) are
     * {@code ''} and 0.
     */
    @Test
    void transitRowsAlertsAndFlagsAreUpsertedByTheirKeys() throws Exception {
        String schema = POSTGRES.freshSchema("transit");
        PostgresSettings s = settings(schema, true, false);
        prepare(s, "pta");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // one writer: the rows of a key in the order given
        env.fromData(org.ptaflow.transit.TransitRow.class, transitRow("pta", null, 1, 0, Double.NaN),
                        transitRow("pta", "PKTOR", 1, 1, 60), transitRow("pta", null, 0, 0, Double.NaN),
                        transitRow("pta", "PKTOR", 1, 1, 60))
                .sinkTo(PostgresOutput.sink(PostgresTables.TRANSIT_ROWS, s, null));
        org.ptaflow.transit.TransitAlert overdue = alert("TM-1", org.ptaflow.transit.AlertKind.OVERDUE,
                "2025-06-11T00:00:00Z");
        org.ptaflow.transit.TransitAlert orphan = alert("TM-2", org.ptaflow.transit.AlertKind.ORPHAN,
                "2025-06-05T12:00:00Z");
        env.fromData(org.ptaflow.transit.TransitAlert.class, overdue, orphan, overdue)
                .sinkTo(PostgresOutput.sink(PostgresTables.TRANSIT_ALERTS, s, null));
        org.ptaflow.flags.Flag consignment = flag("pta", org.ptaflow.flags.Flag.CONSIGNMENT, "KT-1", 1);
        org.ptaflow.flags.Flag shift = flag("pta", org.ptaflow.flags.Flag.PARTNER_SHIFT, null, 0);
        env.fromData(org.ptaflow.flags.Flag.class, consignment, shift, consignment, shift)
                .sinkTo(PostgresOutput.sink(PostgresTables.FLAGS, s, null));
        env.execute("transit and flags");

        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT office_exit, movements, exited, transit_hours_p50, "
                    + "declared_value, window_end FROM " + schema + ".transit_rows ORDER BY office_exit")) {
                assertTrue(r.next());
                assertEquals("", r.getString(1), "the open row: no office of exit");
                assertEquals(0, r.getLong(2), "the open row's latest: its movement exited");
                assertEquals(null, r.getObject(4), "no exits: NULL hours");
                assertTrue(r.next());
                assertEquals("PKTOR", r.getString(1));
                assertEquals(1, r.getLong(2));
                assertEquals(1, r.getLong(3));
                assertEquals(0, new BigDecimal("60").compareTo(r.getBigDecimal(4)));
                assertEquals(0, new BigDecimal("50000").compareTo(r.getBigDecimal(5)));
                assertEquals(Instant.ofEpochMilli(JULY_01), r.getObject(6, OffsetDateTime.class).toInstant());
                assertFalse(r.next(), "one row per key");
            }
            try (ResultSet r = st.executeQuery("SELECT movement_id, kind, at, transport_mode, declared_value FROM "
                    + schema + ".transit_alerts ORDER BY at")) {
                assertTrue(r.next());
                assertEquals("TM-2", r.getString(1));
                assertEquals("orphan", r.getString(2));
                assertEquals(Instant.parse("2025-06-05T12:00:00Z"), r.getObject(3, OffsetDateTime.class).toInstant());
                assertEquals(null, r.getString(4), "an orphan's unknown mode: NULL");
                assertEquals(null, r.getObject(5));
                assertTrue(r.next());
                assertEquals("TM-1", r.getString(1));
                assertEquals("overdue", r.getString(2));
                assertEquals("road", r.getString(4));
                assertEquals(new BigDecimal("30000.500000"), r.getBigDecimal(5));
                assertFalse(r.next(), "the overdue written twice is one row");
            }
            try (ResultSet r = st.executeQuery("SELECT rule, declaration_id, item_no, consignment, hs_code, "
                    + "value_usd FROM " + schema + ".flags ORDER BY rule")) {
                assertTrue(r.next());
                assertEquals("consignment", r.getString(1));
                assertEquals("KT-1", r.getString(2));
                assertEquals(1, r.getLong(3));
                assertEquals("ARE", r.getString(4));
                assertEquals("27101990", r.getString(5));
                assertEquals(0, new BigDecimal("125000").compareTo(r.getBigDecimal(6)));
                assertTrue(r.next());
                assertEquals("partner_shift", r.getString(1));
                assertEquals("", r.getString(2), "a month of a line: no declaration");
                assertEquals(0, r.getLong(3));
                assertEquals(null, r.getString(4));
                assertEquals("271019", r.getString(5));
                assertFalse(r.next(), "each flag written twice is one row");
            }
        }

        // --replace: the scenario's flags and transit rows go; the alerts, which name no scenario, stay.
        prepare(settings(schema, false, true), "pta");
        assertEquals(0, count(schema, "flags"));
        assertEquals(0, count(schema, "transit_rows"));
        assertEquals(2, count(schema, "transit_alerts"));
    }

    @Test
    void aRunWithoutTransitNeedsNoTransitTables() throws Exception {
        String schema = POSTGRES.freshSchema("notransit");
        PostgresOutput.prepare(settings(schema, true, false), List.of("pta"), PostgresTables.forRun(false),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals("text", columnType(schema, "flags", "rule"), "flags are written by every run");
        assertEquals(null, columnType(schema, "transit_rows", "scenario"));
        assertEquals(null, columnType(schema, "transit_alerts", "movement_id"));
        // and a run with transit, without --create-tables, is refused until they exist
        PostgresOutput.Unusable e = assertThrows(PostgresOutput.Unusable.class,
                () -> PostgresOutput.prepare(settings(schema, false, false), List.of("pta"),
                        PostgresTables.forRun(true), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("transit_rows does not exist"), e.getMessage());
    }

    private static long count(String schema, String table) throws Exception {
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String columnType(String schema, String table, String column) throws Exception {
        try (Connection c = POSTGRES.connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_schema = '"
                        + schema + "' AND table_name = '" + table + "' AND column_name = '" + column + "'")) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
