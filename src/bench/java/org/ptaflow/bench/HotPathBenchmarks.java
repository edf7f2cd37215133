package org.ptaflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.records.CsvRecordParser;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RecordFields;
import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.ScenarioLoader;
import org.ptaflow.simulator.CustomsSimulator;
import org.ptaflow.simulator.SimulatorSettings;

/**
 * JMH micro-benchmarks of the per-record hot paths: parsing a CSV line, the MFN and preferential rate lookups, and
 * the window accumulator (one record's {@link WindowSums}, and merging it into a window's). Inputs are 4,096
 * simulated records of the request-lists scenario, cycled so that no benchmark sees one constant input.
 * {@code bin/ptaflow bench jmh} runs them with short iterations; pass JMH options to change that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmarks {
    private static final int N = 4096;

    private String[] lines;
    private CustomsRecord[] records;
    private long[] days;
    private double[] mfn;
    private WindowSums[] contributions;
    private String[] beneficiary;
    private int[] fieldOfColumn;
    private CsvRecordParser parser;
    private Scenario scenario;
    private WindowSums window;
    private int i;

    @Setup
    public void setUp() throws Exception {
        Path file = Paths.get(System.getenv().getOrDefault("PTAFLOW_HOME", "."), "scenarios/pk-az-pta-requests.yaml");
        if (!Files.exists(file)) {
            file = Paths.get("scenarios/pk-az-pta-requests.yaml");
        }
        scenario = ScenarioLoader.load(file);
        CustomsSimulator simulator = new CustomsSimulator(
                SimulatorSettings.defaults(42).withAgreement(scenario.agreement()));
        String header = simulator.csvHeader();
        parser = new CsvRecordParser(header);
        String[] names = header.split(",", -1);
        fieldOfColumn = new int[names.length];
        for (int c = 0; c < names.length; c++) {
            fieldOfColumn[c] = RecordFields.indexOf(names[c]);
        }
        lines = new String[N];
        records = new CustomsRecord[N];
        days = new long[N];
        mfn = new double[N];
        contributions = new WindowSums[N];
        beneficiary = new String[N];
        for (int k = 0; k < N; k++) {
            lines[k] = simulator.csvLine(k);
            CustomsRecord r = parser.parse(lines[k]);
            records[k] = r;
            days[k] = r.epochDay();
            double rate = scenario.mfnRate(r.importer, r.hsCode, days[k]);
            mfn[k] = Double.isNaN(rate) ? 0 : rate;
            // the importer's beneficiary (one per importer in this scenario)
            beneficiary[k] = scenario.beneficiaries(r.importer).isEmpty() ? r.origin
                    : scenario.beneficiaries(r.importer).get(0);
            contributions[k] = WindowSums.ofBeneficiaryRecord(1_000_000L + k, mfn[k], Double.NaN, false);
        }
        window = new WindowSums();
    }

    private int next() {
        int k = i;
        i = (i + 1) & (N - 1);
        return k;
    }

    /**
     * The job's parser: a plain line split on commas (Jackson for quoted ones), {@link RecordFields} checks and
     * converts the fields.
     */
    @Benchmark
    public CustomsRecord parseCsvLineWithProjectParser() throws Exception {
        return parser.parse(lines[next()]);
    }

    /** The plain loop's parser: split on commas, then the same {@link RecordFields} checks. */
    @Benchmark
    public CustomsRecord parseCsvLineSplitOnCommas() throws Exception {
        String line = lines[next()];
        return PlainLoop.splitOnCommas(line, fieldOfColumn);
    }

    /** MFN rate: longest prefix in force on the record's date. */
    @Benchmark
    public double mfnRateLookup() {
        int k = next();
        CustomsRecord r = records[k];
        return scenario.mfnRate(r.importer, r.hsCode, days[k]);
    }

    /** Preferential rate: longest prefix among the pair's concession lists, staged on the date. */
    @Benchmark
    public double preferentialRateLookup() {
        int k = next();
        CustomsRecord r = records[k];
        return scenario.preferentialRate(r.importer, beneficiary[k], r.hsCode, days[k], mfn[k]);
    }

    /** One record's accumulator: the exact duties, rounded per record. */
    @Benchmark
    public WindowSums windowSumsOfOneRecord() {
        int k = next();
        return WindowSums.ofBeneficiaryRecord(1_000_000L + k * 37L, mfn[k], mfn[k] / 2, (k & 1) == 0);
    }

    /** Merging one record's accumulator into a window's. */
    @Benchmark
    public WindowSums windowSumsMerge() {
        window.add(contributions[next()]);
        if (window.records > (1L << 40)) {
            window = new WindowSums();
        }
        return window;
    }
}
