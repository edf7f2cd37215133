package org.ptaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptaflow.pipeline.HarnessFixtures.JAN_20;
import static org.ptaflow.pipeline.HarnessFixtures.record;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.CsvRecordParser;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RecordRejectedException;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.scenario.TariffAmendment;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * The scenario join remembers the rates in force of recent (importer, origin, line, currency, day) keys: a record
 * must get exactly what the tables and the amendments received so far give, the same as if nothing were remembered,
 * and an amendment must apply to the very next record of a key answered before it.
 */
class RememberedRatesJoinTest {

    @TempDir
    Path dir;

    private static KeyedBroadcastOperatorTestHarness<String, CustomsRecord, TariffAmendment, ScenarioContribution>
            harness(Scenario scenario) throws Exception {
        return HarnessFixtures.joinHarness(new ApplyScenarios(List.of(scenario), false, Duration.ofDays(1)));
    }

    @Test
    void anAmendmentAppliesToTheNextRecordOfALineAndDayAlreadyAnswered() throws Exception {
        var harness = harness(HarnessFixtures.harnessScenario(dir));
        try {
            // Two records of AZE rice on the same day: the second is answered from what the first looked up.
            harness.processElement(record("100630", "AZE", "100", JAN_20), JAN_20);
            harness.processElement(record("100630", "AZE", "100", JAN_20 + 60_000), JAN_20 + 60_000);
            // The AZE line rate of rice becomes 10 % (instead of the staged 15 %) from January 1st.
            harness.processBroadcastElement(TariffAmendment.fromJson("""
                    {"scenario":"harness","kind":"concession","importer":"PAK","beneficiary":"AZE",
                     "hs_prefix":"100630","rate":10,"from":"2024-01-01"}"""), 0L);
            harness.processElement(record("100630", "AZE", "100", JAN_20 + 120_000), JAN_20 + 120_000);

            List<WindowSums> aze = harness.extractOutputValues().stream()
                    .filter(c -> c.beneficiary.equals("AZE")).map(c -> c.sums).collect(Collectors.toList());
            assertEquals(3, aze.size());
            // 100 USD claiming: MFN 20 % → 20 USD; staged 15 % → 15 USD before the amendment, 10 % → 10 USD after.
            WindowSums atFifteen = HarnessFixtures.claimed100UsdRice(15);
            WindowSums atTen = HarnessFixtures.claimed100UsdRice(10);
            assertEquals(atFifteen, aze.get(0));
            assertEquals(atFifteen, aze.get(1));
            assertEquals(atTen, aze.get(2));
        } finally {
            harness.close();
        }
    }

    /**
     * Simulated records of the request-lists scenario (border taxes ad valorem and specific, quotas, FX) with random
     * amendments between them, through two joins: one remembers rates across records as it runs; the other
     * receives, before every record, a resend of an amendment it already holds, which changes nothing in its state
     * but makes it rebuild its rates, so that every record is looked up in the tables afresh. Every output and side
     * output must be the same, field by field.
     */
    @Test
    void rememberedRatesGiveEveryOutputAsLookingUpEachRecordAfresh() throws Exception {
        Scenario scenario = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        CustomsSimulator simulator = new CustomsSimulator(SimulatorSettings.defaults(14)
                .withStart(Instant.parse("2024-06-25T00:00:00Z")).withRecordsPerSimulatedDay(400));
        CsvRecordParser parser = new CsvRecordParser(simulator.csvHeader(), new ArrayList<>(scenario.taxNames()));
        // A resend of this amendment (of a line no record has, far in the future) is the cold join's rebuild.
        TariffAmendment nudge = TariffAmendment.fromJson("""
                {"scenario":"pk-az-pta-requests","kind":"mfn","importer":"PAK","hs_prefix":"99",
                 "rate":1,"from":"2099-01-01"}""");

        var remembering = harness(scenario);
        var cold = harness(scenario);
        try {
            remembering.processBroadcastElement(nudge, 0L);
            cold.processBroadcastElement(nudge, 0L);
            Random random = new Random(14);
            int records = 0;
            int amendments = 0;
            for (long i = 0; i < 12_000; i++) {
                if (random.nextInt(400) == 0) {
                    TariffAmendment amendment = randomAmendment(random);
                    remembering.processBroadcastElement(amendment, 0L);
                    cold.processBroadcastElement(TariffAmendment.fromJson(amendmentJson(amendment)), 0L);
                    amendments++;
                }
                CustomsRecord record;
                try {
                    record = parser.parse(simulator.csvLine(i));
                } catch (RecordRejectedException e) {
                    continue;
                }
                remembering.processElement(record, record.registeredAt);
                cold.processBroadcastElement(nudge, 0L);
                cold.processElement(parser.parse(simulator.csvLine(i)), record.registeredAt);
                records++;
            }
            assertTrue(records > 10_000 && amendments > 10, records + " records, " + amendments + " amendments");

            List<ScenarioContribution> out = remembering.extractOutputValues();
            assertTrue(out.size() > records / 2, "contributions: " + out.size());
            assertEquals(dump(cold.extractOutputValues()), dump(out));
            assertEquals(dump(HarnessFixtures.originImports(cold)),
                    dump(HarnessFixtures.originImports(remembering)), "origin imports");
            for (OutputTag<?> tag : List.of(OutputTags.REJECTED, OutputTags.QUOTA_EVENTS, OutputTags.FLAGS,
                    OutputTags.LATE)) {
                assertEquals(dump(values(cold.getSideOutput(tag))), dump(values(remembering.getSideOutput(tag))),
                        tag.getId());
            }
            assertTrue(values(remembering.getSideOutput(OutputTags.QUOTA_EVENTS)).size() > 100, "quota events");
        } finally {
            remembering.close();
            cold.close();
        }
    }

