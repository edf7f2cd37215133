package org.ptaflow.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TransitRules;
import org.ptaflow.transit.MovementEventKind;
import org.ptaflow.transit.TransitCsvParser;
import org.ptaflow.transit.TransitEvent;
import org.ptaflow.transit.TransitEventRejectedException;
import org.ptaflow.transit.TransitRejectionReason;

/**
 * The transit simulator against what it promises: every line parses except the deliberately bad ones, each with its
 * one reason; and the overdue movements, orphans, duplicates and cancellations, counted here by pairing each
 * movement's departure with its exit from the parsed events alone, come at the documented shares; the others exit
 * well inside their mode's limit.
 *
 * <p>Shares are checked against the binomial: with n movements and share p, the count's standard deviation is
 * √(n p (1 − p)); a count more than 4 of them away fails (a chance of about 6 in 100,000 per check for a correct
 * simulator, and a seed is fixed anyway).
 */
class TransitSimulatorTest {
    private static final int N = 6_000;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private static Scenario scenario;
    private static TransitRules rules;
    private static List<String> lines;

    @BeforeAll
    static void simulate() throws Exception {
        scenario = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        rules = scenario.transit();
        lines = new TransitSimulator(settings(17)).csvLines(N);
    }

    private static TransitSimulatorSettings settings(long seed) {
        return new TransitSimulatorSettings(seed, Instant.parse("2024-01-01T00:00:00Z"), 10, rules);
    }

    private static String[] fields(String line) {
        return line.split(",", -1);
    }

    private static void assertShare(double share, long count, long n, String what) {
        double sd = Math.sqrt(n * share * (1 - share));
        assertEquals(n * share, count, 4 * sd, what + ": " + count + " of " + n);
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        TransitSimulator again = new TransitSimulator(settings(17));
        assertEquals(lines.subList(0, 2_000), again.csvLines(N).subList(0, 2_000));
        List<String> other = new TransitSimulator(settings(18)).csvLines(200);
        assertNotEquals(lines.subList(0, 200), other);
        assertEquals(new TransitSimulator(settings(17)).eventCount(N), lines.size());
    }

    @Test
    void theHeaderIsTheContractsAndEveryLineHasItsColumns() {
        assertEquals("movement_id,event,at,office,transport_mode,territory,origin,destination,declared_value,"
                + "currency,gross_mass_kg,hs_code,guarantee", TransitSimulator.HEADER);
        for (String line : lines) {
            assertEquals(13, fields(line).length, line);
        }
    }

    @Test
    void eventsComeInTimeOrderAndAnEndlessStreamStartsWithTheSameLines() throws Exception {
        TransitCsvParser parser = new TransitCsvParser(TransitSimulator.HEADER);
        long previous = Long.MIN_VALUE;
        for (String line : lines) {
            TransitEvent e;
            try {
                e = parser.parse(line);
            } catch (TransitEventRejectedException x) {
                continue; // a bad date has no time to order
            }
            assertTrue(e.at >= previous, line);
            previous = e.at;
        }
        // Movements ≥ N depart from slot N on: before it, the endless stream is the bounded one.
        TransitSimulator sim = new TransitSimulator(settings(17));
        long slotN = sim.slotStartMillis(N);
        Iterator<String> endless = sim.lines(Long.MAX_VALUE);
        int compared = 0;
        for (String line : lines) {
            String next = endless.next();
            assertEquals(line, next);
            compared++;
            TransitEvent e;
            try {
                e = parser.parse(line);
            } catch (TransitEventRejectedException x) {
                continue;
            }
            if (e.at > slotN - 40 * DAY) {
                break;
            }
        }
        assertTrue(compared > N, "compared " + compared);
    }

