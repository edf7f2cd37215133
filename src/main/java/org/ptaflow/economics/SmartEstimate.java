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
 * @param t1kEffective   the beneficiary's rate after utilisation, t0k + u × (t1k − t0k)
 * @param m1k            M1k = Mk + TC + TD
 * @param m1K            M1K = MK − TD
 * @param tr0            revenue before, t0k × Mk + t0K × MK
 * @param tr1            revenue after, t1k_eff × M1k + t1K × M1K
 */
public record SmartEstimate(
        double tradeCreation,
        double tradeDiversion,
        double tradeEffect,
        double revenueChange,
        double welfare,
        double t1kEffective,
        double m1k,
        double m1K,
        double tr0,
        double tr1) {}
