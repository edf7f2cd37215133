package org.ptaflow.scenario;

/**
 * The rates in force most recently looked up for what decides them: (importer, origin, line, currency, day). Customs
 * records repeat their lines, origins and days heavily (a million simulated records have about 57,000 distinct
 * such keys, and a record's key is mostly that of a record shortly before it), while one lookup of the tables probes
 * up to nine prefixes of the line in the MFN schedule, the concession coverage and every border tax's table.
 *
 * <p>Direct-mapped and bounded: {@value #SLOTS} slots, a new key replaces whatever its slot held. Each entry holds
 * every scenario's rates for its key, as {@link AmendedRates#inForce} answered them, so it answers exactly as the
 * tables do; it belongs to one {@link RunRates}, which the scenario join rebuilds whenever an amendment changes the
 * broadcast state, so an amendment empties it. Not thread-safe: one per subtask, like what holds it.
 */
final class RecentRates {
    /** A power of two; at most a few hundred KB of entries and rates per scenario and subtask. */
    static final int SLOTS = 4096;

    private static final class Entry {
        final String importer;
        final String origin;
        final String hsCode;
        final String currency;
        final long epochDay;
        final RatesInForce[] rates;

        Entry(String importer, String origin, String hsCode, String currency, long epochDay, RatesInForce[] rates) {
            this.importer = importer;
            this.origin = origin;
            this.hsCode = hsCode;
            this.currency = currency;
            this.epochDay = epochDay;
            this.rates = rates;
        }
    }

    private final Entry[] slots = new Entry[SLOTS];

    /** The slot of a key; every part is non-null. */
    static int slot(String importer, String origin, String hsCode, String currency, long epochDay) {
        long h = hsCode.hashCode();
        h = h * 31 + origin.hashCode();
        h = h * 31 + importer.hashCode();
        h = h * 31 + currency.hashCode();
        h = h * 0x9E3779B97F4A7C15L + epochDay;
        h *= 0xBF58476D1CE4E5B9L; // a 64-bit finaliser step: consecutive days and similar lines spread over slots
        return (int) (h ^ (h >>> 31) ^ (h >>> 47)) & (SLOTS - 1);
    }

    /** Every scenario's rates remembered for the key in its slot (null where a scenario has not asked), or null. */
    RatesInForce[] get(int slot, String importer, String origin, String hsCode, String currency, long epochDay) {
        Entry e = slots[slot];
        if (e != null && e.epochDay == epochDay && e.hsCode.equals(hsCode) && e.origin.equals(origin)
                && e.importer.equals(importer) && e.currency.equals(currency)) {
            return e.rates;
        }
        return null;
    }

    void put(int slot, String importer, String origin, String hsCode, String currency, long epochDay,
            RatesInForce[] rates) {
        slots[slot] = new Entry(importer, origin, hsCode, currency, epochDay, rates);
    }
}
