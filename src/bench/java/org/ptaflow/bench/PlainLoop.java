package org.ptaflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ptaflow.economics.Money;
import org.ptaflow.economics.WindowSums;
import org.ptaflow.pipeline.CalendarWindows;
import org.ptaflow.records.CsvRecordParser;
import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.RecordFields;
import org.ptaflow.records.RecordRejectedException;
import org.ptaflow.scenario.Scenario;

/**
 * The limit: one thread, no Flink, the same work per record as the pipeline's backtest of one scenario. Each CSV
 * line is checked against contract §1 by the project's own {@link RecordFields} (dates, codes, decimals, defaults),
 * converted to USD with the scenario's FX table, looked up in its MFN schedule and concession lists
 * ({@link Scenario#mfnRate}, {@link Scenario#preferentialRate}), turned into {@link WindowSums} exactly as the
 * scenario join does and added into one hash map keyed by (window, importer, beneficiary, HS6).
 *
 * <p>Not done here, unlike the pipeline: duplicate detection (the simulated file has no duplicates), the SMART
 * estimate of each row at the end (a few thousand rows), writing rows, rejected records and the summary.
 *
 * <p>Two ways to cut a line into fields: {@link Split#COMMAS} (split on commas; a line with a quote goes to the
 * project's parser) is the limit; {@link Split#PROJECT_PARSER} is the project's {@link CsvRecordParser} (which
 * splits a plain line on commas too, and a quoted one with Jackson), which is what the pipeline uses.
 */
final class PlainLoop {
    enum Split { COMMAS, PROJECT_PARSER }

    /** The key of a window row. */
    record RowKey(long windowStart, String importer, String beneficiary, String hs6) {}

    /** What one pass produced. */
    static final class Result {
        long read;
        long rejected;
        long outOfScope;
        long accepted;
        final Map<RowKey, WindowSums> rows = new HashMap<>();

        MonthTotals totals() {
            MonthTotals t = new MonthTotals();
            rows.forEach((k, s) -> t.addRow(k.windowStart(), s.records, s.valueBeneficiary, s.dutyAtMfn,
                    s.eligibleValue));
            return t;
        }
    }

    private PlainLoop() {}

    static Result run(Path csv, Scenario scenario, Split split) throws IOException {
        Result result = new Result();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8), 1 << 20)) {
            String header = in.readLine();
            CsvRecordParser parser = new CsvRecordParser(header);
            String[] names = header.split(",", -1);
            int[] fieldOfColumn = new int[names.length];
            for (int c = 0; c < names.length; c++) {
                fieldOfColumn[c] = RecordFields.indexOf(names[c].trim());
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                result.read++;
                CustomsRecord record;
                try {
                    record = split == Split.COMMAS && line.indexOf('"') < 0
                            ? splitOnCommas(line, fieldOfColumn)
                            : parser.parse(line);
                } catch (RecordRejectedException e) {
                    result.rejected++;
                    continue;
                }
                apply(record, scenario, result);
            }
        }
        return result;
    }

    static CustomsRecord splitOnCommas(String line, int[] fieldOfColumn) throws RecordRejectedException {
        String[] raw = new String[RecordFields.COUNT];
        int column = 0;
        int start = 0;
        int len = line.length();
        for (int i = 0; i <= len; i++) {
            if (i == len || line.charAt(i) == ',') {
                if (column >= fieldOfColumn.length) {
                    throw new RecordRejectedException(org.ptaflow.records.RejectionReason.MALFORMED, "too many fields");
                }
                int field = fieldOfColumn[column++];
                if (field >= 0) {
                    raw[field] = line.substring(start, i);
                }
                start = i + 1;
            }
        }
        if (column != fieldOfColumn.length) {
            throw new RecordRejectedException(org.ptaflow.records.RejectionReason.MALFORMED, "too few fields");
        }
        return RecordFields.toRecord(raw, line);
    }

    /**
     * A home-use record on a line with a specific border tax in force whose quantity is missing or in another unit
     * than the tax table's (contract §3, {@code no_tax_base}): the simulator misdeclares 1% of its excise lines.
     */
    private static boolean withoutSpecificTaxBase(CustomsRecord record, Scenario s, long day) {
        for (org.ptaflow.scenario.BorderTax tax : s.taxes(record.importer)) {
            if (!tax.specific()) {
                continue;
            }
            org.ptaflow.tariffs.TaxRate rate = tax.rateOn(record.hsCode, day);
            if (rate != null && (record.quantity == null || !rate.unit().equalsIgnoreCase(record.unit))) {
                return true;
            }
        }
        return false;
    }

    /** The scenario join's decisions and routing for one scenario, as in the pipeline's ApplyScenarios. */
    private static void apply(CustomsRecord record, Scenario s, Result result) {
        if (!s.covers(record.importer)) {
            result.outOfScope++;
            return;
        }
        long day = record.epochDay();
        BigDecimal usdPerUnit = s.usdPerUnit(record.currency, day);
        if (usdPerUnit == null) {
            result.rejected++;
            return;
        }
        double mfn = s.mfnRate(record.importer, record.hsCode, day);
        if (Double.isNaN(mfn)) {
            result.rejected++;
            return;
        }
        if (record.isHomeUse() && withoutSpecificTaxBase(record, s, day)) {
            result.rejected++; // no_tax_base, as the join rejects it
            return;
        }
        result.accepted++;
        if (!record.isHomeUse()) {
            return;
        }
        List<String> beneficiaries = s.beneficiaries(record.importer);
        if (beneficiaries.isEmpty()) {
            return;
        }
        long valueMicros = Money.toMicros(record.customsValue.multiply(usdPerUnit));
        long windowStart = CalendarWindows.windowOf(s.windows().size(), record.registeredAt).getStart();
        String hs6 = record.hs6();
        for (String beneficiary : beneficiaries) {
            WindowSums sums;
            if (beneficiary.equals(record.origin)) {
                double pref = s.preferentialRate(record.importer, beneficiary, record.hsCode, day, mfn);
                sums = WindowSums.ofBeneficiaryRecord(valueMicros, mfn, pref, s.agreement().equals(record.preference));
            } else {
                sums = WindowSums.ofOthersRecord(valueMicros, mfn);
            }
            result.rows.computeIfAbsent(new RowKey(windowStart, record.importer, beneficiary, hs6),
                    k -> new WindowSums()).add(sums);
        }
    }
}
