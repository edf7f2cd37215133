package org.ptaflow.sources;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.ptaflow.scenario.TariffAmendment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns amendment messages into broadcast messages for the scenario join. A message that is not a valid amendment
 * is logged with the reason and counted ({@code amendments_invalid}); it never fails the job.
 */
public class ParseAmendments extends RichFlatMapFunction<String, TariffAmendment> {
    private static final Logger LOG = LoggerFactory.getLogger(ParseAmendments.class);
    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        invalid = getRuntimeContext().getMetricGroup().addGroup("ptaflow").counter("amendments_invalid");
    }

    @Override
    public void flatMap(String text, Collector<TariffAmendment> out) {
        try {
            out.collect(TariffAmendment.fromJson(text));
        } catch (IllegalArgumentException e) {
            invalid.inc();
            LOG.warn("ignored an invalid amendment ({}): {}", e.getMessage(),
                    text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
    }
}
