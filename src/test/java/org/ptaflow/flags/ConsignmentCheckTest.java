package org.ptaflow.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.ptaflow.flags.FlagFixtures.AGREEMENT;
import static org.ptaflow.flags.FlagFixtures.USD;
import static org.ptaflow.flags.FlagFixtures.at;
import static org.ptaflow.flags.FlagFixtures.record;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.ScenarioException;

/** Rule {@code consignment}: hand-built claims, one shipped through a third country and decoys around it. */
class ConsignmentCheckTest {
    @TempDir
    Path dir;

    private ConsignmentCheck check;

    @BeforeEach
    void load() throws ScenarioException {
        check = new ConsignmentCheck(FlagFixtures.scenario(dir, ""));
    }

    @Test
    void anEligibleClaimOfAzeriRiceShippedFromDubaiIsFlagged() {
        CustomsRecord r = record("D1", "AZE", "ARE", AGREEMENT, 12_500, "2024-05-03T08:00:00Z");
        Flag flag = check.check(r, 12_500 * USD, true);
        assertNotNull(flag, "ARE is neither the origin (AZE) nor a party (PAK, AZE, TUR)");
        assertEquals(Flag.CONSIGNMENT, flag.rule);
        assertEquals("flags", flag.scenario);
        assertEquals("D1", flag.declarationId);
        assertEquals(1, flag.itemNo);
        assertEquals(at("2024-05-03T08:00:00Z"), flag.registeredAt);
        assertEquals("PAK", flag.importer);
        assertEquals("AZE", flag.origin);
        assertEquals("ARE", flag.consignment);
        assertEquals("1006301000", flag.hsCode);
        assertEquals(12_500 * USD, flag.valueMicros);
        assertEquals("claimed PK-AZ-PTA for origin AZE consigned from ARE (not a party: AZE PAK TUR): "
                + "direct consignment not shown", flag.detail);
    }

    @Test
    void aDecoyConsignedFromAPartyIsNotFlagged() {
        // Azerbaijani rice shipped from Turkey: TUR is a beneficiary of PAK's concessions, so a party.
        assertNull(check.check(record("D2", "AZE", "TUR", AGREEMENT, 9_000, "2024-05-03T08:00:00Z"), 9_000 * USD,
                true));
        // ... and from the importer itself (goods re-entering from a Pakistani bonded zone).
        assertNull(check.check(record("D3", "AZE", "PAK", AGREEMENT, 9_000, "2024-05-03T08:00:00Z"), 9_000 * USD,
                true));
    }

    @Test
    void aClaimShippedFromItsOriginOrWithoutConsignmentIsNotFlagged() {
        assertNull(check.check(record("D4", "AZE", "AZE", AGREEMENT, 100, "2024-05-03T08:00:00Z"), 100 * USD, true));
        assertNull(check.check(record("D5", "AZE", null, AGREEMENT, 100, "2024-05-03T08:00:00Z"), 100 * USD, true));
        assertNull(check.check(record("D6", "AZE", "", AGREEMENT, 100, "2024-05-03T08:00:00Z"), 100 * USD, true));
    }

    @Test
    void aThirdCountryShipmentIsFlaggedOnlyWhenTheRecordClaimedAndWasEligible() {
        // Paid MFN: no preference was claimed, so no proof of origin is at stake.
        assertNull(check.check(record("D7", "AZE", "ARE", "", 100, "2024-05-03T08:00:00Z"), 100 * USD, true));
        // Claimed another agreement.
        assertNull(check.check(record("D8", "AZE", "ARE", "SAFTA", 100, "2024-05-03T08:00:00Z"), 100 * USD, true));
        // Claimed but not eligible (no concession in force below MFN): the claim gives nothing.
        assertNull(check.check(record("D9", "AZE", "ARE", AGREEMENT, 100, "2024-05-03T08:00:00Z"), 100 * USD, false));
    }

    @Test
    void aCountryTheScenarioCoversWithoutGrantingAConcessionIsNotAParty() throws ScenarioException {
        assertEquals(java.util.Set.of("PAK", "AZE", "TUR"),
                AgreementParties.of(FlagFixtures.scenario(dir, "")).countries());
        Flag flag = check.check(record("D10", "AZE", "IND", AGREEMENT, 700, "2024-05-03T08:00:00Z"), 700 * USD, true);
        assertNotNull(flag, "IND has an MFN schedule in the scenario but is not a party to the agreement");
        assertEquals("IND", flag.consignment);
    }
}