    @Test
    void everyLineParsesSaveTheBadDeparturesEachWithTheReasonItsDefectShows() {
        TransitCsvParser parser = new TransitCsvParser(TransitSimulator.HEADER);
        Map<TransitRejectionReason, Integer> reasons = new EnumMap<>(TransitRejectionReason.class);
        Map<String, Integer> linesByMovement = new HashMap<>();
        List<String> rejectedIds = new ArrayList<>();
        for (String line : lines) {
            String[] f = fields(line);
            linesByMovement.merge(f[0], 1, Integer::sum);
            try {
                parser.parse(line);
            } catch (TransitEventRejectedException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                rejectedIds.add(f[0]);
                // The field that carries the defect, read here from the text.
                boolean shown = switch (e.reason()) {
                    case BAD_MODE -> f[4].equals("truck");
                    case BAD_DATE -> !f[2].endsWith("Z") && !f[2].contains("+");
                    case MISSING_FIELD -> f[7].isEmpty() && f[1].equals("departure");
                    case BAD_CURRENCY -> f[9].equals("PKR");
                    case NEGATIVE_VALUE -> f[8].startsWith("-");
                    case BAD_HS_CODE -> f[11].length() == 5;
                    case BAD_COUNTRY -> f[6].equals(f[6].toLowerCase()) && !f[6].equals(f[6].toUpperCase());
                    case BAD_EVENT -> f[1].equals("arrival");
                    default -> false;
                };
                assertTrue(shown, e.reason() + " not shown by " + line);
            }
        }
        // Eight defects, one reason each, all present.
        assertEquals(Set.of(TransitRejectionReason.BAD_MODE, TransitRejectionReason.BAD_DATE,
                TransitRejectionReason.MISSING_FIELD, TransitRejectionReason.BAD_CURRENCY,
                TransitRejectionReason.NEGATIVE_VALUE, TransitRejectionReason.BAD_HS_CODE,
                TransitRejectionReason.BAD_COUNTRY, TransitRejectionReason.BAD_EVENT), reasons.keySet());
        int bad = reasons.values().stream().mapToInt(Integer::intValue).sum();
        assertShare(TransitSimulator.BAD_SHARE, bad, N, "bad departures");
        // A bad event is its own movement: nothing else of it follows (so it makes no orphan).
        for (String id : rejectedIds) {
            assertEquals(1, linesByMovement.get(id), id);
        }
        // Every movement shows up.
        assertEquals(N, linesByMovement.size());
    }

    /** What the parsed events of one movement show. */
    private static final class Movement {
        final List<TransitEvent> departures = new ArrayList<>();
        final List<TransitEvent> exits = new ArrayList<>();
        final List<TransitEvent> cancellations = new ArrayList<>();
    }

    private static Map<String, Movement> movements() {
        TransitCsvParser parser = new TransitCsvParser(TransitSimulator.HEADER);
        Map<String, Movement> byId = new TreeMap<>();
        for (String line : lines) {
            TransitEvent e;
            try {
                e = parser.parse(line);
            } catch (TransitEventRejectedException x) {
                continue;
            }
            Movement m = byId.computeIfAbsent(e.movementId, id -> new Movement());
            (e.event == MovementEventKind.DEPARTURE ? m.departures
                    : e.event == MovementEventKind.EXIT ? m.exits : m.cancellations).add(e);
        }
        return byId;
    }

    @Test
    void overdueOrphansDuplicatesAndCancellationsComeAtTheirSharesAndTheRestExitWellInTime() {
        Map<String, Movement> byId = movements();
        int orphans = 0;
        int duplicates = 0;
        int cancelled = 0;
        int lateExits = 0;
        int neverExit = 0;
        int onTime = 0;
        int departed = 0;
        Map<String, List<Long>> hoursByMode = new HashMap<>();
        for (Map.Entry<String, Movement> entry : byId.entrySet()) {
            Movement m = entry.getValue();
            assertTrue(m.exits.size() + m.cancellations.size() <= 1, entry.getKey() + " ends once");
            if (m.departures.isEmpty()) {
                assertEquals(1, m.exits.size(), entry.getKey() + ": an orphan is an exit");
                orphans++;
                continue;
            }
            departed++;
            TransitEvent d = m.departures.get(0);
            if (m.departures.size() > 1) {
                assertEquals(2, m.departures.size());
                assertEquals(d.originalText, m.departures.get(1).originalText, "a duplicate repeats the departure");
                duplicates++;
            }
            long limit = rules.timeLimitMillis(d.transportMode.code());
            if (!m.cancellations.isEmpty()) {
                TransitEvent c = m.cancellations.get(0);
                assertEquals(d.office, c.office, "cancelled at the office of departure");
                assertTrue(c.at > d.at && c.at - d.at <= limit / 2, "cancelled before half the limit");
                cancelled++;
            } else if (m.exits.isEmpty()) {
                neverExit++;
            } else {
                long took = m.exits.get(0).at - d.at;
                assertTrue(took > 0, entry.getKey());
                if (took > limit) {
                    assertTrue(took - limit >= 6 * HOUR && took - limit <= 5 * DAY, entry.getKey() + " late by "
                            + (took - limit) / HOUR + " h");
                    lateExits++;
                } else {
                    assertTrue(took <= 0.75 * limit, entry.getKey() + " took " + took / HOUR + " h of "
                            + limit / HOUR);
                    onTime++;
                    hoursByMode.computeIfAbsent(d.transportMode.code(), k -> new ArrayList<>()).add(took / HOUR);
                }
            }
        }
        int read = byId.size();
        assertEquals(N, read + countRejected(), "every movement once: parsed, or one rejected departure");
        assertShare(TransitSimulator.ORPHAN_SHARE, orphans, N, "orphans");
        assertShare(TransitSimulator.CANCELLED_SHARE, cancelled, N, "cancelled");
        assertShare(TransitSimulator.LATE_EXIT_SHARE, lateExits, N, "overdue, exit late");
        assertShare(TransitSimulator.NEVER_EXITS_SHARE, neverExit, N, "overdue, never exit");
        assertShare(TransitSimulator.DUPLICATE_SHARE, duplicates, departed, "duplicate departures");
        assertEquals(departed, cancelled + lateExits + neverExit + onTime);
        // Realistic times: the medians of the on-time movements per mode (hand-chosen: sea about 6 days, road 2.5,
        // rail 5, air 10 hours, each within a factor 1.5).
        assertMedian(hoursByMode.get("sea"), 144);
        assertMedian(hoursByMode.get("road"), 60);
        assertMedian(hoursByMode.get("rail"), 120);
        assertMedian(hoursByMode.get("air"), 10);
    }

