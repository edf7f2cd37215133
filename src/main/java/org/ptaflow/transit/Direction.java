package org.ptaflow.transit;

import org.ptaflow.scenario.TransitRules;

/**
 * Whether a movement falls under the transit agreement (contract §4 {@code transit.csv}): {@code inbound} when its
 * destination is a partner, {@code outbound} when its origin is, {@code other} otherwise (still monitored: it
 * crosses the territory). A movement between two partners is inbound: the destination is looked at first, as the
 * contract lists it first.
 */
public enum Direction {
    INBOUND("inbound"),
    OUTBOUND("outbound"),
    OTHER("other");

    private final String code;

    Direction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Direction of(String origin, String destination, TransitRules rules) {
        if (rules.isPartner(destination)) {
            return INBOUND;
        }
        return rules.isPartner(origin) ? OUTBOUND : OTHER;
    }
}
