package org.ptaflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through the system chromedriver (nothing downloaded), with the flags this
 * machine needs (no background networking: the network is closed). The dashboard's tests skip, with a message, when
 * {@code /usr/bin/chromium} is missing; the evaluation report's fail ({@link #requireChromium}); {@code .ci/run}
 * installs it.
 */
public final class Browser {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser() {}

    /** Fails the test without Chromium and its driver: for a check that a skip must not stand in for. */
    public static void requireChromium(String who) {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                CHROMIUM + " or " + CHROMEDRIVER + " is missing: " + who + " needs them "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)");
    }

    static void assumeChromium() {
        assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing (apt-get install chromium chromium-driver; .ci/run installs them)");
    }

    static ChromeDriver start(Path profile) throws IOException {
        return start(profile, 1400, 2200);
    }

    /** A browser whose window is {@code width} × {@code height} pixels (what a screenshot shows). */
    public static ChromeDriver start(Path profile, int width, int height) throws IOException {
        Files.createDirectories(profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** Waits up to {@code seconds} for the condition; returns whether it held. */
    public static boolean waitFor(int seconds, Supplier<Boolean> condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the page is being redrawn; look again
            }
            Thread.sleep(100);
        }
        return false;
    }
}
