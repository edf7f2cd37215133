package org.ptaflow.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.ptaflow.economics.ImpactEstimator;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.scenario.Scenario;

/**
 * Runs when a window fires: adds the window and key to the sums and computes the SMART estimates and Monte Carlo
 * bands ({@link ImpactEstimator}). Keys without beneficiary imports (only "others" records) give no row, as
 * contract §4 says. Elasticities and utilisation come from the scenarios given at job construction: concession
 * updates change rates (upstream, in the join), not elasticities.
 */
public class EstimateImpact extends ProcessWindowFunction<WindowSums, ImpactRow, ImpactKey, TimeWindow> {
    private final List<Scenario> scenarios;
    private transient Map<String, Scenario> byId;
    private transient ImpactRowMetrics rowMetrics;

    public EstimateImpact(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    @Override
    public void open(OpenContext openContext) {
        byId = new HashMap<>();
        for (Scenario s : scenarios) {
            byId.put(s.id(), s);
        }
        rowMetrics = ImpactRowMetrics.register(getRuntimeContext().getMetricGroup(), scenarios);
    }

    @Override
    public void process(ImpactKey key, Context context, Iterable<WindowSums> sums, Collector<ImpactRow> out) {
        WindowSums total = sums.iterator().next();
        Scenario scenario = byId.get(key.scenario());
        // Contract §4: a row where the beneficiary imported. An evaluation also needs the others' imports of the
        // months the beneficiary did not trade (its base period's MK), so its scenario keeps those windows too.
        if (total.valueBeneficiary <= 0 && (scenario.loaded() == null || total.valueOthers <= 0)) {
            return;
        }
        TimeWindow window = context.window();
        boolean finalRow = context.currentWatermark() >= window.maxTimestamp();
        ImpactRow row = ImpactEstimator.estimate(scenario, key, window.getStart(), window.getEnd(), total, finalRow);
        rowMetrics.update(row);
        out.collect(row);
    }
}
