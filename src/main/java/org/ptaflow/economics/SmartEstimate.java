package org.ptaflow.economics;

/**
 * The SMART estimate for one window, importer, beneficiary and HS6 (economics.md §4). Amounts are USD at world
 * price 1; rates are fractions (0.20 for 20 %).
 *
 * @param tradeCreation  TC: new imports from the beneficiary displacing domestic production
 * @param tradeDiversion TD: imports moved from the others to the beneficiary; the others lose exactly TD
 * @param tradeEffect    TC + TD: the change in the beneficiary's imports
 * @param revenueChange  ΔTR = TR1 − TR0
 * @param welfare        W = ½ × |t1k_eff − t0k| × TC
 */
public record SmartEstimate(
        double tradeCreation,
        double tradeDiversion,
        double tradeEffect,
        double revenueChange,
        double welfare) {}
