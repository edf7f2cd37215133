package org.ptaflow.pipeline;

import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.SourceLine;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.transit.CorridorRows;
import org.ptaflow.transit.MovementUpdate;
import org.ptaflow.transit.TrackMovements;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitEvent;
import org.ptaflow.transit.TransitRow;

/**
 * The transit half of the job (contract §1b, §4): movement events in, the rows of {@code transit.csv} and the alerts
 * of {@code transit-alerts.csv} out. It has its own event time (the events' {@code at}), independent of the customs
 * records'.
 *
 * <pre>
 * transit lines ─ parse ─ event time ─ keyBy(movement) ─ track movements (one per transit scenario) ─ alerts
 *                                                               └─ updates ─ keyBy(departure key) ─ corridor rows
 * </pre>
 *
 * The operators are in the job whenever a scenario has a {@code transit:} section, whether or not the run reads
 * transit events, so that a savepoint's state always finds its operators.
 */
final class TransitPipeline {
    private TransitPipeline() {}

    record Outputs(DataStream<TransitRow> rows, DataStream<TransitAlert> alerts, DataStream<RejectedRecord> rejected) {}

    /** @return null when no scenario has a {@code transit:} section */
    static Outputs build(DataStream<SourceLine> lines, StreamExecutionEnvironment env, List<Scenario> scenarios,
            ImpactPipeline.Settings settings) {
        List<Scenario> transit = scenarios.stream().filter(s -> s.transit() != null).toList();
        if (transit.isEmpty()) {
            if (lines != null) {
                throw new IllegalArgumentException(
                        "transit events given, but no scenario of the run has a transit: section");
            }
            return null;
        }
        // Without transit events the operators still run, on one blank line filtered out (fromData refuses an empty
        // collection).
        DataStream<SourceLine> in = lines != null ? lines
                : env.fromData(List.of(new SourceLine()), TypeInformation.of(SourceLine.class))
                        .uid("no-transit-events").name("No transit events")
                        .filter(blank -> false).uid("no-transit-events-filter")
                        .name("No transit events: the blank one filtered out");
        SingleOutputStreamOperator<TransitEvent> events = in.process(new ParseTransitEvents())
                .setParallelism(in.getParallelism())
                .uid("parse-transit-events").name("Parse transit events");
        DataStream<TransitEvent> timed = settings.watermarksFromSource() && lines != null ? events : events
                .assignTimestampsAndWatermarks(watermarks(settings).withTimestampAssigner((e, previous) -> e.at))
                .setParallelism(in.getParallelism())
                .uid("transit-event-time").name("Event time: transit events");

        long clockEnd = settings.backtest() ? settings.transitClockEnd() : Long.MAX_VALUE;
        DataStream<TransitAlert> alerts = null;
        DataStream<MovementUpdate> updates = null;
        for (Scenario s : transit) {
            SingleOutputStreamOperator<TransitAlert> tracked = timed.keyBy(TrackMovements.BY_MOVEMENT)
                    .process(new TrackMovements(s.id(), s.transit(), clockEnd), TypeInformation.of(TransitAlert.class))
                    .uid("transit-movements-" + s.id()).name("Track transit movements (" + s.id() + ")");
            DataStream<MovementUpdate> u = tracked.getSideOutput(TrackMovements.MOVEMENT_UPDATES);
            // transit-alerts.csv has no scenario column (contract §4): the alerts are the first transit scenario's;
            // every tracker still counts its own alerts in the run summary.
            if (alerts == null) {
                alerts = tracked;
            }
            updates = updates == null ? u : updates.union(u);
        }
        DataStream<TransitRow> rows = updates.keyBy(CorridorRows.byDeparture(transit))
                .process(new CorridorRows(transit, !settings.backtest()), TypeInformation.of(TransitRow.class))
                .uid("transit-rows").name("Transit rows by departure window and corridor");
        return new Outputs(rows, alerts, events.getSideOutput(OutputTags.REJECTED));
    }

    private static WatermarkStrategy<TransitEvent> watermarks(ImpactPipeline.Settings settings) {
        if (settings.backtest()) {
            return WatermarkStrategy.noWatermarks();
        }
        if (settings.watermarkPerRecord()) {
            Duration bound = settings.outOfOrderness();
            return WatermarkStrategy.forGenerator(ctx -> new ImpactPipeline.PerRecordWatermarks<>(bound));
        }
        return WatermarkStrategy.<TransitEvent>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withIdleness(settings.idleness());
    }
}
