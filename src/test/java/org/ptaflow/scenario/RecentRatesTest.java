package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rates the scenario join remembers ({@link RunRates}, {@link RecentRates}) against the tables looked up every
 * time ({@link AmendedRates#inForce}), on the request-lists scenario (MFN schedules, concessions with
 * staging and rules, ad-valorem and specific border taxes, quotas, an FX table): many random records whose keys
 * repeat and share slots, and amendments arriving between them, each rebuilding the rates as the join does.
 */
class RecentRatesTest {
    private static final String[] IMPORTERS = {"PAK", "AZE", "TUR"};
    private static final String[] ORIGINS = {"AZE", "PAK", "CHN", "TUR", "RUS"};
    private static final String[] CURRENCIES = {"USD", "PKR", "AZN", "EUR", "XXX"};
    private static final long FIRST_DAY = LocalDate.of(2021, 6, 1).toEpochDay();
    private static final int DAYS = 5 * 365;

    private static Scenario scenario;
    /** Every HS prefix of the scenario's tables and lists. */
    private static List<String> prefixes;

    @BeforeAll
    static void load() throws Exception {
        scenario = ScenarioLoader.load(Paths.get("scenarios/pk-az-pta-requests.yaml"));
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.list(Paths.get("scenarios/tariffs")),
                Files.list(Paths.get("scenarios/lists")))) {
            for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                found.addAll(firstPrefixColumn(csv));
            }
        }
        prefixes = List.copyOf(found);
        assertTrue(prefixes.size() > 50, "prefixes read: " + prefixes.size());
    }

    /** The values of a table's {@code hs_prefix} (or {@code prefix}) column; none when it has neither. */
    private static List<String> firstPrefixColumn(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int column = header.contains("hs_prefix") ? header.indexOf("hs_prefix") : header.indexOf("prefix");
        List<String> values = new ArrayList<>();
        if (column >= 0) {
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",", -1);
                if (fields.length > column && fields[column].matches("[0-9]{2,10}")) {
                    values.add(fields[column]);
                }
            }
        }
        return values;
    }

    /** What decides the rates in force: a record's importer, origin, line, currency and UTC day. */
    private record Key(String importer, String origin, String hsCode, String currency, long day) {
        /** The same key in new strings, as each record brings its own after the shuffle. */
        Key copied() {
            return new Key(new String(importer), new String(origin), new String(hsCode), new String(currency), day);
        }
    }

    private static Key randomKey(Random random) {
        String prefix = prefixes.get(random.nextInt(prefixes.size()));
        StringBuilder line = new StringBuilder(prefix.length() > 10 ? prefix.substring(0, 10) : prefix);
        int length = 6 + random.nextInt(5);
        while (line.length() < length) {
            line.append(random.nextInt(10));
        }
        return new Key(IMPORTERS[random.nextInt(IMPORTERS.length)], ORIGINS[random.nextInt(ORIGINS.length)],
                line.toString(), CURRENCIES[random.nextInt(CURRENCIES.length)], FIRST_DAY + random.nextInt(DAYS));
    }

    private static String date(long day) {
        return LocalDate.ofEpochDay(day).toString();
    }

    /** An amendment of a random kind on random lines and dates; some a scenario refuses (a tax of the other kind). */
    private static TariffAmendment randomAmendment(Random random) {
        String importer = random.nextBoolean() ? "PAK" : "AZE";
        String beneficiary = importer.equals("PAK") ? "AZE" : "PAK";
        String prefix = prefixes.get(random.nextInt(prefixes.size()));
        prefix = prefix.substring(0, Math.min(prefix.length(), 2 + random.nextInt(5)));
        long from = FIRST_DAY + random.nextInt(DAYS);
        String to = random.nextBoolean() ? "" : ",\"to\":\"" + date(from + 1 + random.nextInt(400)) + "\"";
        String common = "\"scenario\":\"pk-az-pta-requests\",\"importer\":\"" + importer + "\",\"from\":\""
                + date(from) + "\"" + to;
        double rate = random.nextInt(400) / 8.0;
        String json = switch (random.nextInt(5)) {
            case 0 -> "{" + common + ",\"kind\":\"mfn\",\"hs_prefix\":\"" + prefix + "\",\"rate\":" + rate + "}";
            case 1 -> "{" + common + ",\"kind\":\"concession\",\"beneficiary\":\"" + beneficiary
                    + "\",\"hs_prefix\":\"" + prefix + "\",\"rate\":" + rate + "}";
            case 2 -> "{" + common + ",\"kind\":\"staging\",\"beneficiary\":\"" + beneficiary + "\",\"fraction\":"
                    + (1 + random.nextInt(8)) / 8.0 + "}";
            case 3 -> "{" + common + ",\"kind\":\"tax\",\"tax\":\"" + (importer.equals("PAK")
                    ? new String[] {"acd", "rd", "sales_tax", "wht"}[random.nextInt(4)] : "vat")
                    + "\",\"hs_prefix\":\"" + prefix + "\",\"rate\":" + rate + "}";
            default -> "{" + common + ",\"kind\":\"tax\",\"tax\":\"excise\",\"hs_prefix\":\"" + prefix
                    + "\",\"rate\":" + rate + ",\"unit\":\"l\",\"currency\":\""
                    + CURRENCIES[random.nextInt(CURRENCIES.length)] + "\"}";
        };
        return TariffAmendment.fromJson(json);
    }

    /**
     * Field by field, doubles by their bits (NaN included), decimals with their scale, the taxes and the quota as the
     * scenario's own objects (RatesInForce is a record of arrays: its own equals compares them by reference).
     */
    static void assertSameRates(RatesInForce expected, RatesInForce actual, String what) {
        assertEquals(expected.usdPerUnit(), actual.usdPerUnit(), what);
        assertEquals(Double.doubleToRawLongBits(expected.mfnPercent()),
                Double.doubleToRawLongBits(actual.mfnPercent()), what);
        assertEquals(Double.doubleToRawLongBits(expected.preferentialPercent()),
                Double.doubleToRawLongBits(actual.preferentialPercent()), what);
        assertSame(expected.taxes(), actual.taxes(), what);
        assertTrue(Arrays.equals(expected.taxRates(), actual.taxRates()), what);
        assertTrue(Arrays.equals(expected.taxUsdPerUnit(), actual.taxUsdPerUnit()), what);
        assertSame(expected.quota(), actual.quota(), what);
    }

    /** The join's memory over one scenario's rates, as it is rebuilt with them. */
    private static RunRates remembering(AmendedRates rates) {
        return new RunRates(new AmendedRates[] {rates});
    }

    private static boolean sameRates(RatesInForce a, RatesInForce b) {
        return Objects.equals(a.usdPerUnit(), b.usdPerUnit())
                && Double.doubleToRawLongBits(a.mfnPercent()) == Double.doubleToRawLongBits(b.mfnPercent())
                && Double.doubleToRawLongBits(a.preferentialPercent())
                        == Double.doubleToRawLongBits(b.preferentialPercent())
                && Arrays.equals(a.taxRates(), b.taxRates()) && Arrays.equals(a.taxUsdPerUnit(), b.taxUsdPerUnit());
    }

    @Test
    void rememberedRatesEqualTheTablesForRandomRecordsAndAmendmentsBetweenThem() {
        Random random = new Random(14);
        // A pool of keys larger than the slots, so that keys repeat and also push each other out of their slots.
        List<Key> pool = new ArrayList<>();
        for (int i = 0; i < 3 * RecentRates.SLOTS; i++) {
            pool.add(randomKey(random));
        }
        List<TariffAmendment> received = new ArrayList<>();
        AmendedRates rates = new AmendedRates(scenario, received);
        RunRates remembering = remembering(rates);
        int changedByAnAmendment = 0;
        int withTaxes = 0;
        int withQuota = 0;
        for (int step = 0; step < 40; step++) {
            for (int i = 0; i < 4_000; i++) {
                // Mostly a recent key (records of one line and day come together), sometimes any key of the pool.
                Key key = pool.get(random.nextInt(10) < 8 ? (step * 97 + random.nextInt(300)) % pool.size()
                        : random.nextInt(pool.size())).copied();
                RatesInForce remembered = remembering.inForce(0, key.importer(), key.origin(), key.hsCode(),
                        key.currency(), key.day());
                RatesInForce looked =
                        rates.inForce(key.importer(), key.origin(), key.hsCode(), key.currency(), key.day());
                assertSameRates(looked, remembered, key.toString());
                withTaxes += remembered.taxes().isEmpty() ? 0 : 1;
                withQuota += remembered.quota() == null ? 0 : 1;
            }
            // An amendment arrives: the join rebuilds the rates with every amendment received so far.
            TariffAmendment amendment = randomAmendment(random);
            RunRates before = remembering;
            received.add(amendment);
            rates = new AmendedRates(scenario, received);
            remembering = remembering(rates);
            for (Key key : pool) {
                RatesInForce old = before.inForce(0, key.importer(), key.origin(), key.hsCode(), key.currency(),
                        key.day());
                RatesInForce now = remembering.inForce(0, key.importer(), key.origin(), key.hsCode(),
                        key.currency(), key.day());
                assertSameRates(rates.inForce(key.importer(), key.origin(), key.hsCode(), key.currency(), key.day()),
                        now, key.toString());
                changedByAnAmendment += sameRates(old, now) ? 0 : 1;
            }
        }
        // The test would catch rates remembered across an amendment only if amendments changed some answers.
        assertTrue(changedByAnAmendment > 100, "answers changed by amendments: " + changedByAnAmendment);
        assertTrue(withTaxes > 10_000 && withQuota > 0, "taxes " + withTaxes + ", quota " + withQuota);
    }

    @Test
    void aRecordOfTheSameKeyGetsTheSameRatesAndAnAmendedRatesStartsEmpty() {
        String line = "1006309800";
        long day = LocalDate.of(2024, 8, 1).toEpochDay();
        RunRates rates = remembering(new AmendedRates(scenario, List.of()));
        RatesInForce first = rates.inForce(0, "AZE", "PAK", line, "AZN", day);
        assertNotNull(first.usdPerUnit());
        assertSame(first, rates.inForce(0, new String("AZE"), new String("PAK"), new String(line),
                new String("AZN"), day), "remembered for an equal key in other strings");
        assertFalse(first == rates.inForce(0, "AZE", "PAK", line, "AZN", day + 1), "another day is another key");
        // The rice line is in quota aze-rice-from-pak for PAK's goods, not for another origin's.
        assertEquals("aze-rice-from-pak", first.quota().id());
        assertEquals(null, rates.inForce(0, "AZE", "CHN", line, "AZN", day).quota());

        // A concession amendment for the line from that day: the rebuilt rates answer with it at once.
        RunRates amended = remembering(new AmendedRates(scenario, List.of(TariffAmendment.fromJson(
                "{\"scenario\":\"pk-az-pta-requests\",\"kind\":\"concession\",\"importer\":\"AZE\","
                        + "\"beneficiary\":\"PAK\",\"hs_prefix\":\"100630\",\"rate\":0,\"from\":\"2024-08-01\"}"))));
        assertEquals(0.0, amended.inForce(0, "AZE", "PAK", line, "AZN", day).preferentialPercent());
        assertFalse(first.preferentialPercent() == 0.0, "the line's rate before the amendment is not 0");
    }
}
