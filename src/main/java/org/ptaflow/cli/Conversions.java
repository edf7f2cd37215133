package org.ptaflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.flink.util.TimeUtils;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How option values are read: durations, whole numbers, dates. */
final class Conversions {
    private Conversions() {}

    /** A duration in Flink's forms ({@code 10 s}, {@code 5 min}, {@code 7 d}) or ISO-8601 ({@code PT10S}). */
    static final class DurationValue implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            if (v.matches("[0-9_]+")) {
                // Flink would read a bare number as milliseconds: almost always a unit forgotten.
                throw new TypeConversionException("a duration needs its unit (10 s, 5 min, 7 d or PT10S), got '"
                        + value + "'");
            }
            try {
                return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : TimeUtils.parseDuration(v);
            } catch (RuntimeException e) {
                throw new TypeConversionException(
                        "expected a duration such as 10 s, 5 min, 7 d or PT10S, got '" + value + "'");
            }
        }
    }

    /** A whole number ≥ 1 (a count of records, a parallelism); {@code 1_000_000} is read as one million. */
    static final class WholeNumber implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n;
            try {
                n = Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a whole number, got '" + value + "'");
            }
            if (n < 1) {
                throw new TypeConversionException("expected a whole number of at least 1, got '" + value + "'");
            }
            return n;
        }
    }

    /** A share in 0..1 ({@code 0.7}). */
    static final class Share implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x;
            try {
                x = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a share between 0 and 1, got '" + value + "'");
            }
            if (!(x >= 0 && x <= 1)) {
                throw new TypeConversionException("expected a share between 0 and 1, got '" + value + "'");
            }
            return x;
        }
    }

    /** A day ({@code 2024-01-01}, midnight UTC) or an instant ({@code 2024-01-01T06:00:00Z}). */
    static final class StartTime implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException(
                        "expected a date (2024-01-01) or an instant (2024-01-01T06:00:00Z), got '" + value + "'");
            }
        }
    }
}
