package org.ptaflow.dashboard;

import java.util.Map;

/**
 * The run's health as the dashboard shows it: a JSON-ready map. From the run summary ({@code summary.json}) of a
 * finished run, from the job's live accumulators when the dashboard runs beside the job, or from what an output
 * folder shows.
 */
@FunctionalInterface
public interface RunHealth {
    Map<String, Object> health();
}
