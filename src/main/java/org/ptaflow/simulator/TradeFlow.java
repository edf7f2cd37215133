package org.ptaflow.simulator;

import java.io.Serializable;

/**
 * One calibrated import flow: an importer buying one tariff line from one origin.
 *
 * @param importer           ISO alpha-3 of the importing customs territory
 * @param origin             ISO alpha-3 of the country of origin
 * @param hsCode             declared national tariff line (8 digits for Pakistan's PCT, 10 for Azerbaijan's nomenclature)
 * @param product            short product name, for documentation
 * @param annualUsd          real-world order of magnitude of the flow, USD a year: fixes the flow's VALUE SHARE
 * @param meanConsignmentUsd mean customs value of one line item, USD: fixes how many records carry that value
 * @param usdPerUnit         unit value, for the supplementary quantity
 * @param unit               unit of the supplementary quantity
 */
public record TradeFlow(
        String importer,
        String origin,
        String hsCode,
        String product,
        double annualUsd,
        double meanConsignmentUsd,
        double usdPerUnit,
        String unit)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Real-world line items a year: the flow's weight when a record picks its flow. */
    public double recordsPerYear() {
        return annualUsd / meanConsignmentUsd;
    }
}
