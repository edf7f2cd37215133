package org.ptaflow.scenario;

import java.io.Serializable;

/** Monte Carlo settings (economics.md §5): {@code draws} joint elasticity samples from generator seed {@code seed}. */
public record Uncertainty(int draws, long seed) implements Serializable {
    public Uncertainty {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be ≥ 1, got " + draws);
        }
    }
}
