package org.ptaflow.tariffs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a small CSV table with a header row (Jackson CSV) into rows that remember their line number, and parses
 * cells with messages that name the file, the line and the column. Shared by every table loader so that all
 * tables report errors the same way.
 */
final class CsvTable {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    /** One data row; {@code line} is its line in the file (the header is line 1). */
    record Row(Path file, long line, Map<String, String> cells) {
        /** The trimmed cell, or "" when the column is absent or empty. */
        String text(String column) {
            String v = cells.get(column);
            return v == null ? "" : v.trim();
        }

        String required(String column) throws TableException {
            String v = text(column);
            if (v.isEmpty()) {
                throw error(column + " is empty");
            }
            return v;
        }

        String hsPrefix(String column) throws TableException {
            String v = required(column);
            if (!HsPrefixIndex.isValidPrefix(v)) {
                throw error(column + " '" + v + "' is not 2 to 10 digits");
            }
            return v;
        }

        double nonNegativeRate(String column) throws TableException {
            double v = number(column);
            if (v < 0) {
                throw error(column + " " + v + " is negative");
            }
            return v;
        }

        double number(String column) throws TableException {
            String v = required(column);
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw error(column + " '" + v + "' is not a finite number");
                }
                return d;
            } catch (NumberFormatException e) {
                throw error(column + " '" + v + "' is not a number");
            }
        }

        BigDecimal decimal(String column) throws TableException {
            String v = required(column);
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e) {
                throw error(column + " '" + v + "' is not a decimal number");
            }
        }

        LocalDate date(String column) throws TableException {
            String v = required(column);
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw error(column + " '" + v + "' is not a date YYYY-MM-DD");
            }
        }

        TableException error(String problem) {
            return new TableException(file, line, problem);
        }
    }

    private CsvTable() {}

    /** Reads every row; the header must name each of {@code requiredColumns}. */
    static List<Row> read(Path file, String... requiredColumns) throws TableException {
        if (!Files.isRegularFile(file)) {
            throw new TableException(file, 0, "file does not exist");
        }
        List<Row> rows = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it =
                MAPPER.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
            boolean any = it.hasNext();
            CsvSchema header = ((CsvParser) it.getParser()).getSchema();
            // In header order, so that a message listing them reads as the file does.
            Set<String> columns = new LinkedHashSet<>();
            header.forEach(c -> columns.add(c.getName().trim()));
            if (columns.isEmpty()) {
                throw new TableException(file, 1, "no header row");
            }
            for (String required : requiredColumns) {
                if (!columns.contains(required)) {
                    throw new TableException(file, 1, "header lacks column " + required + " (has " + columns + ")");
                }
            }
            while (any && it.hasNext()) {
                Map<String, String> cells;
                try {
                    cells = it.next();
                } catch (RuntimeJsonMappingException e) {
                    String problem = e.getMessage();
                    long line = it.getCurrentLocation().getLineNr();
                    if (e.getCause() instanceof JsonProcessingException cause) {
                        problem = cause.getOriginalMessage();
                        if (cause.getLocation() != null) {
                            line = cause.getLocation().getLineNr();
                        }
                    }
                    throw new TableException(file, line, "malformed row: " + problem, e);
                }
                long line = it.getParser().currentTokenLocation().getLineNr();
                rows.add(new Row(file, line, cells));
            }
        } catch (IOException e) {
            throw new TableException(file, 0, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TableException(file, 0, "malformed CSV: " + e.getMessage(), e);
        }
        return rows;
    }
}
