package org.ptaflow.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptaflow.scenario.ScenarioException;
import org.ptaflow.scenario.ScenarioLoader;

/** The scenario key {@code flags: { share_jump: 0.2 }}: default, kept when given, refused outside (0, 1]. */
class FlagsScenarioKeyTest {
    @TempDir
    Path dir;

    @Test
    void shareJumpIsTwentyPointsWhenTheScenarioSaysNothing() throws ScenarioException {
        assertEquals(0.2, FlagFixtures.scenario(dir, "").flagsShareJump());
        assertEquals(0.2, FlagFixtures.scenario(dir, "flags: {}\n").flagsShareJump());
    }

    @Test
    void aGivenShareJumpIsKeptAndOneIsAllowed() throws ScenarioException {
        assertEquals(0.35, FlagFixtures.scenario(dir, "flags: { share_jump: 0.35 }\n").flagsShareJump());
        assertEquals(1.0, FlagFixtures.scenario(dir, "flags: { share_jump: 1 }\n").flagsShareJump());
    }

    @Test
    void anEvaluationKeepsTheShareJump() throws ScenarioException {
        assertEquals(0.35, FlagFixtures.scenario(dir, "flags: { share_jump: 0.35 }\n")
                .forEvaluation(java.time.LocalDate.of(2024, 1, 1)).flagsShareJump());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.1", "1.5", "20"})
    void aShareJumpOutsideZeroToOneIsRefused(String jump) {
        Path file = FlagFixtures.write(dir, "flags: { share_jump: " + jump + " }\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file));
        assertTrue(e.getMessage().contains("flags.share_jump: " + jump + " is outside (0, 1]"), e.getMessage());
    }

    @Test
    void anUnknownKeyOrAShareJumpThatIsNotANumberIsRefused() {
        Path unknown = FlagFixtures.write(dir, "flags: { share_drop: 0.2 }\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(unknown));
        assertTrue(e.getMessage().contains("flags.share_drop: unknown key"), e.getMessage());
        Path text = FlagFixtures.write(dir, "flags: { share_jump: high }\n");
        e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(text));
        assertTrue(e.getMessage().contains("flags.share_jump: 'high' is not a number"), e.getMessage());
    }
}
