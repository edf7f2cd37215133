package org.ptaflow.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.ptaflow.flags.Flag;
import org.ptaflow.flags.PartnerShift;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * What the origin checks of {@code flags.csv} should find in the simulated records (issue 16): a few consignment
 * breaks among the beneficiaries' claims, and one line whose imports shift to the partner after the entry into
 * force. Counted here from the CSV fields, against the same settings without the origin breaks (which are the records
 * of the simulator before them).
 */
class CustomsSimulatorOriginChecksTest {
    private static final int IMPORTER = CustomsSimulator.COLUMNS.indexOf("importer");
    private static final int ORIGIN = CustomsSimulator.COLUMNS.indexOf("origin");
    private static final int CONSIGNMENT = CustomsSimulator.COLUMNS.indexOf("consignment");
    private static final int HS = CustomsSimulator.COLUMNS.indexOf("hs_code");
    private static final int PROCEDURE = CustomsSimulator.COLUMNS.indexOf("procedure");
    private static final int VALUE = CustomsSimulator.COLUMNS.indexOf("customs_value");
    private static final int CURRENCY = CustomsSimulator.COLUMNS.indexOf("currency");
    private static final int AT = CustomsSimulator.COLUMNS.indexOf("registered_at");
    private static final int PREFERENCE = CustomsSimulator.COLUMNS.indexOf("preference");
    private static final Set<String> PARTIES = Set.of("PAK", "AZE");

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static LocalDate utcDate(String[] f) {
        return OffsetDateTime.parse(f[AT]).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean beneficiary(String[] f) {
        return PARTIES.contains(f[IMPORTER]) && PARTIES.contains(f[ORIGIN]) && !f[IMPORTER].equals(f[ORIGIN]);
    }

    private static boolean trousersIntoAzerbaijan(String[] f) {
        return f[IMPORTER].equals("AZE") && f[HS].equals("6203420000");
    }

    /**
     * 40 days from the entry into force at 2,000 records a day: about 80,000 × 10.8% beneficiary records (the
     * catalogue's ≈ 2,060 of 19,000 line items a year) × 95% home use × 70% claims ≈ 5,700 claims, 0.5% of them
     * (≈ 29) consigned from the hub. Before, 5% were.
     */
    @Test
    void aHalfPercentOfTheBeneficiariesClaimsAreConsignedFromAThirdCountry() {
        SimulatorSettings settings = SimulatorSettings.defaults(21).withStart(Instant.parse("2024-07-01T00:00:00Z"));
        CustomsSimulator sim = new CustomsSimulator(settings);
        CustomsSimulator before = new CustomsSimulator(settings.withOriginBreaks(false));
        int claims = 0;
        int breaks = 0;
        int breaksBefore = 0;
        int changed = 0;
        for (long i = 0; i < 80_000; i++) {
            String line = sim.csvLine(i);
            String old = before.csvLine(i);
            String[] f = split(line);
            String[] g = split(old);
            if (!line.equals(old)) {
                changed++;
                if (!trousersIntoAzerbaijan(g)) {
                    // Outside the deflected line only a beneficiary's consignment changes: from the hub to its origin.
                    assertTrue(beneficiary(g), "record " + i + ": " + old + " -> " + line);
                    assertEquals("ARE", g[CONSIGNMENT]);
                    assertEquals(g[ORIGIN], f[CONSIGNMENT]);
                    g[CONSIGNMENT] = f[CONSIGNMENT];
                    assertEquals(String.join(",", g), line, "only the consignment changed");
                }
            }
            boolean claim = f[PROCEDURE].equals("home_use") && f[PREFERENCE].equals("PK-AZ-PTA");
            if (claim && !trousersIntoAzerbaijan(f)) {
                claims++;
                breaks += PARTIES.contains(f[CONSIGNMENT]) || f[CONSIGNMENT].equals(f[ORIGIN]) ? 0 : 1;
                String[] o = split(old);
                breaksBefore += PARTIES.contains(o[CONSIGNMENT]) || o[CONSIGNMENT].equals(o[ORIGIN]) ? 0 : 1;
            }
        }
        assertTrue(claims > 4_500 && claims < 7_000, "claims " + claims);
        double sd = Math.sqrt(claims * 0.005 * 0.995);
        assertEquals(0.005 * claims, breaks, 4 * sd, "breaks " + breaks + " of " + claims + " claims");
        assertTrue(breaks >= 10, "a few breaks to see: " + breaks);
        assertEquals(0.05 * claims, breaksBefore, 4 * Math.sqrt(claims * 0.05 * 0.95), "before: 5% via the hub");
        assertTrue(changed > 0);
    }

    /**
     * Azerbaijan's imports of men's cotton trousers (6203420000) by month, January to August 2024, at 300 records a
     * day: the line is (6 + 5 + 1.5) / 10,000 of 19,000 line items a year ≈ 6.6% of the records, about 600 a month.
     * Pakistan sells 1.5 M of the 12.5 M a year (12%), China 5 M (40%); from 1 July, 80% of China's are declared
     * Pakistani: Pakistan 1.5 + 4 = 5.5 M (44%), China 1 M (8%). So July's Pakistani share should exceed its
     * January–June average by about 0.32 (clearly more than the rule's 0.2), China's fall, and no month before July
     * jump like that.
     */
    @Test
    void chinasTrousersShiftToPakistanFromTheEntryIntoForceByMoreThanTwentyPoints() throws Exception {
        SimulatorSettings settings = SimulatorSettings.defaults(9).withRecordsPerSimulatedDay(300);
        CustomsSimulator sim = new CustomsSimulator(settings);
        CustomsSimulator before = new CustomsSimulator(settings.withOriginBreaks(false));
        // month (1..8) → origin → USD
        Map<Integer, Map<String, Double>> byMonth = new TreeMap<>();
        int deflected = 0;
        int chineseAfter = 0;
        int consignedFromPartner = 0;
        long records = 300L * (31 + 29 + 31 + 30 + 31 + 30 + 31 + 31);
        for (long i = 0; i < records; i++) {
            String[] f = split(sim.csvLine(i));
            String[] g = split(before.csvLine(i));
            LocalDate day = utcDate(f);
            if (trousersIntoAzerbaijan(g) && g[ORIGIN].equals("CHN") && !day.isBefore(LocalDate.of(2024, 7, 1))) {
                chineseAfter++;
                if (f[ORIGIN].equals("PAK")) {
                    deflected++;
                    // Relabelled on their way through the partner: consigned from it (or, like any beneficiary
                    // record, 0.5% of the time from the hub), never from China, which the consignment rule would see.
                    assertTrue(Set.of("PAK", "ARE").contains(f[CONSIGNMENT]), String.join(",", f));
                    consignedFromPartner += f[CONSIGNMENT].equals("PAK") ? 1 : 0;
                }
            } else if (trousersIntoAzerbaijan(g)) {
                assertEquals(g[ORIGIN], f[ORIGIN], "no deflection before the entry into force or of others");
            }
            if (!trousersIntoAzerbaijan(f) || !f[PROCEDURE].equals("home_use")) {
                continue;
            }
            double usd = Double.parseDouble(f[VALUE])
                    * (f[CURRENCY].equals("USD") ? 1 : SimulatedFx.usdPerUnit(f[CURRENCY], day));
            byMonth.computeIfAbsent(day.getMonthValue(), m -> new HashMap<>()).merge(f[ORIGIN], usd, Double::sum);
        }
        assertEquals(0.8 * chineseAfter, deflected, 4 * Math.sqrt(chineseAfter * 0.8 * 0.2),
                deflected + " of " + chineseAfter);
        assertTrue(consignedFromPartner >= 0.97 * deflected, consignedFromPartner + " of " + deflected);
        assertEquals(8, byMonth.size());

        double pakAverage = 0;
        double chnAverage = 0;
        for (int m = 1; m <= 6; m++) {
            pakAverage += share(byMonth.get(m), "PAK") / 6;
            chnAverage += share(byMonth.get(m), "CHN") / 6;
            if (m >= 4) {
                double earlier = 0;
                for (int k = 1; k < m; k++) {
                    earlier += share(byMonth.get(k), "PAK") / (m - 1);
                }
                assertTrue(share(byMonth.get(m), "PAK") - earlier < 0.1, "no jump in month " + m);
            }
        }
        assertEquals(0.12, pakAverage, 0.04, "Pakistan's share before");
        assertEquals(0.40, chnAverage, 0.06, "China's share before");
        double july = share(byMonth.get(7), "PAK");
        assertTrue(july - pakAverage > 0.25, "July " + july + " against " + pakAverage);
        assertEquals(0.44, july, 0.06, "Pakistan's share in July");
        assertTrue(share(byMonth.get(7), "CHN") < chnAverage - 0.2, "China's share falls");
        // August against January–July (7 months, one of them shifted) still jumps by more than 0.2.
        double augustAverage = (pakAverage * 6 + july) / 7;
        assertTrue(share(byMonth.get(8), "PAK") - augustAverage > 0.2, "August");

        // And the job's rule, over the same month sums in micro-USD, flags July and August but no month before.
        PartnerShift rule = new PartnerShift(ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml")));
        Map<Integer, Map<String, Long>> micros = new TreeMap<>();
        byMonth.forEach((m, origins) -> {
            Map<String, Long> values = new TreeMap<>();
            origins.forEach((origin, usd) -> values.put(origin, Math.round(usd * 1e6)));
            micros.put(2024 * 12 + m - 1, values);
        });
        for (int m = 1; m <= 8; m++) {
            List<Flag> flags = rule.check("AZE", "620342", 2024 * 12 + m - 1, micros);
            if (m < 7) {
                assertEquals(List.of(), flags, "month " + m);
            } else {
                assertEquals(1, flags.size(), "month " + m);
                assertEquals("PAK", flags.get(0).origin);
                assertEquals(Flag.PARTNER_SHIFT, flags.get(0).rule);
            }
        }
    }

    private static double share(Map<String, Double> month, String origin) {
        double total = month.values().stream().mapToDouble(Double::doubleValue).sum();
        return month.getOrDefault(origin, 0.0) / total;
    }
}
