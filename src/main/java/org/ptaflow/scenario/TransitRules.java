package org.ptaflow.scenario;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scenario's {@code transit:} section (contract §3): the customs territory whose transit movements are monitored,
 * the partners of the transit agreement, each transport mode's time limit and how long an exit or cancellation waits
 * for its departure. Built only by {@link ScenarioLoader}, so it is always complete: every mode has a limit (a
 * movement without a deadline would stay open in state for ever and never be reported overdue). Immutable and
 * serializable, as it travels with the job.
 *
 * <p>Modes are keyed by their contract spelling ({@code road}, {@code rail}, {@code sea}, {@code air}), so this
 * plain-Java class needs nothing from the Flink functions that use it.
 */
public final class TransitRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The modes of contract §1b, each of which needs a time limit. */
    public static final List<String> MODES = List.of("road", "rail", "sea", "air");
    /** {@code orphan_wait} when the scenario does not give it (contract §1b). */
    public static final Duration DEFAULT_ORPHAN_WAIT = Duration.ofDays(7);

    private final String territory;
    private final List<String> partners;
    private final TreeMap<String, Long> timeLimitMillis;
    private final long orphanWaitMillis;

    TransitRules(String territory, List<String> partners, Map<String, Long> timeLimitMillis, long orphanWaitMillis) {
        this.territory = territory;
        this.partners = List.copyOf(partners);
        this.timeLimitMillis = new TreeMap<>(timeLimitMillis);
        this.orphanWaitMillis = orphanWaitMillis;
    }

    /** The customs territory crossed (alpha-3); events of another territory are out of scope. */
    public String territory() {
        return territory;
    }

    /** The partners of the transit agreement (alpha-3, distinct, not the territory), in the scenario's order. */
    public List<String> partners() {
        return partners;
    }

    public boolean isPartner(String country) {
        return partners.contains(country);
    }

    /** The time limit of a mode ({@code road} …), milliseconds; every mode has one. */
    public long timeLimitMillis(String mode) {
        Long limit = timeLimitMillis.get(mode);
        if (limit == null) {
            throw new IllegalArgumentException("no transport mode " + mode + "; expected one of " + MODES);
        }
        return limit;
    }

    /** How long an exit or a cancellation waits for its departure, and how long an ended movement is remembered. */
    public long orphanWaitMillis() {
        return orphanWaitMillis;
    }

    /** One line for {@code ptaflow validate}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(territory).append(", partners ").append(String.join(", ", partners))
                .append(", time limits");
        for (String mode : MODES) {
            sb.append(' ').append(mode).append(' ').append(Duration.ofMillis(timeLimitMillis.get(mode)));
        }
        return sb.append(", orphan wait ").append(Duration.ofMillis(orphanWaitMillis)).toString();
    }

    @Override
    public String toString() {
        return "TransitRules{" + describe() + "}";
    }
}
