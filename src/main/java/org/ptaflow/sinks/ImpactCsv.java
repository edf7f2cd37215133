package org.ptaflow.sinks;

import java.time.Instant;
import java.util.Comparator;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.Money;

/**
 * The impact rows as CSV, exactly as contract §4 names and orders the columns. Money is printed from exact
 * micro-USD sums; ratios, rates and estimates to six decimals; an empty ratio is an empty field. The band columns
 * ({@code _p05}, {@code _p50}, {@code _p95} after each of trade creation, trade diversion and revenue change) are
 * present when any scenario of the run has uncertainty on, and empty for rows of scenarios without it.
 */
public final class ImpactCsv {
    private ImpactCsv() {}

    /** Bounded runs write rows in this order (contract §4); the scenario breaks ties between scenarios of a run. */
    public static final Comparator<ImpactRow> CONTRACT_ORDER = Comparator
            .comparingLong((ImpactRow r) -> r.windowStart)
            .thenComparing(r -> r.importer)
            .thenComparing(r -> r.beneficiary)
            .thenComparing(r -> r.hs6)
            .thenComparing(r -> r.scenario);

    public static String header(boolean bands) {
        StringBuilder sb = new StringBuilder("scenario,window_start,window_end,importer,beneficiary,hs6,records,"
                + "value_beneficiary,value_others,dutiable_value,eligible_value,preferential_value,utilization,t0,t1,"
                + "duty_at_mfn,duty_statutory,revenue_forgone,trade_creation");
        if (bands) {
            sb.append(",trade_creation_p05,trade_creation_p50,trade_creation_p95");
        }
        sb.append(",trade_diversion");
        if (bands) {
            sb.append(",trade_diversion_p05,trade_diversion_p50,trade_diversion_p95");
        }
        sb.append(",trade_effect,revenue_change");
        if (bands) {
            sb.append(",revenue_change_p05,revenue_change_p50,revenue_change_p95");
        }
        sb.append(",welfare");
        return sb.toString();
    }

    public static String line(ImpactRow r, boolean bands) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(r.scenario).append(',')
                .append(Instant.ofEpochMilli(r.windowStart)).append(',')
                .append(Instant.ofEpochMilli(r.windowEnd)).append(',')
                .append(r.importer).append(',')
                .append(r.beneficiary).append(',')
                .append(r.hs6).append(',')
                .append(r.records).append(',')
                .append(Money.format(r.valueBeneficiary)).append(',')
                .append(Money.format(r.valueOthers)).append(',')
                .append(Money.format(r.dutiableValue)).append(',')
                .append(Money.format(r.eligibleValue)).append(',')
                .append(Money.format(r.preferentialValue)).append(',')
                .append(Money.formatDouble(r.utilization)).append(',')
                .append(Money.formatDouble(r.t0)).append(',')
                .append(Money.formatDouble(r.t1)).append(',')
                .append(Money.format(r.dutyAtMfn)).append(',')
                .append(Money.format(r.dutyStatutory)).append(',')
                .append(Money.format(r.revenueForgone)).append(',')
                .append(Money.formatDouble(r.tradeCreation));
        if (bands) {
            band(sb, r.hasBands, r.tradeCreationP05, r.tradeCreationP50, r.tradeCreationP95);
        }
        sb.append(',').append(Money.formatDouble(r.tradeDiversion));
        if (bands) {
            band(sb, r.hasBands, r.tradeDiversionP05, r.tradeDiversionP50, r.tradeDiversionP95);
        }
        sb.append(',').append(Money.formatDouble(r.tradeEffect))
                .append(',').append(Money.formatDouble(r.revenueChange));
        if (bands) {
            band(sb, r.hasBands, r.revenueChangeP05, r.revenueChangeP50, r.revenueChangeP95);
        }
        sb.append(',').append(Money.formatDouble(r.welfare));
        return sb.toString();
    }

    private static void band(StringBuilder sb, boolean has, double p05, double p50, double p95) {
        if (has) {
            sb.append(',').append(Money.formatDouble(p05)).append(',').append(Money.formatDouble(p50)).append(',')
                    .append(Money.formatDouble(p95));
        } else {
            sb.append(",,,");
        }
    }
}
