package org.ptaflow.flags;

import java.io.Serializable;

import org.ptaflow.records.CustomsRecord;
import org.ptaflow.scenario.Scenario;

/**
 * Rule {@code consignment} of {@code flags.csv} (contract §4), the direct-consignment rule of origin: a home-use
 * record that claimed the agreement and was eligible for it (a concession in force with a rate below MFN), shipped
 * from a country that is neither its origin nor a party of the agreement. Goods of a partner's origin that pass
 * through a third country may have been worked or mixed there; a preference office asks for proof of direct
 * consignment (a through bill of lading, a non-manipulation certificate).
 *
 * <p>Plain Java, no Flink: the scenario join, which already knows per record and scenario whether it was accepted,
 * its USD value and whether it was eligible, calls {@link #check}.
 *
 * <p>A record without a consignment country is not flagged: the parser gives it its origin (contract §1: the
 * field defaults to the origin), and an empty or absent value is read the same way: nothing shows a third country.
 */
public final class ConsignmentCheck implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String scenario;
    private final String agreement;
    private final AgreementParties parties;

    public ConsignmentCheck(Scenario scenario) {
        this.scenario = scenario.id();
        this.agreement = scenario.agreement();
        this.parties = AgreementParties.of(scenario);
    }

    /**
     * The flag of one accepted home-use record of this scenario, or null when the rule does not apply.
     *
     * @param valueMicros the record's customs value in micro-USD at the scenario's FX rate on its date
     * @param eligible whether a concession was in force for the record with a rate below MFN (economics.md §3; the
     *     caller has the rates)
     */
    public Flag check(CustomsRecord record, long valueMicros, boolean eligible) {
        if (!eligible || !agreement.equals(record.preference)) {
            return null;
        }
        String shippedFrom = record.consignment;
        if (shippedFrom == null || shippedFrom.isEmpty() || shippedFrom.equals(record.origin)
                || parties.contains(shippedFrom)) {
            return null;
        }
        Flag flag = new Flag();
        flag.scenario = scenario;
        flag.declarationId = record.declarationId;
        flag.itemNo = record.itemNo;
        flag.registeredAt = record.registeredAt;
        flag.importer = record.importer;
        flag.origin = record.origin;
        flag.consignment = shippedFrom;
        flag.hsCode = record.hsCode;
        flag.valueMicros = valueMicros;
        flag.rule = Flag.CONSIGNMENT;
        flag.detail = "claimed " + agreement + " for origin " + record.origin + " consigned from " + shippedFrom
                + " (not a party: " + parties.describe() + "): direct consignment not shown";
        return flag;
    }
}
