package org.ptaflow.flags;

/**
 * What the {@code partner_shift} rule needs of one accepted home-use record of a scenario: its line, origin, date
 * and USD value, rather than the whole record, which {@link PartnerShiftFunction} would only sum. The scenario join
 * sends each record's value per scenario with the rest of what it routes; {@code CombineOriginImports} sums them
 * per month and origin before the shuffle, into these. A Flink POJO.
 */
public class OriginImport {
    public String scenario;
    public String importer;
    public String hs6;
    public String origin;
    /** Registration time, epoch milliseconds UTC: the event time. */
    public long registeredAt;
    /** Customs value in micro-USD at the scenario's FX rate on the record's date. */
    public long valueMicros;

    public OriginImport() {}

    public OriginImport(String scenario, String importer, String hs6, String origin, long registeredAt,
            long valueMicros) {
        this.scenario = scenario;
        this.importer = importer;
        this.hs6 = hs6;
        this.origin = origin;
        this.registeredAt = registeredAt;
        this.valueMicros = valueMicros;
    }

    /** The key {@link PartnerShiftFunction} is keyed by: scenario, importer and HS6. */
    public String lineKey() {
        return scenario + '|' + importer + '|' + hs6;
    }
}
