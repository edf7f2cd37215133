package org.ptaflow.simulator;

import java.time.LocalDate;

/**
 * The exchange rates the simulator declares national-currency values with: the same numbers as the scenario
 * library's {@code scenarios/tariffs/fx.csv} (monthly, 2023-01 … 2026-12), written in here because the simulator reads
 * no files. A record dated outside those months is declared in USD, so that it never lacks an FX rate by accident.
 *
 * <p>Sources: State Bank of Pakistan monthly averages, rounded (PKR ≈ 228 → 305 per USD in 2023, ≈ 278–284 in
 * 2024–25; 2026 assumed flat); the manat is pegged at 1.70 per USD by the Central Bank of Azerbaijan.
 */
final class SimulatedFx {

    private SimulatedFx() {}

    static final LocalDate FIRST_MONTH = LocalDate.of(2023, 1, 1);
    static final LocalDate LAST_MONTH = LocalDate.of(2026, 12, 1);
    private static final LocalDate LAST_DAY = LAST_MONTH.plusMonths(1).minusDays(1);

    private static final double AZN = 0.588235;
    private static final double[] PKR = {
        0.00438596, 0.00380228, 0.00353357, 0.00352113, 0.00349650, 0.00349650, 0.00348432, 0.00338983, 0.00330033,
        0.00354610, 0.00350877, 0.00354610, 0.00355872, 0.00357143, 0.00358423, 0.00359712, 0.00359712, 0.00359712,
        0.00358423, 0.00359712, 0.00359712, 0.00359712, 0.00359712, 0.00359712, 0.00358423, 0.00357143, 0.00357143,
        0.00355872, 0.00354610, 0.00353357, 0.00352113, 0.00353357, 0.00354610, 0.00355872, 0.00355872, 0.00355872,
        0.00354610, 0.00354610, 0.00353357, 0.00353357, 0.00353357, 0.00352113, 0.00352113, 0.00352113, 0.00350877,
        0.00350877, 0.00350877, 0.00350877,
    };

    /** The importer's national currency. */
    static String currencyOf(String importer) {
        return switch (importer) {
            case "PAK" -> "PKR";
            case "AZE" -> "AZN";
            default -> throw new IllegalArgumentException("no national currency for " + importer);
        };
    }

    /** USD per unit of {@code currency} in force on the UTC date, or NaN outside the table. */
    static double usdPerUnit(String currency, LocalDate utcDate) {
        if (utcDate.isBefore(FIRST_MONTH) || utcDate.isAfter(LAST_DAY)) {
            return Double.NaN;
        }
        return switch (currency) {
            case "AZN" -> AZN;
            case "PKR" -> PKR[(utcDate.getYear() - 2023) * 12 + utcDate.getMonthValue() - 1];
            default -> Double.NaN;
        };
    }
}
