package org.ptaflow.transit;

/**
 * What {@link TrackMovements} keeps of one movement in keyed state, with the one event-time timer that will clear or
 * advance it ({@link #timer}). A Flink POJO. Phases:
 * <ul>
 *   <li>{@link #OPEN}: departed, not yet discharged; {@link #departure} (without its text), {@link #deadline}, and
 *       {@link #overdue} once the deadline passed. The timer is the deadline, then (overdue) the release.</li>
 *   <li>{@link #WAITING}: an exit or cancellation ({@link #closing}) came before its departure; the timer is the
 *       end of its wait ({@code orphan_wait}), when it becomes an orphan.</li>
 *   <li>{@link #ENDED}: a tombstone, nothing but the phase and the timer: a repeated event within
 *       {@code orphan_wait} of the end is a duplicate.</li>
 *   <li>{@link #FOREIGN}: the departure named another territory; later events of the movement are out of scope
 *       too, until the timer.</li>
 * </ul>
 */
public class MovementState {
    public static final String OPEN = "open";
    public static final String WAITING = "waiting";
    public static final String ENDED = "ended";
    public static final String FOREIGN = "foreign";

    public String phase;
    public TransitEvent departure;
    public TransitEvent closing;
    /** Departure + the mode's time limit (OPEN), epoch ms. */
    public long deadline;
    public boolean overdue;
    /** The registered event-time timer of this movement, epoch ms. */
    public long timer;

    public MovementState() {}

    MovementState(String phase) {
        this.phase = phase;
    }
}
