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

    /**
     * The questions answered last, newest at {@link #recentNext} - 1, looked at before the slots: the scenarios of a
     * run ask the same questions of one record one after another (an MFN rate, an FX rate, a rate per tax), with the
     * record's own strings, so a check of references finds them without a cache miss on the slots. Each keeps the
     * key as asked (the slot's entry may hold an equal string of an earlier record).
     */
    private static final int RECENT = 8;
    private final Object[] recentTable = new Object[RECENT];
    private final String[] recentKey = new String[RECENT];
    private final long[] recentDay = new long[RECENT];
    private final Object[] recentValue = new Object[RECENT];
    private int recentNext;

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
        for (int r = 0; r < RECENT; r++) {
            if (recentKey[r] == key && recentTable[r] == table && recentDay[r] == epochDay) {
                @SuppressWarnings("unchecked")
                V value = (V) recentValue[r];
                return value;
            }
        }
        int slot = slot(table, key, epochDay);
        Entry e = slots[slot];
        if (e == null || e.table != table || e.epochDay != epochDay || !e.key.equals(key)) {
            e = new Entry(table, key, epochDay, lookup.on(table, key, epochDay));
            slots[slot] = e;
        }
        recentTable[recentNext] = table;
        recentKey[recentNext] = key;
        recentDay[recentNext] = epochDay;
        recentValue[recentNext] = e.value;
        recentNext = (recentNext + 1) & (RECENT - 1);
        @SuppressWarnings("unchecked")
        V value = (V) e.value;
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
