package org.ptaflow.flags;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.Procedure;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioException;
import org.ptaflow.scenario.ScenarioLoader;

/**
 * Fixtures of the origin checks: a small scenario written into a temporary folder, record and month factories.
 *
 * <p>The scenario "flags" covers PAK (rice 100630 at 20 %, linen 630260 at 10 %), AZE and IND (MFN schedules, no
 * concessions). PAK grants AZE a new rate of 0 on 100630 and TUR a new rate of 0 on 630260. The parties are PAK,
 * AZE (as PAK's beneficiary) and TUR; IND, covered but granting nothing, is not, nor are CHN and ARE.
 */
final class FlagFixtures {
    private FlagFixtures() {}

    static final String AGREEMENT = "PK-AZ-PTA";
    static final long USD = 1_000_000L;

    /**
     * Writes the tables and the scenario, with {@code extraSections} appended (YAML lines such as a {@code flags:}
     * section, or "" for none), and loads it.
     */
    static Scenario scenario(Path dir, String extraSections) throws ScenarioException {
        return ScenarioLoader.load(write(dir, extraSections));
    }

    static Path write(Path dir, String extraSections) {
        try {
            Files.createDirectories(dir.resolve("lists"));
            Files.writeString(dir.resolve("mfn.csv"), """
                    importer,hs_prefix,rate,valid_from,valid_to
                    PAK,100630,20,2020-01-01,
                    PAK,630260,10,2020-01-01,
                    AZE,100630,15,2020-01-01,
                    IND,100630,30,2020-01-01,
                    """);
            Files.writeString(dir.resolve("lists/pak-to-aze.csv"), "hs_prefix\n100630\n");
            Files.writeString(dir.resolve("lists/pak-to-tur.csv"), "hs_prefix\n630260\n");
            return Files.writeString(dir.resolve("flags.yaml"), """
                    id: flags
                    agreement: PK-AZ-PTA
                    mfn: { PAK: mfn.csv, AZE: mfn.csv, IND: mfn.csv }
                    concessions:
                      - { importer: PAK, beneficiary: AZE, lines: lists/pak-to-aze.csv, rule: { new_rate: 0 } }
                      - { importer: PAK, beneficiary: TUR, lines: lists/pak-to-tur.csv, rule: { new_rate: 0 } }
                    elasticities:
                      import_demand: { default: -1.5 }
                    """ + extraSections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** A home-use rice record into PAK, in USD. */
    static CustomsRecord record(String declaration, String origin, String consignment, String preference,
            long usd, String iso) {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = declaration;
        r.itemNo = 1;
        r.registeredAt = at(iso);
        r.importer = "PAK";
        r.origin = origin;
        r.consignment = consignment;
        r.hsCode = "1006301000";
        r.procedure = Procedure.HOME_USE;
        r.customsValue = BigDecimal.valueOf(usd);
        r.currency = "USD";
        r.preference = preference;
        return r;
    }

    /** The month of a {@code YYYY-MM} text, as {@link PartnerShift#monthOf} numbers it. */
    static int month(String yearMonth) {
        return PartnerShift.monthOf(at(yearMonth + "-15T12:00:00Z"));
    }

    /** A month's imports by origin, from pairs of origin and USD ({@code "AZE", 100, "CHN", 300}). */
    static Map<String, Long> imports(Object... originUsd) {
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < originUsd.length; i += 2) {
            m.put((String) originUsd[i], ((Integer) originUsd[i + 1]) * USD);
        }
        return m;
    }
}
