package org.ptaflow.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;
import org.ptaflow.simulator.TransitSimulator;
import org.ptaflow.simulator.TransitSimulatorSettings;
import org.ptaflow.kafka.KafkaSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ptaflow simulate}: synthetic customs records for a scenario's partners, to a file or to Kafka. */
@Command(name = "simulate",
        description = {"Writes synthetic customs records for the scenario's partners (the same seed gives the same "
                + "records): --records N --out FILE, or --to-kafka (endless without --records, at --rate or "
                + "--pace).",
                "With --transit-out FILE, also transit movement events (CSV) for the scenario's transit: section, "
                        + "over the same days as the records.",
                "With several --scenario, the first one's agreement is simulated."})
final class SimulateCommand extends Subcommand {
    @Mixin
    ScenarioOptions scenarios;

    @Mixin
    SimulatorOptions simulator;

    @Option(names = "--out", paramLabel = "FILE", description = "The file to write.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv or json (JSON Lines). Default: json for a .json or .jsonl file, else csv.")
    String format;

    @Option(names = "--bad-share", paramLabel = "X", defaultValue = "0", converter = Conversions.Share.class,
            description = "The share of records made unreadable (to try the rejected output). Default: ${DEFAULT-VALUE}.")
    double badShare;

    @Option(names = "--duplicate-share", paramLabel = "X", defaultValue = "0", converter = Conversions.Share.class,
            description = "The share of records sent twice, at most 0.5. Default: ${DEFAULT-VALUE}.")
    double duplicateShare;

    @Option(names = "--to-kafka", description = "Produce the records to Kafka (--bootstrap-servers, --records-topic) "
            + "instead of a file.")
    boolean toKafka;

    @Option(names = "--transit-out", paramLabel = "FILE",
            description = "Also write transit movement events (CSV, contract §1b) for the scenario's transit: "
                    + "section to FILE, departing over the same days as the records (needs --records).")
    Path transitOut;

    @Option(names = "--transit-movements", paramLabel = "N", converter = Conversions.WholeNumber.class,
            description = "How many transit movements --transit-out simulates. Default: one per 200 records, at "
                    + "least 50.")
    Long transitMovements;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topics;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = scenarios.load(false).get(0);
        if (duplicateShare > 0.5) {
            throw new UsageError("--duplicate-share is at most 0.5, got " + duplicateShare);
        }
        SimulatorSettings settings = simulator.settings(scenario).withBadRecordShare(badShare)
                .withDuplicateShare(duplicateShare);
        if (transitMovements != null && transitOut == null) {
            throw new UsageError("--transit-movements needs --transit-out FILE");
        }
        if (transitOut != null) {
            if (scenario.transit() == null) {
                throw new UsageError("--transit-out: scenario " + scenario.id() + " has no transit: section "
                        + "(contract §3), so there is no territory or partner to simulate movements for");
            }
            if (simulator.records == null) {
                throw new UsageError("--transit-out needs --records (the movements span the records' days)");
            }
        }
        if (settings.response() != null) {
            ptaflow.err.println("simulate: the beneficiaries respond to the concessions in force: "
                    + settings.response().describe());
        }
        if (toKafka) {
            if (out != null) {
                throw new UsageError("give --out FILE or --to-kafka, not both");
            }
            KafkaSettings k = kafka.settings(java.util.List.of(scenario), null);
            KafkaTopics.ensure(k, KafkaTopics.forSimulator(k), topics, ptaflow.err);
            long records = simulator.records == null ? Long.MAX_VALUE : simulator.records;
            if (transitOut != null) {
                writeTransit(settings, scenario);
            }
            return SimulatorProducer.produce(settings, records, simulator.recordsPerSecond(1.0), k, ptaflow.err);
        }
        if (simulator.records == null) {
            throw new UsageError("--records is required");
        }
        if (out == null) {
            throw new UsageError("--out FILE is required (or --to-kafka)");
        }
        String name = out.toString();
        String f = format != null ? format : name.endsWith(".jsonl") || name.endsWith(".json") ? "json" : "csv";
        if (!f.equals("csv") && !f.equals("json")) {
            throw new UsageError("--format is csv or json, got '" + f + "'");
        }
        CustomsSimulator records = new CustomsSimulator(settings);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            if (f.equals("csv")) {
                w.write(records.csvHeader());
                w.write('\n');
            }
            for (long i = 0; i < simulator.records; i++) {
                w.write(f.equals("csv") ? records.csvLine(i) : records.jsonLine(i));
                w.write('\n');
            }
        }
        ptaflow.out.printf("wrote %,d simulated records (seed %d) to %s in %.1f s%n", simulator.records,
                settings.seed(), out, (System.nanoTime() - t0) / 1e9);
        if (transitOut != null) {
            writeTransit(settings, scenario);
        }
        return 0;
    }

    /** Default movements: one per {@value TransitSimulatorSettings#RECORDS_PER_MOVEMENT} records, at least 50. */
    static long defaultTransitMovements(long records) {
        return Math.max(50, records / TransitSimulatorSettings.RECORDS_PER_MOVEMENT);
    }

    /** The transit events of movements departing over the records' days, in event-time order. */
    private void writeTransit(SimulatorSettings customs, Scenario scenario) throws Exception {
        long movements = transitMovements != null ? transitMovements : defaultTransitMovements(simulator.records);
        double days = simulator.records / (double) customs.recordsPerSimulatedDay();
        TransitSimulator transit = new TransitSimulator(new TransitSimulatorSettings(customs.seed(), customs.start(),
                movements / days, scenario.transit()));
        if (transitOut.getParent() != null) {
            Files.createDirectories(transitOut.getParent());
        }
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(transitOut, StandardCharsets.UTF_8)) {
            w.write(TransitSimulator.HEADER);
            w.write('\n');
            for (var it = transit.lines(movements); it.hasNext(); lines++) {
                w.write(it.next());
                w.write('\n');
            }
        }
        ptaflow.out.printf("wrote %,d transit events of %,d simulated movements (seed %d) to %s%n", lines, movements,
                customs.seed(), transitOut);
    }
}
