package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TransitRules;
import org.ptaflow.simulator.TransitSimulator;
import org.ptaflow.simulator.TransitSimulatorSettings;
import org.ptaflow.transit.TransitCsvParser;
import org.ptaflow.transit.TransitEventRejectedException;
import org.ptaflow.transit.TransitRow;

/**
 * A backtest over 3,000 simulated movements (the request lists' transit section: PAK, partner AZE) against an
 * independent count in this test: movements paired by id from the raw CSV fields, the contract's rules applied by
 * plain Java (overdue at departure + the mode's limit when the clock reaches it, a late exit, an orphan after the
 * wait, a movement let go one more limit after its deadline so that a later exit is an orphan, a repeated departure a
 * duplicate), then rows summed per departure month and corridor. The job's state machine is not used here; only
 * validity is taken from the job's parser (its rejections are tested on their own).
 */
class SimulatedTransitBacktestTest {
    static Scenario scenario;
    static List<String> lines;

    @BeforeAll
    static void simulate() throws Exception {
        scenario = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        TransitSimulatorSettings settings = new TransitSimulatorSettings(11, Instant.parse("2024-01-01T00:00:00Z"),
                30, scenario.transit());
        lines = new TransitSimulator(settings).csvLines(3_000);
    }

    /** One movement as the raw fields give it. */
    static final class Movement {
        String id;
        long departure = Long.MIN_VALUE;
        String office;
        String mode;
        String origin;
        String destination;
        String territory;
        String value;
        String guarantee;
        long end = Long.MIN_VALUE;
        String endKind;
        String endOffice;
        int departures;
    }

