package org.ptaflow.sinks;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.ptaflow.economics.ImpactRow;

/**
 * One line of {@code taxes.csv} and one message of the {@code tax-rows} topic (contract §4): an impact row and one
 * of its taxes, the customs duty at position 0 and the importer's taxes after it in the scenario's list order
 * (position j + 1 is {@code taxNames[j]}). The figures are read from the row by {@link TaxColumns}.
 *
 * <p>Only the rows of an importer with taxes have lines: a row without taxes is all duty, and the duty is already
 * in {@code impact.csv} and on {@code impact-rows}. A Flink POJO (the row is one too).
 */
public class TaxLine {
    /** Name of the customs duty in the {@code tax} column. */
    public static final String CUSTOMS_DUTY = "customs_duty";

    public ImpactRow row;
    /** 0 for the customs duty, j + 1 for the row's tax j. */
    public int position;

    public TaxLine() {}

    public TaxLine(ImpactRow row, int position) {
        this.row = row;
        this.position = position;
    }

    /**
     * The lines of one impact row, the duty first, then each of its importer's taxes; none when the row's scenario
     * has no taxes (its {@code impact.csv} says all). A row of an importer without taxes, in a scenario with taxes
     * for another importer, has its duty line only.
     */
    public static List<TaxLine> of(ImpactRow row) {
        if (!hasTaxes(row)) {
            return List.of();
        }
        int taxes = row.taxNames == null ? 0 : row.taxNames.length;
        List<TaxLine> lines = new ArrayList<>(taxes + 1);
        for (int p = 0; p <= taxes; p++) {
            lines.add(new TaxLine(row, p));
        }
        return lines;
    }

    /** Whether the row's scenario has border taxes, i.e. whether the row has lines in {@code taxes.csv}. */
    public static boolean hasTaxes(ImpactRow row) {
        return row.scenarioHasTaxes;
    }

    boolean duty() {
        return position == 0;
    }

    /** Index into the row's per-tax arrays; only for a tax, not the duty. */
    int tax() {
        return position - 1;
    }

    /** The {@code tax} column. */
    String name() {
        return duty() ? CUSTOMS_DUTY : row.taxNames[tax()];
    }

    /** The Kafka key: the impact row's key and window, then the tax. */
    String topicKey() {
        return row.keyInWindow().topicKey() + "|" + name();
    }

    /** Splits each impact row into its tax lines, for the {@code tax-rows} topic. */
    public static final class Split implements FlatMapFunction<ImpactRow, TaxLine> {
        @Override
        public void flatMap(ImpactRow row, Collector<TaxLine> out) {
            for (TaxLine line : of(row)) {
                out.collect(line);
            }
        }
    }
}
