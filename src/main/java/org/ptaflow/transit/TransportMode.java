package org.ptaflow.transit;

/** The mode of a transit leg (contract §1b {@code transport_mode}); each has its own time limit in the scenario. */
public enum TransportMode {
    ROAD("road"),
    RAIL("rail"),
    SEA("sea"),
    AIR("air");

    private final String code;

    TransportMode(String code) {
        this.code = code;
    }

    /** The contract's spelling, as in the input, the scenario's {@code time_limits} and the outputs. */
    public String code() {
        return code;
    }

    /** The mode written {@code code} (exactly, lower case), or null. */
    public static TransportMode fromCode(String code) {
        for (TransportMode m : values()) {
            if (m.code.equals(code)) {
                return m;
            }
        }
        return null;
    }
}
