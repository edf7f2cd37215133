package org.ptaflow.flags;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ptaflow.economics.Money;
import org.ptaflow.scenario.Scenario;

/**
 * Rule {@code partner_shift} of {@code flags.csv} (contract §4), the risk unit's first sign of trade deflection: in
 * a calendar month (UTC) of an importer's home-use imports of an HS6 line, a beneficiary's share of the line's value
 * exceeds its average share over the previous 12 months by more than {@code flags.share_jump} (absolute: 0.2 is 20
 * percentage points), while some non-party origin's share is below its own average over the same months. Goods
 * that used to come from a third country now arrive declared as the partner's.
 *
 * <p>The average is over the months of those 12 with imports of the line (a month without any is no evidence of a
 * share), and needs at least {@value #MIN_MONTHS} such months; in each, an origin that did not ship has share 0.
 * A month without imports of the line raises nothing. One flag per beneficiary of the importer that jumped;
 * every beneficiary is checked on every line, covered by its concession or not (deflection may show on a line
 * next to a covered one). The comparison is strict: a jump of exactly {@code share_jump} raises nothing.
 *
 * <p>Plain Java over month totals (origin → micro-USD); {@link PartnerShiftFunction} keeps those totals in Flink
 * state and calls {@link #check} when a month closes.
 */
public final class PartnerShift implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = 86_400_000L;

    /** The months of history a month is compared with. */
    public static final int HISTORY_MONTHS = 12;
    /** The fewest months with imports of the line, among the 12, that make an average. */
    public static final int MIN_MONTHS = 3;

    private final String scenario;
    private final AgreementParties parties;
    /** importer → its beneficiaries, sorted. */
    private final TreeMap<String, List<String>> beneficiaries = new TreeMap<>();
    private final double shareJump;

    public PartnerShift(Scenario scenario) {
        this.scenario = scenario.id();
        this.parties = AgreementParties.of(scenario);
        for (String importer : scenario.importers()) {
            beneficiaries.put(importer, List.copyOf(scenario.beneficiaries(importer)));
        }
        this.shareJump = scenario.flagsShareJump();
    }

    public String scenario() {
        return scenario;
    }

    /**
     * The flags of one month of a line.
     *
     * @param month the month evaluated, as {@link #monthOf} numbers it
     * @param byMonth the line's home-use imports by month (as {@link #monthOf} numbers them) and origin, in
     *     micro-USD; months other than {@code month} and the 12 before it are ignored
     * @return the flags, by beneficiary in alphabetical order; empty when none
     */
    public List<Flag> check(String importer, String hs6, int month, Map<Integer, Map<String, Long>> byMonth) {
        List<String> partners = beneficiaries.getOrDefault(importer, List.of());
        Map<String, Long> current = byMonth.get(month);
        long currentTotal = current == null ? 0 : total(current);
        if (partners.isEmpty() || currentTotal <= 0) {
            return List.of();
        }
        // The months of history with imports of the line, oldest first (a sum in a fixed order: the same double
        // whatever order the records came in).
        List<Map<String, Long>> history = new ArrayList<>();
        List<Long> historyTotals = new ArrayList<>();
        for (int m = month - HISTORY_MONTHS; m < month; m++) {
            Map<String, Long> values = byMonth.get(m);
            long total = values == null ? 0 : total(values);
            if (total > 0) {
                history.add(values);
                historyTotals.add(total);
            }
        }
        if (history.size() < MIN_MONTHS) {
            return List.of();
        }
        // Non-party origins whose share fell below their own average: those of this month and of the history.
        TreeSet<String> origins = new TreeSet<>(current.keySet());
        history.forEach(values -> origins.addAll(values.keySet()));
        StringBuilder fell = new StringBuilder();
        for (String origin : origins) {
            if (parties.contains(origin)) {
                continue;
            }
            double share = share(current, currentTotal, origin);
            double average = averageShare(history, historyTotals, origin);
            if (share < average) {
                fell.append("; ").append(origin).append(' ').append(Money.formatDouble(share))
                        .append(" below its average ").append(Money.formatDouble(average));
            }
        }
        if (fell.length() == 0) {
            return List.of();
        }
        List<Flag> flags = new ArrayList<>();
        for (String beneficiary : partners) {
            double share = share(current, currentTotal, beneficiary);
            double average = averageShare(history, historyTotals, beneficiary);
            if (share - average > shareJump) {
                Flag flag = new Flag();
                flag.scenario = scenario;
                flag.registeredAt = monthStart(month);
                flag.importer = importer;
                flag.origin = beneficiary;
                flag.hsCode = hs6;
                flag.valueMicros = current.getOrDefault(beneficiary, 0L);
                flag.rule = Flag.PARTNER_SHIFT;
                flag.detail = beneficiary + " share " + Money.formatDouble(share) + " against its average "
                        + Money.formatDouble(average) + " over " + history.size() + " months (jump "
                        + Money.formatDouble(share - average) + " > " + Money.formatDouble(shareJump) + ")" + fell;
                flags.add(flag);
            }
        }
        return flags;
    }

    private static long total(Map<String, Long> values) {
        long total = 0;
        for (long v : values.values()) {
            total += v;
        }
        return total;
    }

    private static double share(Map<String, Long> values, long total, String origin) {
        return (double) values.getOrDefault(origin, 0L) / total;
    }

    private static double averageShare(List<Map<String, Long>> history, List<Long> totals, String origin) {
        double sum = 0;
        for (int i = 0; i < history.size(); i++) {
            sum += share(history.get(i), totals.get(i), origin);
        }
        return sum / history.size();
    }

    /** The calendar month (UTC) of an instant, numbered year × 12 + month − 1, so that months subtract. */
    public static int monthOf(long epochMillis) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS));
        return day.getYear() * 12 + day.getMonthValue() - 1;
    }

    /** The first instant of a month numbered by {@link #monthOf}, epoch milliseconds. */
    public static long monthStart(int month) {
        return LocalDate.of(Math.floorDiv(month, 12), Math.floorMod(month, 12) + 1, 1).toEpochDay() * DAY_MILLIS;
    }

    /** The last millisecond of a month: the watermark passes the month's end when it reaches it. */
    public static long monthEnd(int month) {
        return monthStart(month + 1) - 1;
    }
}
