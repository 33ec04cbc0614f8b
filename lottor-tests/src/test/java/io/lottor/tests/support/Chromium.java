package io.lottor.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's Chromium ({@code /usr/bin/chromium}, Debian's package) driven by Playwright; Playwright
 * never downloads a browser of its own. Without Chromium the browser tests fail under {@code CI=true}
 * (CI installs it) and are skipped elsewhere. One instance per test class; not thread-safe.
 */
public final class Chromium implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Launches headless Chromium, or fails/skips (see the class comment) when it is not installed. */
    public static Chromium launch() {
        requireInstalled();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS));
        return new Chromium(playwright, browser);
    }

    /** A fresh browser profile (empty sessionStorage) with a viewport {@code width} pixels wide. */
    public BrowserContext newContext(int width) {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(width, width < 600 ? 844 : 900));
    }

    /** Saves a full-page screenshot as target/screenshots/{@code name}-{@code width}.png. */
    public static Path screenshot(Page page, String name, int width) {
        return save(page, name, width, true);
    }

    /** Saves what the viewport shows (a modal dialog and its backdrop) as {@link #screenshot} does. */
    public static Path screenshotOfViewport(Page page, String name, int width) {
        return save(page, name, width, false);
    }

    private static Path save(Page page, String name, int width, boolean fullPage) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + "-" + width + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(fullPage));
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }

    private static void requireInstalled() {
        if (Files.isExecutable(EXECUTABLE)) {
            return;
        }
        String message = "Chromium is not installed at " + EXECUTABLE + "; the admin UI browser tests need it "
                + "(Debian: apt-get install -y chromium; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }
}
