package org.ptaflow.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The simulator's response to a concession in force (issue 15): a known true elasticity the evaluation can recover.
 * The rates are stated outright ({@link FixedRates}) so that the expected factors are hand arithmetic.
 */
class CustomsSimulatorResponseTest {

    private static final int ORIGIN = CustomsSimulator.COLUMNS.indexOf("origin");
    private static final int IMPORTER = CustomsSimulator.COLUMNS.indexOf("importer");
    private static final int HS = CustomsSimulator.COLUMNS.indexOf("hs_code");
    private static final int VALUE = CustomsSimulator.COLUMNS.indexOf("customs_value");
    private static final int CURRENCY = CustomsSimulator.COLUMNS.indexOf("currency");
    private static final int QUANTITY = CustomsSimulator.COLUMNS.indexOf("quantity");
    private static final int AT = CustomsSimulator.COLUMNS.indexOf("registered_at");

    private static final LocalDate ENTRY = LocalDate.parse("2024-03-01");
    /** Two months before the entry into force (60 days) and 60 days after, 2,500 records a day. */
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final int PER_DAY = 2_500;
    private static final int RECORDS = PER_DAY * 120;

    /**
     * MFN 20% on every line; Azerbaijan's concession to Pakistan cuts the lines of the given prefixes to 0 from
     * {@link #ENTRY} (nothing before it), and covers nothing else.
     */
    record FixedRates(List<String> prefixes) implements ResponseRates {
        @Override
        public double mfnRate(String importer, String hsCode, long epochDay) {
            return 20;
        }

