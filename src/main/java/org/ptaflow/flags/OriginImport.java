package org.ptaflow.flags;

import org.ptaflow.records.CustomsRecord;

/**
 * What the {@code partner_shift} rule needs of one accepted home-use record of a scenario: its line, origin, date
 * and USD value. The scenario join emits one per record and scenario (summed per month and origin before the
 * shuffle by {@code CombineOriginImports}), rather than the whole
 * record, which {@link PartnerShiftFunction} would only sum. A Flink POJO.
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

    /** The import of an accepted home-use record in a scenario, valued in micro-USD by the caller. */
    public static OriginImport of(String scenario, CustomsRecord record, long valueMicros) {
        return new OriginImport(scenario, record.importer, record.hs6(), record.origin, record.registeredAt,
                valueMicros);
    }

    /** The key {@link PartnerShiftFunction} is keyed by: scenario, importer and HS6. */
    public String lineKey() {
        return scenario + '|' + importer + '|' + hs6;
    }
}
