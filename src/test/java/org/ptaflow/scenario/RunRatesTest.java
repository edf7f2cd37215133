package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Every scenario's rates remembered together ({@link RunRates}) are each scenario's own: the three library scenarios
 * (other lists, rules and staging) asked in turn for the same records' keys, as the join asks, and in any order,
 * against each scenario's own lookup of its tables.
 */
class RunRatesTest {
    private static final List<Path> LIBRARY = List.of(Paths.get("scenarios/pk-az-pta-requests.yaml"),
            Paths.get("scenarios/pk-az-pta-phase1.yaml"), Paths.get("scenarios/pk-az-full-liberalisation.yaml"));

    @Test
    void eachScenarioGetsItsOwnRatesWhateverTheOrderOfQuestions() throws Exception {
        List<Scenario> scenarios = ScenarioLoader.loadAll(LIBRARY);
        SharedTableLookups tables = new SharedTableLookups();
        AmendedRates[] own = new AmendedRates[scenarios.size()];
        for (int i = 0; i < own.length; i++) {
            own[i] = new AmendedRates(scenarios.get(i), List.of(), tables);
        }
        RunRates together = new RunRates(own);
        String[] importers = {"PAK", "AZE"};
        String[] origins = {"AZE", "PAK", "CHN"};
        String[] currencies = {"USD", "PKR", "AZN"};
        // Lines of the request lists (rice, mandarins, ...) and others, at 6 to 10 digits.
        String[] lines = {"1006300000", "10063010", "100640", "0805210000", "0804500000", "3102100000", "5205110000",
                "8703230000", "2208300000", "0901110000", "6302600000"};
        long firstDay = LocalDate.of(2023, 6, 1).toEpochDay();
        Random random = new Random(11);
        int differentAcrossScenarios = 0;
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        for (int r = 0; r < 100_000; r++) {
            // One record's key, its strings as one record holds them; a pool small enough to be found again.
            String importer = importers[random.nextInt(importers.length)];
            String origin = origins[random.nextInt(origins.length)];
            String line = new String(lines[random.nextInt(lines.length)]);
            String currency = currencies[random.nextInt(currencies.length)];
            long day = firstDay + random.nextInt(3 * 365);
            java.util.Collections.shuffle(order, random);
            RatesInForce[] asked = new RatesInForce[own.length];
            for (int i : order) {
                asked[i] = together.inForce(i, importer, origin, line, currency, day);
                RecentRatesTest.assertSameRates(own[i].inForce(importer, origin, line, currency, day), asked[i],
                        scenarios.get(i).id() + " " + importer + " " + origin + " " + line + " " + currency + " "
                                + LocalDate.ofEpochDay(day));
            }
            // The next day with the same strings, for one scenario: not the day before's answer.
            int i = random.nextInt(own.length);
            RecentRatesTest.assertSameRates(own[i].inForce(importer, origin, line, currency, day + 1),
                    together.inForce(i, importer, origin, line, currency, day + 1), "the next day");
            if (Double.compare(asked[0].preferentialPercent(), asked[2].preferentialPercent()) != 0) {
                differentAcrossScenarios++;
            }
        }
        // The test tells scenarios apart only where their rates differ.
        assertTrue(differentAcrossScenarios > 10_000, "keys rated differently: " + differentAcrossScenarios);
    }
}