    private static int countRejected() {
        TransitCsvParser parser = new TransitCsvParser(TransitSimulator.HEADER);
        int n = 0;
        for (String line : lines) {
            try {
                parser.parse(line);
            } catch (TransitEventRejectedException e) {
                n++;
            }
        }
        return n;
    }

    private static void assertMedian(List<Long> hours, double expected) {
        List<Long> sorted = new ArrayList<>(hours);
        sorted.sort(null);
        long median = sorted.get(sorted.size() / 2);
        assertTrue(median >= expected / 1.5 && median <= expected * 1.5, "median " + median + " h, " + expected);
    }

    @Test
    void departuresCrossTheTerritoryOnTheCorridorsWithLinesOfItsScheduleAndGuarantees() {
        Map<String, Movement> byId = movements();
        int departures = 0;
        int withHs = 0;
        int withGuarantee = 0;
        int exempt = 0;
        int inbound = 0;
        int outbound = 0;
        Set<String> seaPorts = Set.of("PKKHI", "PKBQM", "PKGWD");
        Set<String> borderPosts = Set.of("PKTOR", "PKCHB", "PKTFT");
        Set<String> seenPorts = new HashSet<>();
        for (Movement m : byId.values()) {
            if (m.departures.isEmpty()) {
                continue;
            }
            TransitEvent d = m.departures.get(0);
            departures++;
            assertEquals("PAK", d.territory);
            assertEquals("USD", d.currency);
            assertNotEquals(d.origin, d.destination);
            boolean isIn = rules.isPartner(d.destination);
            boolean isOut = rules.isPartner(d.origin);
            inbound += isIn ? 1 : 0;
            outbound += isOut ? 1 : 0;
            assertTrue(d.declaredValue.signum() > 0 && d.grossMassKg.signum() > 0, d.originalText);
            if (d.hsCode != null) {
                withHs++;
                long day = Math.floorDiv(d.at, DAY);
                assertFalse(Double.isNaN(scenario.mfnRate("PAK", d.hsCode, day)), "no PAK MFN rate: " + d.hsCode);
            }
            if (d.guarantee != null) {
                withGuarantee++;
                if (d.guarantee.signum() == 0) {
                    exempt++;
                    assertEquals("road", d.transportMode.code(), "only the partner's vehicles are exempt");
                    assertTrue(isIn || isOut, "only under the agreement: " + d.originalText);
                }
            }
            if (d.transportMode.code().equals("sea")) {
                assertTrue(seaPorts.contains(d.office), d.originalText);
                seenPorts.add(d.office);
                if (!m.exits.isEmpty()) {
                    assertTrue(borderPosts.contains(m.exits.get(0).office), "sea then road to a border post");
                }
            }
            if (d.transportMode.code().equals("air")) {
                assertEquals("PKISB", d.office);
            }
        }
        assertEquals(seaPorts, seenPorts);
        assertShare(TransitSimulator.HS_CODE_SHARE, withHs, departures, "hs_code on departures");
        assertShare(TransitSimulator.GUARANTEE_SHARE, withGuarantee, departures, "guarantee on departures");
        // Road 35% × under the agreement 75% × partner's vehicle 50% × guarantee given 95%.
        assertShare(0.35 * 0.75 * 0.5 * 0.95, exempt, departures, "exempt guarantees");
        assertShare(0.40, inbound, departures, "inbound");
        assertShare(0.35, outbound, departures, "outbound");
    }
}