    @Test
    void rowsAndAlertsEqualAnIndependentCount() throws Exception {
        TransitRules rules = scenario.transit();
        TransitCsvParser parser = new TransitCsvParser(TransitSimulator.HEADER);
        Map<String, Movement> movements = new LinkedHashMap<>();
        long clockEnd = Long.MIN_VALUE;
        int rejected = 0;
        for (String line : lines) {
            try {
                parser.parse(line);
            } catch (TransitEventRejectedException e) {
                rejected++;
                continue;
            }
            String[] f = line.split(",", -1);
            long at = Instant.parse(f[2]).toEpochMilli();
            clockEnd = Math.max(clockEnd, at);
            Movement m = movements.computeIfAbsent(f[0], id -> new Movement());
            m.id = f[0];
            if (f[1].equals("departure")) {
                m.departures++;
                m.departure = at;
                m.office = f[3];
                m.mode = f[4];
                m.territory = f[5];
                m.origin = f[6];
                m.destination = f[7];
                m.value = f[8];
                m.guarantee = f[12];
            } else {
                m.end = at;
                m.endKind = f[1];
                m.endOffice = f[3];
            }
        }
        assertTrue(rejected > 0, "the simulator writes bad events");

        // Alerts and rows by the contract's rules.
        TreeSet<String> alerts = new TreeSet<>();
        Map<String, long[]> counts = new TreeMap<>(); // movements, value micros, exited, overdue, guarantee micros
        Map<String, List<Double>> hours = new HashMap<>();
        int duplicates = 0;
        for (Movement m : movements.values()) {
            if (m.departure == Long.MIN_VALUE) {
                // An exit or cancellation alone: an orphan once its wait has passed within the clock.
                if (m.end + rules.orphanWaitMillis() <= clockEnd) {
                    alerts.add(m.id + ",orphan," + Instant.ofEpochMilli(m.end));
                }
                continue;
            }
            assertEquals("PAK", m.territory, "the simulator's movements cross PAK");
            duplicates += m.departures - 1;
            long limit = rules.timeLimitMillis(m.mode);
            long deadline = m.departure + limit;
            long released = deadline + limit;
            boolean ended = m.end != Long.MIN_VALUE && m.end <= released;
            boolean overdue = deadline <= clockEnd && (!ended || m.end > deadline);
            if (overdue) {
                alerts.add(m.id + ",overdue," + Instant.ofEpochMilli(deadline));
            }
            boolean exited = ended && m.endKind.equals("exit");
            if (exited && m.end > deadline) {
                alerts.add(m.id + ",late_exit," + Instant.ofEpochMilli(m.end));
            }
            if (m.end != Long.MIN_VALUE && !ended && m.end + rules.orphanWaitMillis() <= clockEnd) {
                // Exited after the movement was let go: an exit without a departure.
                alerts.add(m.id + ",orphan," + Instant.ofEpochMilli(m.end));
            }
            boolean open = !ended;
            String direction = rules.isPartner(m.destination) ? "inbound"
                    : rules.isPartner(m.origin) ? "outbound" : "other";
            String month = Instant.ofEpochMilli(m.departure).toString().substring(0, 7);
            String key = month + "|" + m.office + "|" + (exited ? m.endOffice : "") + "|" + m.mode + "|" + direction
                    + "|" + m.origin + "|" + m.destination;
            long[] c = counts.computeIfAbsent(key, k -> new long[5]);
            c[0]++;
            c[1] += new java.math.BigDecimal(m.value).movePointRight(6).longValueExact();
            c[2] += exited ? 1 : 0;
            c[3] += overdue ? 1 : 0;
            if (open && !m.guarantee.isEmpty()) {
                c[4] += new java.math.BigDecimal(m.guarantee).movePointRight(6).longValueExact();
            }
            if (exited) {
                hours.computeIfAbsent(key, k -> new ArrayList<>()).add((m.end - m.departure) / 3_600_000.0);
            }
        }
        assertTrue(duplicates > 0 && alerts.stream().anyMatch(a -> a.contains(",late_exit,"))
                && alerts.stream().anyMatch(a -> a.contains(",orphan,")), "the sample has every case: " + alerts);
        Map<String, String> expected = new TreeMap<>();
        counts.forEach((key, c) -> {
            List<Double> h = hours.getOrDefault(key, List.of());
            double[] sorted = h.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            expected.put(key, c[0] + "," + c[1] + "," + c[2] + "," + rank(sorted, 0.5) + "," + rank(sorted, 0.9) + ","
                    + c[3] + "," + c[4]);
        });

        List<String> withHeader = new ArrayList<>();
        for (String line : lines) {
            withHeader.add(line);
        }
        TransitPipelineTest.Result run = TransitPipelineTest.run(scenario, TransitSimulator.HEADER, withHeader, 2,
                false, ImpactPipeline.Settings.forBacktest().withTransitClockEnd(clockEnd));
        Map<String, String> actual = new TreeMap<>();
        for (TransitRow r : run.rows().values()) {
            if (r.movements == 0) {
                continue;
            }
            String key = Instant.ofEpochMilli(r.windowStart).toString().substring(0, 7) + "|" + r.officeDeparture + "|"
                    + (r.officeExit == null ? "" : r.officeExit) + "|" + r.transportMode + "|" + r.direction + "|"
                    + r.origin + "|" + r.destination;
            actual.put(key, r.movements + "," + r.declaredValueMicros + "," + r.exited + "," + r.transitHoursP50 + ","
                    + r.transitHoursP90 + "," + r.overdue + "," + r.guaranteeMicros);
        }
        assertTrue(expected.size() > 50 && alerts.size() > 50, expected.size() + " rows, " + alerts.size() + " alerts");
        assertEquals(expected, actual);
        TreeSet<String> actualAlerts = new TreeSet<>();
        run.alerts().forEach(a -> actualAlerts.add(a.movementId + "," + a.kind.code() + ","
                + Instant.ofEpochMilli(a.at)));
        assertEquals(alerts, actualAlerts);
        assertEquals(rejected, run.rejected().size());
    }

    private static double rank(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int r = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(r, 1) - 1];
    }
}
