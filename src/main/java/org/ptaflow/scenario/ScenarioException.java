package org.ptaflow.scenario;

/**
 * A scenario cannot be loaded. The message says where and what: {@code <file>: <field path>: <problem>} for the
 * YAML ({@code scenarios/x.yaml: concessions[1].rule.margin_of_preference: 1.4 is outside 0..1}) and
 * {@code <table file>:<line>: <problem>} for a table it names. {@code ptaflow validate} prints it as is.
 */
public final class ScenarioException extends Exception {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
