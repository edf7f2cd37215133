package org.ptaflow.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagingTest {
    private static long day(String iso) {
        return LocalDate.parse(iso).toEpochDay();
    }

    private static final Staging TWO_STEPS = Staging.of(List.of(
            new Staging.Step(LocalDate.parse("2024-07-01"), 0.5),
            new Staging.Step(LocalDate.parse("2025-07-01"), 1.0)));

    @Test
    void beforeTheFirstDateTheConcessionIsNotInForce() {
        assertEquals(0, TWO_STEPS.fractionOn(day("2024-06-30")));
        assertEquals(0, TWO_STEPS.fractionOn(day("1990-01-01")));
    }

    @Test
    void eachDateIsInclusive() {
        assertEquals(0.5, TWO_STEPS.fractionOn(day("2024-07-01")));
        assertEquals(1.0, TWO_STEPS.fractionOn(day("2025-07-01")));
    }

    @Test
    void betweenAndAfterTheDates() {
        assertEquals(0.5, TWO_STEPS.fractionOn(day("2025-06-30")));
        assertEquals(1.0, TWO_STEPS.fractionOn(day("2030-01-01")));
    }

    @Test
    void noStagingIsAlwaysFullyInForce() {
        assertEquals(1, Staging.NONE.fractionOn(day("1900-01-01")));
        assertEquals(1, Staging.of(List.of()).fractionOn(day("2024-01-01")));
    }

    @Test
    void badStepsAreRefused() {
        LocalDate a = LocalDate.parse("2024-01-01");
        LocalDate b = LocalDate.parse("2025-01-01");
        assertThrows(IllegalArgumentException.class,
                () -> Staging.of(List.of(new Staging.Step(b, 0.5), new Staging.Step(a, 1))));
        assertThrows(IllegalArgumentException.class,
                () -> Staging.of(List.of(new Staging.Step(a, 0.5), new Staging.Step(a, 1))));
        assertThrows(IllegalArgumentException.class,
                () -> Staging.of(List.of(new Staging.Step(a, 0.8), new Staging.Step(b, 0.5))));
        assertThrows(IllegalArgumentException.class, () -> Staging.of(List.of(new Staging.Step(a, 0))));
        assertThrows(IllegalArgumentException.class, () -> Staging.of(List.of(new Staging.Step(a, 1.5))));
    }
}
