package org.ptaflow.pipeline;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.ptaflow.economics.WindowSums;

/**
 * The window's incremental state: one {@link WindowSums} per key and window, added to as contributions arrive.
 * Sums are exact integers (micro-USD), so any order and any merge tree gives the same result to the last digit.
 */
public class SumContributions implements AggregateFunction<ScenarioContribution, WindowSums, WindowSums> {
    @Override
    public WindowSums createAccumulator() {
        return new WindowSums();
    }

    @Override
    public WindowSums add(ScenarioContribution value, WindowSums accumulator) {
        accumulator.add(value.sums);
        return accumulator;
    }

    @Override
    public WindowSums getResult(WindowSums accumulator) {
        return accumulator;
    }

    @Override
    public WindowSums merge(WindowSums a, WindowSums b) {
        WindowSums merged = a.copy();
        merged.add(b);
        return merged;
    }
}
