package org.ptaflow.economics;

/**
 * Ex-ante trade and revenue effects of a preference, following the partial-equilibrium SMART model of WITS
 * (Laird &amp; Yeats 1986; Jammes &amp; Olarreaga 2005) exactly as written in economics.md §4, extended with expected
 * utilisation {@code u}: only a share u of the rate cut is taken up, {@code t1k_eff = t0k + u × (t1k − t0k)}.
 *
 * <p>Call it per HS6 line: diversion is not additive in its inputs, so chapter and total rows sum the estimates,
 * never the inputs.
 *
 * <ul>
 *   <li>Trade creation {@code TC = εm × Mk × (t1k_eff − t0k) / (1 + t0k)}, divided by {@code (1 − εm/εx)} when the
 *       export supply is finitely elastic ({@code εx < 99}; 99 or more means infinite, SMART's default).</li>
 *   <li>Trade diversion: relative price change {@code x = ((1 + t1k_eff)/(1 + t0k)) / ((1 + t1K)/(1 + t0K)) − 1}
 *       with {@code t1K = t0K} (others keep their rate), {@code g = σ × (−x)} the change in the ratio of
 *       beneficiary to others' imports, and {@code TD = Mk × MK × g / (Mk + MK + Mk × g)}.</li>
 *   <li>Revenue {@code TR0 = t0k Mk + t0K MK}, {@code TR1 = t1k_eff (Mk + TC + TD) + t1K (MK − TD)}; welfare
 *       {@code W = ½ |t1k_eff − t0k| TC}.</li>
 * </ul>
 *
 * <p>All rates are fractions here (0.20 for 20 %), values USD at world price 1.
 */
public final class SmartModel {

    /** An export-supply elasticity at or above this is infinite (economics.md §4). */
    public static final double INFINITE_EXPORT_SUPPLY = 99;
    /** SMART's default substitution elasticity between origins. */
    public static final double DEFAULT_SUBSTITUTION_ELASTICITY = 1.5;
    /** SMART's default utilisation: every eligible import claims the preference. */
    public static final double FULL_UTILIZATION = 1.0;

    private SmartModel() {}

    /**
     * SMART for one HS6 line.
     *
     * @param mk  Mk, beneficiary imports, USD, ≥ 0
     * @param mK  MK, imports from all others, USD, ≥ 0
     * @param t0k value-weighted MFN rate of the beneficiary's imports, fraction
     * @param t1k value-weighted scenario rate of the beneficiary's imports (staged, before utilisation), fraction
     * @param t0K value-weighted MFN rate of the others' imports, fraction; others keep it ({@code t1K = t0K})
     * @param utilization expected utilisation u in [0, 1]
     * @param importDemandElasticity εm ≤ 0
     * @param substitutionElasticity σ ≥ 0
     * @param exportSupplyElasticity εx &gt; 0; ≥ 99 means infinite
     * @throws IllegalArgumentException when an input is outside these ranges or not finite (a drawn elasticity
     *         with the wrong sign must be truncated by whoever draws it, not silently reversed here)
     */
    public static SmartEstimate estimate(
            double mk,
            double mK,
            double t0k,
            double t1k,
            double t0K,
            double utilization,
            double importDemandElasticity,
            double substitutionElasticity,
            double exportSupplyElasticity) {
        require(mk >= 0 && Double.isFinite(mk), "Mk must be finite and ≥ 0", mk);
        require(mK >= 0 && Double.isFinite(mK), "MK must be finite and ≥ 0", mK);
        require(t0k >= 0 && Double.isFinite(t0k), "t0k must be a finite fraction ≥ 0", t0k);
        require(t1k >= 0 && Double.isFinite(t1k), "t1k must be a finite fraction ≥ 0", t1k);
        require(t0K >= 0 && Double.isFinite(t0K), "t0K must be a finite fraction ≥ 0", t0K);
        require(utilization >= 0 && utilization <= 1, "utilisation must be in [0, 1]", utilization);
        require(importDemandElasticity <= 0 && Double.isFinite(importDemandElasticity),
                "import-demand elasticity must be finite and ≤ 0", importDemandElasticity);
        require(substitutionElasticity >= 0 && Double.isFinite(substitutionElasticity),
                "substitution elasticity must be finite and ≥ 0", substitutionElasticity);
        require(exportSupplyElasticity > 0, "export-supply elasticity must be > 0", exportSupplyElasticity);

        double em = importDemandElasticity;
        double t1kEff = t0k + utilization * (t1k - t0k);
        double t1K = t0K;

        double tradeCreation = em * mk * (t1kEff - t0k) / (1 + t0k);
        if (exportSupplyElasticity < INFINITE_EXPORT_SUPPLY) {
            tradeCreation /= 1 - em / exportSupplyElasticity;
        }

        double tradeDiversion = tradeDiversion(mk, mK, t0k, t1kEff, t0K, t1K, substitutionElasticity);

        double m1k = mk + tradeCreation + tradeDiversion;
        double m1K = mK - tradeDiversion;
        double tr0 = t0k * mk + t0K * mK;
        double tr1 = t1kEff * m1k + t1K * m1K;
        double welfare = 0.5 * Math.abs(t1kEff - t0k) * tradeCreation;
        return new SmartEstimate(
                tradeCreation,
                tradeDiversion,
                tradeCreation + tradeDiversion,
                tr1 - tr0,
                welfare);
    }

