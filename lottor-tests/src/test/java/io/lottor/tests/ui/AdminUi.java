package io.lottor.tests.ui;

import java.net.URI;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * The admin UI as an operator drives it: by labels, button names and visible text, never by CSS
 * internals. Waits use generous timeouts because the UI refreshes every few seconds.
 */
final class AdminUi {
    static final double TIMEOUT_MS = 30_000;

    private final Page page;
    private final URI base;

    AdminUi(Page page, URI base) {
        this.page = page;
        this.base = base;
        page.setDefaultTimeout(TIMEOUT_MS);
    }

    Page page() {
        return page;
    }

    /** Opens {@code #/route}; a logged-out browser lands on the login page. */
    void open(String route) {
        page.navigate(base.resolve("/#" + route).toString());
    }

    void typeToken(String token, String operator) {
        page.getByLabel("Admin token").fill(token);
        page.getByLabel("Your name (optional)").fill(operator);
        button("Log in").click();
    }

    /** Logs in and waits for the page behind the login to show. */
    void logIn(String token, String operator) {
        page.getByLabel("Admin token").waitFor();
        typeToken(token, operator);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).waitFor();
    }

    /** Follows a main navigation link, opening the menu first on a narrow screen. */
    void navigate(String link) {
        Locator menu = button("Menu");
        if (menu.isVisible()) {
            menu.click();
        }
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(link)).click();
    }

    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator text(String text) {
        return page.getByText(text);
    }

    /** The card of one message on the group page. */
    Locator messageCard(String messageId) {
        return page.locator("article[data-message-id=\"" + messageId + "\"]");
    }

    /** The group page's timeline of every event. */
    Locator timeline() {
        return page.locator("section[aria-labelledby=history-title]");
    }

    /** Waits until the message card shows {@code state} (the live refresh brings it). */
    void awaitMessageState(String messageId, String state) {
        messageCard(messageId).locator(".message-state").getByText(state, new Locator.GetByTextOptions().setExact(true))
                .waitFor();
    }
}
