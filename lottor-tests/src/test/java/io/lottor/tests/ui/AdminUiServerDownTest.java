package io.lottor.tests.ui;

import java.nio.file.Path;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.lottor.tests.support.Chromium;
import io.lottor.tests.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.lottor.tests.support.Chromium.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin UI while its server is killed and started again: it says so, then recovers by itself. */
class AdminUiServerDownTest {
    private static final String TOKEN = "ui-down-admin-token-0123456789";
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void saysTheServerIsUnreachableWhileItIsDownAndRecoversWhenItIsBack(@TempDir Path dataDir) {
        try (ServerProcess doomed = ServerProcess.start("admin-ui-down", dataDir, "--admin-token", TOKEN);
             BrowserContext context = chromium.newContext(390)) {
            AdminUi ui = new AdminUi(context.newPage(), doomed.httpUri("/"));
            ui.open("/");
            ui.logIn(TOKEN, "night-shift");
            ui.text("All clear.").waitFor();

            doomed.kill9();
            ui.text("Server unreachable").first().waitFor();
            screenshot(ui.page(), "dashboard-unreachable", 390);
            assertThat(ui.page().getByRole(AriaRole.ALERT).first().textContent()).contains("retrying");

            doomed.restart();
            ui.page().locator("#banner").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
            assertThat(ui.text("All clear.").isVisible()).isTrue();
        }
    }
}
