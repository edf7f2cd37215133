package org.ptaflow.transit;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Where one monitored movement stands after a change (opened, overdue, exited, cancelled), for the windowed rows of
 * {@code transit.csv} (contract §4): {@link TrackMovements} emits one whenever a movement changes, and the latest
 * update of a movement is its state. The row key is the departure's window, {@code officeDeparture},
 * {@code officeExit} (null while open or cancelled), {@code transportMode} and {@code direction}: an exit moves the
 * movement from its open row to the row of its corridor. A Flink POJO.
 */
public class MovementUpdate {
    public String scenario;
    public String movementId;
    /** Event time of the change: the departure, the deadline (overdue), the exit or the cancellation. */
    public long at;
    /** Departure time, epoch ms UTC: the window the movement counts in. */
    public long departureAt;
    public String officeDeparture;
    /** Office of exit; null while open and when cancelled. */
    public String officeExit;
    public TransportMode transportMode;
    public Direction direction;
    public String origin;
    public String destination;
    /** USD. */
    public BigDecimal declaredValue;
    /** Null when the departure did not declare it. */
    public BigDecimal grossMassKg;
    /** Null when the departure did not declare it (the movement then has no duty at risk). */
    public String hsCode;
    /** USD; null when the departure did not declare it. */
    public BigDecimal guarantee;
    public boolean exited;
    public boolean cancelled;
    /** Became overdue at some time (contract §4 {@code overdue}), whether it exited later or not. */
    public boolean overdue;
    /** Exit − departure in hours, for the percentiles; NaN unless exited. */
    public double transitHours = Double.NaN;
    /**
     * Micro-USD: the duty and non-creditable taxes at risk while the movement is open, set by {@link CorridorRows}
     * (0 without an HS code); not part of the update's identity.
     */
    public long exposureMicros;

    public MovementUpdate() {}

    /** Neither exited nor cancelled: its goods are still in the territory, their duties at risk. */
    public boolean isOpen() {
        return !exited && !cancelled;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MovementUpdate u && at == u.at && departureAt == u.departureAt && exited == u.exited
                && cancelled == u.cancelled && overdue == u.overdue
                && Double.compare(transitHours, u.transitHours) == 0 && Objects.equals(scenario, u.scenario)
                && Objects.equals(movementId, u.movementId) && Objects.equals(officeDeparture, u.officeDeparture)
                && Objects.equals(officeExit, u.officeExit) && transportMode == u.transportMode
                && direction == u.direction && Objects.equals(origin, u.origin)
                && Objects.equals(destination, u.destination) && Objects.equals(declaredValue, u.declaredValue)
                && Objects.equals(grossMassKg, u.grossMassKg) && Objects.equals(hsCode, u.hsCode)
                && Objects.equals(guarantee, u.guarantee);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scenario, movementId, at);
    }

    @Override
    public String toString() {
        return "MovementUpdate{" + movementId + " at " + at + " " + officeDeparture + "->" + officeExit + " "
                + (transportMode == null ? null : transportMode.code()) + " "
                + (direction == null ? null : direction.code()) + (exited ? " exited " + transitHours + "h" : "")
                + (cancelled ? " cancelled" : "") + (overdue ? " overdue" : "") + "}";
    }
}
