package org.ptaflow.transit;

import java.util.Objects;

/**
 * One row of {@code transit.csv} and of the {@code transit-rows} topic (contract §4): the movements that departed in
 * one window, from one office of departure, by one mode and direction, between one origin and destination, and that
 * stand at one office of exit (null: open or cancelled). The columns are {@link org.ptaflow.sinks.TransitColumns}.
 * A live run emits a key's row again whenever one of its movements changes; the latest row of a key is its state.
 * Money is micro-USD, mass thousandths of a kilogram (exact sums, independent of order). A Flink POJO.
 */
public class TransitRow {
    public String scenario;
    public long windowStart;
    public long windowEnd;
    public String officeDeparture;
    /** Null for the row of the open and cancelled movements of its departure key. */
    public String officeExit;
    public String transportMode;
    public String direction;
    public String origin;
    public String destination;
    /** Departures, cancelled ones included. */
    public long movements;
    public long declaredValueMicros;
    /** Thousandths of a kilogram, over the movements that declared their mass. */
    public long grossMassMilliKg;
    public long exited;
    /** Nearest-rank percentiles of the exited movements' transit hours; NaN without exits. */
    public double transitHoursP50 = Double.NaN;
    public double transitHoursP90 = Double.NaN;
    /** Movements that became overdue at some time. */
    public long overdue;
    /** Duty and non-creditable taxes of the territory at MFN on the open movements with a known HS code. */
    public long openExposureMicros;
    /** Guarantees lodged on the open movements. */
    public long guaranteeMicros;

    public TransitRow() {}

    /** What identifies a row: the latest row of each key is the key's state. */
    public Key key() {
        return new Key(scenario, windowStart, officeDeparture, officeExit, transportMode, direction, origin,
                destination);
    }

    /** A row's key, for the output folder and the dashboard. */
    public record Key(String scenario, long windowStart, String officeDeparture, String officeExit,
            String transportMode, String direction, String origin, String destination) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof TransitRow r && windowStart == r.windowStart && windowEnd == r.windowEnd
                && movements == r.movements && declaredValueMicros == r.declaredValueMicros
                && grossMassMilliKg == r.grossMassMilliKg && exited == r.exited
                && Double.compare(transitHoursP50, r.transitHoursP50) == 0
                && Double.compare(transitHoursP90, r.transitHoursP90) == 0 && overdue == r.overdue
                && openExposureMicros == r.openExposureMicros && guaranteeMicros == r.guaranteeMicros
                && key().equals(r.key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(key(), movements, exited);
    }

    @Override
    public String toString() {
        return "TransitRow{" + key() + " movements " + movements + " exited " + exited + " overdue " + overdue
                + " exposure " + openExposureMicros + "}";
    }
}
