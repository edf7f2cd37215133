package org.ptaflow.pipeline;

import java.time.LocalDate;

import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.scenario.Quota;
import org.ptaflow.scenario.RatesInForce;
import org.ptaflow.scenario.Scenario;

/**
 * Why a scenario that covers a record's importer rejects it (contract §3), from the rates in force on its day; in
 * this order: no FX rate for its currency, no MFN rate for its line, a specific border tax in force without its base
 * ({@code no_tax_base}) or without an FX rate for the tax rate's currency, a quota claim without its quantity in the
 * quota's unit ({@code no_quota_unit}). One home for the rule: the scenario join decides with it, and
 * {@link KeepTextWhereNeeded} asks it before the shuffle whether the join will need the record's text.
 */
final class ScenarioRejections {
    private ScenarioRejections() {}

    /** A rejection: its reason and the message written beside the record. */
    record Rejection(RejectionReason reason, String message) {}

    /** The rejection of the record in the scenario, or null when the scenario takes it. */
    static Rejection of(CustomsRecord record, Scenario s, RatesInForce inForce, long day) {
        Rejection byTables = ofTables(record, inForce, day);
        return byTables != null ? byTables : ofQuota(record, s, inForce, day);
    }

    /**
     * The rejections the national tables decide (FX, MFN, border taxes), in the rule's order: the same in every
     * scenario that holds the same FX table, MFN schedule and tax list for the importer (scenarios loaded together
     * share them, {@code ScenarioLoader#loadAll}), whatever their concessions.
     */
    static Rejection ofTables(CustomsRecord record, RatesInForce inForce, long day) {
        if (!inForce.hasFxRate()) {
            return new Rejection(RejectionReason.NO_FX_RATE,
                    "no FX rate for " + record.currency + " on or before " + LocalDate.ofEpochDay(day));
        }
        if (!inForce.hasMfnRate()) {
            return new Rejection(RejectionReason.NO_MFN_RATE, "no MFN rate for " + record.importer
                    + " line " + record.hsCode + " on " + LocalDate.ofEpochDay(day));
        }
        if (record.isHomeUse() && !inForce.taxes().isEmpty()) {
            int noBase = inForce.specificTaxWithoutBase(record.quantity, record.unit);
            if (noBase >= 0) {
                var rate = inForce.taxRates()[noBase];
                return new Rejection(RejectionReason.NO_TAX_BASE, "tax "
                        + inForce.taxes().get(noBase).name() + " of " + record.importer + " on line "
                        + record.hsCode + " is " + rate + " on " + LocalDate.ofEpochDay(day) + "; the record has "
                        + (record.quantity == null ? "no quantity"
                                : "its quantity in " + (record.unit == null ? "no unit" : "'" + record.unit + "'")));
            }
            int noFx = inForce.specificTaxWithoutFxRate();
            if (noFx >= 0) {
                String currency = inForce.taxRates()[noFx].currency();
                return new Rejection(RejectionReason.NO_FX_RATE, "no FX rate for " + currency
                        + " (the rate of tax " + inForce.taxes().get(noFx).name() + ") on or before "
                        + LocalDate.ofEpochDay(day));
            }
        }
        return null;
    }

    /**
     * Whether two scenarios hold the same FX table, MFN schedule and tax list for the importer, by identity (tables
     * loaded once per file are shared objects): {@link #ofTables} then answers a record of the importer alike in both,
     * as long as no amendment changes either's rates.
     */
    static boolean sameTables(Scenario a, Scenario b, String importer) {
        return a.fxTable() == b.fxTable() && a.mfnSchedule(importer) == b.mfnSchedule(importer)
                && a.taxes(importer) == b.taxes(importer);
    }

    /**
     * The rejection the scenario's own quotas decide: a claim on a tariff-rate quota counted in a unit of quantity
     * must say how much it requests in that unit. Only a record claiming the scenario's agreement on one of its quota
     * lines can be rejected so.
     */
    static Rejection ofQuota(CustomsRecord record, Scenario s, RatesInForce inForce, long day) {
        Quota quota = quotaDrawnOn(record, s, inForce, day);
        if (quota != null && !quota.countsValue() && s.agreement().equals(record.preference)
                && (record.quantity == null || !quota.sameUnit(record.unit)
                        || record.quantity.compareTo(Quota.LARGEST_REQUEST) > 0)) {
            return new Rejection(RejectionReason.NO_QUOTA_UNIT, "quota " + quota.id() + " of "
                    + record.importer + " on line " + record.hsCode + " counts " + quota.unit()
                    + "; the claim has " + (record.quantity == null ? "no quantity"
                            : !quota.sameUnit(record.unit) ? "its quantity in "
                                    + (record.unit == null ? "no unit" : "'" + record.unit + "'")
                                    : "a quantity beyond " + Quota.LARGEST_REQUEST.toPlainString()));
        }
        return null;
    }

    /**
     * The tariff-rate quota an eligible beneficiary record on a quota line waits on (economics.md §7), or null: a
     * home-use record whose line has a quota for its origin, when the preference would make it eligible.
     */
    static Quota quotaDrawnOn(CustomsRecord record, Scenario s, RatesInForce inForce, long day) {
        Quota quota = record.isHomeUse() ? inForce.quota() : null;
        if (quota != null && !WindowSums.eligible(inForce.mfnPercent(), quotaRate(s, record, inForce, day))) {
            return null;
        }
        return quota;
    }

    /**
     * The preferential rate that decides whether a record is a claim on a quota: the rate in force, except in an
     * evaluation, whose staging is frozen at the entry into force: there the loaded scenario's staging decides, so
     * that a claim is rejected ({@code no_quota_unit}) exactly where a backtest rejects it.
     */
    private static double quotaRate(Scenario s, CustomsRecord record, RatesInForce inForce, long day) {
        Scenario loaded = s.loaded();
        return loaded == null ? inForce.preferentialPercent()
                : loaded.preferentialRate(record.importer, record.origin, record.hsCode, day, inForce.mfnPercent());
    }
}