    /**
     * SMART for one HS6 line from a window's sums: Mk, MK in USD and t0k, t1k, t0K as the value-weighted rates of
     * {@link WindowSums}. Without others' imports t0K is irrelevant (TD = 0 and MK = 0) and taken as 0; without
     * beneficiary imports every effect is 0.
     */
    public static SmartEstimate estimate(
            WindowSums sums,
            double utilization,
            double importDemandElasticity,
            double substitutionElasticity,
            double exportSupplyElasticity) {
        double t0k = sums.valueBeneficiary == 0 ? 0 : sums.t0k();
        double t1k = sums.valueBeneficiary == 0 ? 0 : sums.t1k();
        double t0K = sums.valueOthers == 0 ? 0 : sums.othersT0();
        return estimate(
                Money.toUsdDouble(sums.valueBeneficiary),
                Money.toUsdDouble(sums.valueOthers),
                t0k,
                t1k,
                t0K,
                utilization,
                importDemandElasticity,
                substitutionElasticity,
                exportSupplyElasticity);
    }

    /**
     * ΔTR_j of one border tax (economics.md §6 "Estimated"): per USD of imports {@code a0k} = the beneficiary's tax
     * at MFN / Mk, {@code a1k} = its tax at full preference / Mk, {@code a1k_eff = a0k + u × (a1k − a0k)},
     * {@code a0K} = the others' tax at MFN / MK (0 when MK = 0); {@code TR0_j = a0k Mk + a0K MK},
     * {@code TR1_j = a1k_eff M1k + a0K M1K} with {@code M1k = Mk + TC + TD} and {@code M1K = MK − TD} from the
     * line's estimate. For the customs duty the same formula is {@link #estimate}'s ΔTR. 0 when Mk = 0.
     *
     * @param tax the tax's position in the importer's list (the index of the sums' tax arrays)
     */
    public static double taxRevenueChange(WindowSums sums, int tax, double utilization, SmartEstimate estimate) {
        if (sums.valueBeneficiary == 0) {
            return 0;
        }
        double mk = Money.toUsdDouble(sums.valueBeneficiary);
        double mK = Money.toUsdDouble(sums.valueOthers);
        double a0k = Money.toUsdDouble(sums.taxAtMfn[tax]) / mk;
        double a1k = Money.toUsdDouble(sums.taxFullPreference[tax]) / mk;
        double a1kEff = a0k + utilization * (a1k - a0k);
        double a0K = sums.valueOthers == 0 ? 0 : Money.toUsdDouble(sums.othersTaxAtMfn[tax]) / mK;
        double m1k = mk + estimate.tradeCreation() + estimate.tradeDiversion();
        double m1K = mK - estimate.tradeDiversion();
        double tr0 = a0k * mk + a0K * mK;
        double tr1 = a1kEff * m1k + a0K * m1K;
        return tr1 - tr0;
    }

    /**
     * TD = Mk × MK × g / (Mk + MK + Mk × g), g = σ × (−x). The formula keeps Mk + MK constant and scales the
     * ratio Mk/MK by (1 + g); when a rate rise makes g ≤ −1 the beneficiary's share would turn negative, so g is
     * floored at −1 (TD = −Mk: it loses all its imports to the others). This also keeps the denominator ≥ MK &gt; 0.
     * For g → ∞, TD → MK: diversion never exceeds the others' imports.
     */
    private static double tradeDiversion(
            double mk, double mK, double t0k, double t1kEff, double t0K, double t1K, double sigma) {
        if (mk == 0 || mK == 0) {
            return 0;
        }
        double x = ((1 + t1kEff) / (1 + t0k)) / ((1 + t1K) / (1 + t0K)) - 1;
        double g = Math.max(-1, sigma * (-x));
        return mk * mK * g / (mk + mK + mk * g);
    }

    private static void require(boolean condition, String message, double value) {
        if (!condition) {
            throw new IllegalArgumentException(message + ", got " + value);
        }
    }
}