        @Override
        public double preferentialRate(String importer, String beneficiary, String hsCode, long epochDay,
                double mfnRate) {
            boolean covered = importer.equals("AZE") && beneficiary.equals("PAK")
                    && prefixes.stream().anyMatch(hsCode::startsWith);
            return covered && epochDay >= ENTRY.toEpochDay() ? 0 : Double.NaN;
        }
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static LocalDate utcDate(String[] f) {
        return OffsetDateTime.parse(f[AT]).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * Whether record {@code i} (no duplicates) falls on or after the entry into force: its slot's day, since a day
     * holds a whole number of slots here; {@link #slotsKeepTheirDay} checks it against the written time.
     */
    private static boolean afterEntry(CustomsSimulator sim, long i) {
        return sim.slotStartMillis(i) >= ENTRY.toEpochDay() * 86_400_000L;
    }

    private static boolean pakistaniRiceIntoAzerbaijan(String[] f) {
        return f[IMPORTER].equals("AZE") && f[ORIGIN].equals("PAK") && f[HS].startsWith("1006");
    }

    private static String sha256(CustomsSimulator sim, int records, boolean json) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (long i = 0; i < records; i++) {
            digest.update(((json ? sim.jsonLine(i) : sim.csvLine(i)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The digests were taken with the code of commit 191eb01, before the response existed, over the same records
     * (lines joined with '\n'): settings without a response must keep every record's bytes. Both runs straddle
     * 2024-07-01, when claims open, and the second has bad records and duplicates. Without the origin breaks (issue
     * 16), which change the consignment of a few beneficiary records and the origin of one deflected flow:
     * {@link CustomsSimulatorOriginChecksTest} checks that they change nothing else.
     */
    @Test
    void withoutAResponseEveryRecordIsAsBeforeTheResponseExisted() throws Exception {
        CustomsSimulator plain = new CustomsSimulator(
                SimulatorSettings.defaults(42).withStart(Instant.parse("2024-06-21T00:00:00Z")).withOriginBreaks(false));
        assertEquals("e608f4988a24a25619340ffdc6baac13e95bbeacd2ed6865d1f878c4888cd936", sha256(plain, 40_000, false));
        assertEquals("d68f3223a04b12546cf5168d13de495506b85102f971ed9c67969445669f4be0", sha256(plain, 40_000, true));
        CustomsSimulator defective = new CustomsSimulator(SimulatorSettings.defaults(7)
                .withStart(Instant.parse("2024-06-26T00:00:00Z")).withBadRecordShare(0.05).withDuplicateShare(0.05)
                .withOriginBreaks(false));
        assertEquals("000476f1a060bfb07f3abcb4c9617513f144aab90f2dda9b14f2f42d50daa30b",
                sha256(defective, 40_000, false));
        assertEquals("3a4dd0cdb29c2bd2098e56ecd4b1af0c045d442450e4ad625ebe3621082f034d",
                sha256(defective, 40_000, true));
    }

    /**
     * A cut from t0 = 20% to t1 = 0 with ε = −4: the true factor is ((1 + 0)/(1 + 0.2))^−4 = 1.2^4 = 2.0736.
     *
     * <p>Before against after, in one run: the mean USD value per record of Pakistan's rice into Azerbaijan after
     * the entry into force over the mean before. Each mean is of n ≥ 2,500 lognormal values (σ = 0.6 of the
     * consignment, coefficient of variation √(e^0.36 − 1) = 0.66; with the response's noise √(e^0.37 − 1) = 0.67),
     * so the ratio has a relative standard error of about √(0.66² + 0.67²)/√2,500 = 1.9%: 7% is more than 3.5 of
     * them. The paired comparison below pins the factor much closer.
     *
     * <p>Paired, against the same settings without a response: every record is the same draw, so the value of an
     * after-entry rice record divided by its value without response is exactly 2.0736 × its noise (up to the cents).
     * The noise is exp(0.1 Z − 0.005): its log has mean −0.005 and standard deviation 0.1, so over n ≥ 2,500 records
     * the mean log is within 4 × 0.1/√2,500 = 0.008 of −0.005 and the sample deviation within 0.006 of 0.1 (its
     * standard error is 0.1/√(2n) = 0.0014).
     */
    @Test
    void aCutFromTwentyPercentToZeroRaisesTheBeneficiarysValuePerRecordByTheTrueFactor() {
        SimulatorSettings base = SimulatorSettings.defaults(11).withStart(START).withRecordsPerSimulatedDay(PER_DAY);
        CustomsSimulator without = new CustomsSimulator(base);
        CustomsSimulator with = new CustomsSimulator(
                base.withResponse(SimulatedResponse.uniform(-4, new FixedRates(List.of("1006")))));
        double truth = Math.pow(1.2, 4);

        double sumBefore = 0;
        int nBefore = 0;
        double sumAfter = 0;
        int nAfter = 0;
        double sumLogNoise = 0;
        double sumSquaredLogNoise = 0;
        int paired = 0;
        int othersAfter = 0;
        for (long i = 0; i < RECORDS; i++) {
            String lineWith = with.csvLine(i);
            String lineWithout = without.csvLine(i);
            String[] f = split(lineWith);
            boolean after = afterEntry(with, i);
            if (!pakistaniRiceIntoAzerbaijan(f) || !after) {
                // Other origins, other lines, and the beneficiary's rice before entry: untouched, byte for byte.
                assertEquals(lineWithout, lineWith, "record " + i);
                othersAfter += after ? 1 : 0;
            }
            if (!pakistaniRiceIntoAzerbaijan(f)) {
                continue;
            }
            if (f[CURRENCY].equals("USD")) {
                if (after) {
                    sumAfter += Double.parseDouble(f[VALUE]);
                    nAfter++;
                } else {
                    sumBefore += Double.parseDouble(f[VALUE]);
                    nBefore++;
                }
            }
            if (after) {
                String[] g = split(lineWithout);
                double valueRatio = Double.parseDouble(f[VALUE]) / Double.parseDouble(g[VALUE]);
                double quantityRatio = Double.parseDouble(f[QUANTITY]) / Double.parseDouble(g[QUANTITY]);
                // The quantity follows the value: both come from the same scaled USD value (rounding: 1 kg in 10^4).
                assertEquals(valueRatio, quantityRatio, valueRatio * 1e-3, "record " + i);
                double logNoise = Math.log(valueRatio / truth);
                sumLogNoise += logNoise;
                sumSquaredLogNoise += logNoise * logNoise;
                paired++;
            }
        }
        // Expected about 2,980 a side: 150,000 records, 2.84% of them Pakistan's rice into Azerbaijan, 70% in USD.
        assertTrue(nBefore >= 2_500 && nAfter >= 2_500, "USD rice records before " + nBefore + ", after " + nAfter);
        assertTrue(othersAfter > 140_000, "records of other flows after entry: " + othersAfter);
        double ratio = (sumAfter / nAfter) / (sumBefore / nBefore);
        assertEquals(truth, ratio, 0.07 * truth, "mean value per record, after over before");

        double meanLog = sumLogNoise / paired;
        double sdLog = Math.sqrt(sumSquaredLogNoise / paired - meanLog * meanLog);
        assertEquals(-0.005, meanLog, 0.008, "mean log noise over " + paired + " records");
        assertEquals(SimulatedResponse.NOISE_SIGMA, sdLog, 0.006, "sd of the log noise");
    }

    /**
     * Section 2 (vegetable products: rice, chapter 10) at ε = −1.5 and the rest at −4: against a run at −4 on every
     * line, the same records draw the same noise, so a rice record's value changes by exactly
     * (1/1.2)^−1.5 / (1/1.2)^−4 = 1.2^−2.5 = 0.6339 (the less elastic section grows less), and the cotton fabric
     * (chapter 52, section 11) keeps its bytes.
     */
    @Test
    void aSectionsElasticityOverridesTheDefaultForItsLinesOnly() {
        SimulatorSettings base = SimulatorSettings.defaults(5).withStart(Instant.parse("2024-02-20T00:00:00Z"))
                .withRecordsPerSimulatedDay(PER_DAY);
        FixedRates rates = new FixedRates(List.of("1006", "5208"));
        CustomsSimulator uniform = new CustomsSimulator(base.withResponse(SimulatedResponse.uniform(-4, rates)));
        CustomsSimulator bySection = new CustomsSimulator(
                base.withResponse(new SimulatedResponse(-4, new TreeMap<>(Map.of(2, -1.5)), rates)));
        double expected = Math.pow(1.2, -2.5);
        int rice = 0;
        int cotton = 0;
        for (long i = 0; i < PER_DAY * 20L; i++) {
            String a = uniform.csvLine(i);
            String b = bySection.csvLine(i);
            String[] f = split(a);
            boolean after = afterEntry(uniform, i);
            boolean respondsInSection2 = pakistaniRiceIntoAzerbaijan(f) && after;
            if (!respondsInSection2) {
                assertEquals(a, b, "record " + i);
                if (f[ORIGIN].equals("PAK") && f[HS].startsWith("5208") && after) {
                    cotton++;
                }
                continue;
            }
            double ratio = Double.parseDouble(split(b)[VALUE]) / Double.parseDouble(f[VALUE]);
            assertEquals(expected, ratio, expected * 1e-5, "record " + i); // cents on values of thousands
            rice++;
        }
        // Expected: 10 of the 20 days after entry, 25,000 records: about 710 rice (2.84%) and 66 cotton (0.26%).
        assertTrue(rice > 500 && cotton > 20, "rice " + rice + ", cotton " + cotton);
    }

    @Test
    void slotsKeepTheirDay() {
        CustomsSimulator sim = new CustomsSimulator(
                SimulatorSettings.defaults(3).withStart(Instant.parse("2024-02-29T00:00:00Z"))
                        .withRecordsPerSimulatedDay(PER_DAY));
        for (long i = 0; i < 2 * PER_DAY; i++) {
            assertEquals(afterEntry(sim, i), !utcDate(split(sim.csvLine(i))).isBefore(ENTRY), "record " + i);
        }
    }

    @Test
    void theResponseFactorIsTheTariffFactorToTheElasticityTimesTheNoise() {
        SimulatedResponse r = SimulatedResponse.uniform(-2, new FixedRates(List.of("1006")));
        long after = ENTRY.toEpochDay();
        // z = 0: the noise is exp(−σ²/2) = exp(−0.005).
        assertEquals(1.44 * Math.exp(-0.005), r.factor("AZE", "PAK", "1006309800", after, 0), 1e-12);
        // z = 1: exp(0.1 − 0.005).
        assertEquals(1.44 * Math.exp(0.095), r.factor("AZE", "PAK", "1006309800", after, 1), 1e-12);
        assertEquals(1, r.factor("AZE", "PAK", "1006309800", after - 1, 0.7), "before the entry into force");
        assertEquals(1, r.factor("AZE", "IND", "1006309800", after, 0.7), "not a beneficiary");
        assertEquals(1, r.factor("AZE", "PAK", "5208120000", after, 0.7), "a line without concession");
    }

    @Test
    void aResponseRefusesAPositiveOrNonFiniteElasticityAndSectionsOutside1To21() {
        FixedRates rates = new FixedRates(List.of());
        assertThrows(IllegalArgumentException.class, () -> SimulatedResponse.uniform(0.5, rates));
        assertThrows(IllegalArgumentException.class, () -> SimulatedResponse.uniform(Double.NaN, rates));
        assertThrows(IllegalArgumentException.class,
                () -> SimulatedResponse.uniform(Double.NEGATIVE_INFINITY, rates));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulatedResponse(-1, new TreeMap<>(Map.of(0, -1.0)), rates));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulatedResponse(-1, new TreeMap<>(Map.of(22, -1.0)), rates));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulatedResponse(-1, new TreeMap<>(Map.of(3, 0.1)), rates));
        SimulatedResponse zero = SimulatedResponse.uniform(0, rates); // no response but the noise: allowed
        assertNotEquals(null, zero);
    }

    /**
     * {@code run} ships the settings to every source task by Java serialization (the generator source's function):
     * a response on the scenario's rates must come back whole and draw the same records.
     */
    @Test
    void aResponseOnTheScenariosRatesSurvivesSerialization() throws Exception {
        org.ptaflow.scenario.Scenario scenario =
                org.ptaflow.scenario.ScenarioLoader.load(java.nio.file.Path.of("scenarios/pk-az-pta-requests.yaml"));
        SimulatorSettings settings = SimulatorSettings.defaults(9).withStart(Instant.parse("2024-06-30T00:00:00Z"))
                .withResponse(new SimulatedResponse(-3, new TreeMap<>(Map.of(2, -1.0)), ResponseRates.of(scenario)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        SimulatorSettings copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SimulatorSettings) in.readObject();
        }
        CustomsSimulator original = new CustomsSimulator(settings);
        CustomsSimulator shipped = new CustomsSimulator(copy);
        CustomsSimulator plain = new CustomsSimulator(settings.withResponse(null));
        int responded = 0;
        for (long i = 0; i < 4_000; i++) { // 2024-06-30 and 2024-07-01, the first staging date
            assertEquals(original.csvLine(i), shipped.csvLine(i), "record " + i);
            responded += original.csvLine(i).equals(plain.csvLine(i)) ? 0 : 1;
        }
        assertTrue(responded > 50, "records that responded: " + responded);
    }
}
