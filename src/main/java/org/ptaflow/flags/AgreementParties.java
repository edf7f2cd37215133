package org.ptaflow.flags;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.ptaflow.scenario.Scenario;

/**
 * The parties of a scenario's agreement (contract §4, {@code flags.csv}): every importer and every beneficiary of
 * its concessions. An importer the scenario covers (it has an MFN schedule) but that grants no concession is not a
 * party: it is in the scenario for its MFN rates only.
 */
public record AgreementParties(Set<String> countries) implements Serializable {

    public AgreementParties {
        countries = Set.copyOf(countries);
    }

    public static AgreementParties of(Scenario scenario) {
        TreeSet<String> parties = new TreeSet<>();
        for (String importer : scenario.importers()) {
            List<String> beneficiaries = scenario.beneficiaries(importer);
            if (!beneficiaries.isEmpty()) {
                parties.add(importer);
                parties.addAll(beneficiaries);
            }
        }
        return new AgreementParties(parties);
    }

    public boolean contains(String country) {
        return countries.contains(country);
    }

    /** The parties sorted and joined by spaces, for a flag's detail. */
    public String describe() {
        return String.join(" ", new TreeSet<>(countries));
    }
}
