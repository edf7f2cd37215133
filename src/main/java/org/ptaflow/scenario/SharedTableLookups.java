package org.ptaflow.scenario;

import java.math.BigDecimal;

import org.ptaflow.tariffs.FxTable;
import org.ptaflow.tariffs.MfnSchedule;
import org.ptaflow.tariffs.TaxRate;
import org.ptaflow.tariffs.TaxTable;

/**
 * The answers of the national tables — MFN schedules, border taxes' rates, FX — remembered for every scenario of one
 * operator: scenarios that name the same file hold the same table ({@link ScenarioLoader#loadAll}), so the second to
 * the eighth scenario of a run find what the first looked up for the same record. Without it each scenario probed
 * every prefix of the line in every table again (with eight scenarios, a tenth of the join's time and a quarter of
 * the reading side's).
 *
 * <p>Keyed by the table itself (its identity: tables never change once loaded), the line or currency, and the day.
 * Direct-mapped and bounded like {@link RecentRates}: a new key replaces whatever its slot held, and a table's own
 * answer is stored, so it answers exactly as the tables do. Not thread-safe: one per operator instance, shared by
 * the {@link AmendedRates} of its scenarios.
 */
public final class SharedTableLookups {
    /** A power of two: a few hundred KB of entries per operator instance. */
    static final int SLOTS = 8192;

    private static final class Entry {
        final Object table;
        final String key;
        final long epochDay;
        final Object value;

        Entry(Object table, String key, long epochDay, Object value) {
            this.table = table;
            this.key = key;
            this.epochDay = epochDay;
            this.value = value;
        }
    }

    private final Entry[] slots = new Entry[SLOTS];

    /** {@link MfnSchedule#rateOn}: NaN when no row applies. */
    double mfnRate(MfnSchedule schedule, String hsCode, long epochDay) {
        return remembered(schedule, hsCode, epochDay, MfnSchedule::rateOn);
    }

    /** {@link TaxTable#rateOn}: null when no row is in force. */
    TaxRate taxRate(TaxTable table, String hsCode, long epochDay) {
        return remembered(table, hsCode, epochDay, TaxTable::rateOn);
    }

    /** {@link FxTable#usdPerUnit}: null when the table has no rate for the currency on the day. */
    BigDecimal usdPerUnit(FxTable fx, String currency, long epochDay) {
        return remembered(fx, currency, epochDay, FxTable::usdPerUnit);
    }

    /** One table's answer for a line or currency on a day. */
    private interface Lookup<T, V> {
        V on(T table, String key, long epochDay);
    }

    /** The answer remembered in the key's slot, or the table's own, remembered there in place of what it held. */
    private <T, V> V remembered(T table, String key, long epochDay, Lookup<T, V> lookup) {
        int slot = slot(table, key, epochDay);
        Entry e = slots[slot];
        if (e != null && e.table == table && e.epochDay == epochDay && e.key.equals(key)) {
            @SuppressWarnings("unchecked")
            V value = (V) e.value;
            return value;
        }
        V value = lookup.on(table, key, epochDay);
        slots[slot] = new Entry(table, key, epochDay, value);
        return value;
    }

    private static int slot(Object table, String key, long epochDay) {
        long h = System.identityHashCode(table);
        h = h * 31 + key.hashCode();
        h = h * 0x9E3779B97F4A7C15L + epochDay;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 31) ^ (h >>> 47)) & (SLOTS - 1);
    }
}