    private static <T> List<Object> values(ConcurrentLinkedQueue<StreamRecord<T>> queue) {
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** An amendment of the request-lists scenario of a random kind, on the simulator's lines and dates. */
    private static TariffAmendment randomAmendment(Random random) {
        String importer = random.nextBoolean() ? "PAK" : "AZE";
        String beneficiary = importer.equals("PAK") ? "AZE" : "PAK";
        String[] prefixes = {"10", "1006", "100630", "3102", "310210", "22", "2208", "52", "61", "8"};
        String prefix = prefixes[random.nextInt(prefixes.length)];
        if (prefix.length() < 2) {
            prefix = prefix + random.nextInt(10);
        }
        long from = LocalDate.of(2024, 6, 20).toEpochDay() + random.nextInt(60);
        String common = "\"scenario\":\"pk-az-pta-requests\",\"importer\":\"" + importer + "\",\"from\":\""
                + LocalDate.ofEpochDay(from) + "\"";
        double rate = random.nextInt(200) / 8.0;
        String json = switch (random.nextInt(5)) {
            case 0 -> "{" + common + ",\"kind\":\"mfn\",\"hs_prefix\":\"" + prefix + "\",\"rate\":" + rate + "}";
            case 1 -> "{" + common + ",\"kind\":\"concession\",\"beneficiary\":\"" + beneficiary
                    + "\",\"hs_prefix\":\"" + prefix + "\",\"rate\":" + rate + "}";
            case 2 -> "{" + common + ",\"kind\":\"staging\",\"beneficiary\":\"" + beneficiary + "\",\"fraction\":"
                    + (1 + random.nextInt(8)) / 8.0 + "}";
            case 3 -> "{" + common + ",\"kind\":\"tax\",\"tax\":\"" + (importer.equals("PAK") ? "sales_tax" : "vat")
                    + "\",\"hs_prefix\":\"" + prefix + "\",\"rate\":" + rate + "}";
            default -> "{\"scenario\":\"pk-az-pta-requests\",\"importer\":\"AZE\",\"from\":\""
                    + LocalDate.ofEpochDay(from) + "\",\"kind\":\"tax\",\"tax\":\"excise\",\"hs_prefix\":\"" + prefix
                    + "\",\"rate\":" + rate + ",\"unit\":\"" + (random.nextBoolean() ? "kg" : "l")
                    + "\",\"currency\":\"" + (random.nextBoolean() ? "AZN" : "USD") + "\"}";
        };
        return TariffAmendment.fromJson(json);
    }

    /** The same amendment as a new object (each join gets its own, as each subtask deserialises its own). */
    private static String amendmentJson(TariffAmendment a) {
        StringBuilder json = new StringBuilder("{\"scenario\":\"" + a.scenario + "\",\"kind\":\"" + a.kind
                + "\",\"importer\":\"" + a.importer + "\",\"from\":\"" + LocalDate.ofEpochDay(a.fromDay) + "\"");
        if (!a.beneficiary.isEmpty()) {
            json.append(",\"beneficiary\":\"").append(a.beneficiary).append('"');
        }
        if (!a.hsPrefix.isEmpty()) {
            json.append(",\"hs_prefix\":\"").append(a.hsPrefix).append('"');
        }
        if (!Double.isNaN(a.rate)) {
            json.append(",\"rate\":").append(a.rate);
        }
        if (!Double.isNaN(a.fraction)) {
            json.append(",\"fraction\":").append(a.fraction);
        }
        if (!a.tax.isEmpty()) {
            json.append(",\"tax\":\"").append(a.tax).append('"');
        }
        if (!a.unit.isEmpty()) {
            json.append(",\"unit\":\"").append(a.unit).append("\",\"currency\":\"").append(a.currency).append('"');
        }
        return json.append('}').toString();
    }

    /** Every field of every object, recursively: outputs of these types do not all define equals. */
    static String dump(Object o) {
        StringBuilder sb = new StringBuilder();
        dump(o, sb);
        return sb.toString();
    }

    private static void dump(Object o, StringBuilder sb) {
        if (o == null) {
            sb.append("null");
            return;
        }
        Class<?> c = o.getClass();
        if (c.isArray()) {
            sb.append('[');
            for (int i = 0; i < Array.getLength(o); i++) {
                dump(Array.get(o, i), sb);
                sb.append(',');
            }
            sb.append(']');
            return;
        }
        if (o instanceof Iterable<?> items) {
            sb.append('[');
            for (Object item : items) {
                dump(item, sb);
                sb.append(",\n");
            }
            sb.append(']');
            return;
        }
        if (c.getName().startsWith("java.") || c.isEnum()) {
            sb.append(o); // strings, boxed numbers (a double prints every bit that tells it apart), BigDecimal
            return;
        }
        sb.append(c.getSimpleName()).append('{');
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                sb.append(f.getName()).append('=');
                try {
                    dump(f.get(o), sb);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                sb.append(' ');
            }
        }
        sb.append('}');
    }
}
