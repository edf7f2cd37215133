package org.ptaflow.transit;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of {@code transit-alerts.csv} and of the {@code transit-alerts} topic (contract §4):
 * {@code movement_id,kind,at,office,transport_mode,origin,destination,declared_value,detail}. For an overdue or a
 * late exit the movement's departure gives mode, origin, destination and value and {@code office} is the office of
 * departure (overdue) or of exit (late exit); for an orphan they are what the orphan event itself carries (often
 * nothing: null), and {@code office} is its office. A Flink POJO.
 */
public class TransitAlert {
    public String movementId;
    public AlertKind kind;
    /** Epoch milliseconds UTC: the deadline (overdue), the exit (late exit), the orphan event's own time. */
    public long at;
    public String office;
    public TransportMode transportMode;
    public String origin;
    public String destination;
    /** USD; null when unknown (an orphan without a value). */
    public BigDecimal declaredValue;
    /** What a reader needs to act: the deadline missed, by how long, the office. */
    public String detail;

    public TransitAlert() {}

    public TransitAlert(String movementId, AlertKind kind, long at, String office, TransportMode transportMode,
            String origin, String destination, BigDecimal declaredValue, String detail) {
        this.movementId = movementId;
        this.kind = kind;
        this.at = at;
        this.office = office;
        this.transportMode = transportMode;
        this.origin = origin;
        this.destination = destination;
        this.declaredValue = declaredValue;
        this.detail = detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransitAlert a && at == a.at && Objects.equals(movementId, a.movementId)
                && kind == a.kind && Objects.equals(office, a.office) && transportMode == a.transportMode
                && Objects.equals(origin, a.origin) && Objects.equals(destination, a.destination)
                && Objects.equals(declaredValue, a.declaredValue) && Objects.equals(detail, a.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(movementId, kind, at);
    }

    @Override
    public String toString() {
        return "TransitAlert{" + movementId + " " + kind.code() + " at " + java.time.Instant.ofEpochMilli(at) + " "
                + office + " " + detail + "}";
    }
}
