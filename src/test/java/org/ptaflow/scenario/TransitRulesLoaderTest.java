package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scenario's {@code transit:} section (contract §3): loaded into {@link TransitRules}, with the contract's
 * default {@code orphan_wait}, and refused with the field and the problem when broken. Each broken case edits one
 * thing of the valid section {@link #TRANSIT}, appended to the pk-az fixture.
 */
class TransitRulesLoaderTest {
    private static final long DAY = 86_400_000L;

    static final String TRANSIT = """
            transit:
              territory: PAK
              partners: [AZE]
              time_limits: { road: P8D, rail: P10D, sea: P30D, air: P3D }
              orphan_wait: P5D
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void copyTables() {
        Fixtures.copyFixture(dir);
    }

    private Scenario load(String transitSection) throws ScenarioException {
        return ScenarioLoader.load(Fixtures.write(dir, "transit.yaml", Fixtures.scenarioYaml() + transitSection));
    }

    @Test
    void theSectionLoadsTerritoryPartnersLimitsAndWait() throws ScenarioException {
        TransitRules rules = load(TRANSIT).transit();
        assertEquals("PAK", rules.territory());
        assertEquals(List.of("AZE"), rules.partners());
        assertEquals(8 * DAY, rules.timeLimitMillis("road"));
        assertEquals(10 * DAY, rules.timeLimitMillis("rail"));
        assertEquals(30 * DAY, rules.timeLimitMillis("sea"));
        assertEquals(3 * DAY, rules.timeLimitMillis("air"));
        assertEquals(5 * DAY, rules.orphanWaitMillis());
        assertTrue(rules.isPartner("AZE"));
        assertTrue(!rules.isPartner("AFG"));
    }

    @Test
    void orphanWaitDefaultsToSevenDays() throws ScenarioException {
        TransitRules rules = load(TRANSIT.replace("  orphan_wait: P5D\n", "")).transit();
        assertEquals(7 * DAY, rules.orphanWaitMillis());
    }

    @Test
    void aScenarioWithoutTheSectionHasNoTransitRules() throws ScenarioException {
        Scenario s = load("");
        assertNull(s.transit());
        assertTrue(s.describe().contains("transit    none\n"), s.describe());
    }

    @Test
    void validateDescribesTheSection() throws ScenarioException {
        String text = load(TRANSIT).describe();
        assertTrue(text.contains("transit    PAK, partners AZE, time limits road PT192H rail PT240H sea PT720H"
                + " air PT72H, orphan wait PT120H\n"), text);
    }

    @Test
    void theRulesSurviveAnEvaluationCopy() throws ScenarioException {
        Scenario s = load(TRANSIT);
        assertEquals("PAK", s.forEvaluation(java.time.LocalDate.of(2025, 1, 1)).transit().territory());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mode without a limit      | ', air: P3D }'           | ' }'                     | transit.time_limits.air: is required: every mode needs a time limit (a movement without a deadline would never be overdue and never leave the job's state)
            unknown mode              | 'air: P3D }'             | 'air: P3D, ship: P9D }'  | transit.time_limits.ship: unknown key; expected one of [air, rail, road, sea]
            zero time limit           | 'road: P8D'              | 'road: P0D'              | transit.time_limits.road: 'P0D' must be longer than zero
            limit not a duration      | 'rail: P10D'             | 'rail: 10 days'          | transit.time_limits.rail: '10 days' is not an ISO-8601 duration such as P7D or PT5S
            negative orphan wait      | 'orphan_wait: P5D'       | 'orphan_wait: -P5D'      | transit.orphan_wait: '-P5D' is negative
            unknown key               | 'orphan_wait: P5D'       | 'orphan_wait: P5D\n  partner: [AZE]' | transit.partner: unknown key; expected one of [orphan_wait, partners, territory, time_limits]
            territory not alpha-3     | 'territory: PAK'         | 'territory: Pak'         | transit.territory: 'Pak' is not an ISO 3166-1 alpha-3 code
            territory without MFN     | 'territory: PAK'         | 'territory: AFG'         | transit.territory: AFG is not a key of mfn [AZE, PAK]: its MFN schedule prices the duties at risk on open movements
            missing territory         | '  territory: PAK\n'     | ''                       | transit.territory: is required
            no partners               | 'partners: [AZE]'        | 'partners: []'           | transit.partners: must be a non-empty list of alpha-3 codes, such as [AZE]
            partner is the territory  | 'partners: [AZE]'        | 'partners: [AZE, PAK]'   | transit.partners[1]: PAK is the territory itself
            partner twice             | 'partners: [AZE]'        | 'partners: [AZE, AZE]'   | transit.partners[1]: AZE is listed twice
            partner not alpha-3       | 'partners: [AZE]'        | 'partners: [az]'         | transit.partners[0]: 'az' is not an ISO 3166-1 alpha-3 code
            missing time limits       | '  time_limits: { road: P8D, rail: P10D, sea: P30D, air: P3D }\n' | '' | transit.time_limits: is required
            """)
    void aBrokenSectionIsRefusedNamingWhereAndWhat(String edit, String from, String to, String message) {
        String section = TRANSIT.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertTrue(!section.equals(TRANSIT), "the edit must change the section: " + edit);
        ScenarioException e = assertThrows(ScenarioException.class, () -> load(section));
        assertEquals(dir.resolve("transit.yaml") + ": " + message, e.getMessage());
    }
}
