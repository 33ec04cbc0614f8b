package io.lottor.tests.ui;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.Chromium;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.lottor.tests.support.Chromium.screenshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin UI in a real Chromium against a real server process, at laptop (1280 px) and phone (390 px)
 * widths. A consumer fails every message of a group until the test heals that group, so its message goes
 * DEAD; the operator finds the group in the UI and retries the message. Screenshots go to
 * target/screenshots/.
 */
class AdminUiBrowserTest {
    private static final String TOKEN = "ui-test-admin-token-0123456789";
    private static final String OPERATOR = "night-shift";
    private static final Duration EVENTUALLY = Duration.ofSeconds(45);

    @RegisterExtension
    static final RunningServer server = new RunningServer("admin-ui", "--admin-token", TOKEN,
            "--retry-initial-backoff", "100ms", "--retry-max-backoff", "200ms", "--max-attempts", "2",
            "--heartbeat-interval", "500ms", "--waiting-for-consumer-after", "1s");

    /** Groups whose message the consumer now accepts: the fault switch, per group. */
    private static final Set<String> healed = ConcurrentHashMap.newKeySet();
    private static Chromium chromium;
    private static LottorClient consumer;
    private static LottorClient producer;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        consumer = LottorClient.builder().target(server.target()).service("ui-billing").instanceId("ui-billing-1").build();
        for (String method : new String[] {"charge", "refund"}) {
            consumer.subscribe(method, UserRole.class, (role, context) -> {
                if (!healed.contains(context.groupId())) {
                    throw new IllegalStateException("card declined for " + role.userId() + " (test switch off)");
                }
            });
        }
        producer = LottorClient.builder().target(server.target()).service("ui-orders").instanceId("ui-orders-1").build();
        assertThat(consumer.awaitConnected(Duration.ofSeconds(30))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @ParameterizedTest(name = "at {0} px")
    @ValueSource(ints = {1280, 390})
    void operatorFindsDeadMessageAndRetriesItUntilConsumed(int width) {
        String groupId = "operatorRetriesDeadMessage-" + width;
        String messageId = produceDeadMessage(groupId, "charge");
        try (BrowserContext context = chromium.newContext(width)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/");
            ui.text("Log in with the server's admin token.").waitFor();
            screenshot(ui.page(), "login", width);
            ui.logIn(TOKEN, OPERATOR);

            ui.text("Needs attention").waitFor();
            assertThat(ui.text("dead message").first().textContent()).contains("delivery gave up");
            screenshot(ui.page(), "dashboard", width);

            ui.navigate("Failed & dead");
            ui.link(groupId).first().waitFor();
            screenshot(ui.page(), "messages", width);

            findGroup(ui, groupId, width);
            ui.awaitMessageState(messageId, "DEAD");
            assertThat(ui.messageCard(messageId).textContent()).contains("card declined for dave");
            screenshot(ui.page(), "detail", width);

            healed.add(groupId);
            retry(ui, messageId);
            ui.awaitMessageState(messageId, "CONSUMED");
            ui.timeline().getByText("by operator:" + OPERATOR).waitFor();
            assertThat(ui.timeline().textContent()).contains("RETRIED", "card limit raised, see ticket OPS-42");
            screenshot(ui.page(), "detail-retried", width);
        }
        GroupMessage message = server.inspector().firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
        assertThat(message.getConsumedBy()).isEqualTo("ui-billing-1");
    }

    @Test
    void dashboardListsCommittedMessagesThatNoConnectedServiceCanConsume() {
        String groupId = "dashboardWaitingForConsumer";
        TransactionGroup group = producer.begin(groupId);
        group.send("ui-mail-servce", "welcome", new UserRole("gina", "customer"));
        group.prepare();
        group.commit();
        try (BrowserContext context = chromium.newContext(1280)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/");
            ui.logIn(TOKEN, OPERATOR);
            Locator line = ui.page().locator("li.problem-line", new Page.LocatorOptions().setHasText("ui-mail-servce"));
            line.waitFor();
            assertThat(line.textContent()).contains("1 message for ui-mail-servce (welcome) waiting",
                    "no consumer of ui-mail-servce is connected");
            screenshot(ui.page(), "dashboard-waiting-for-consumer", 1280);

            line.getByRole(AriaRole.LINK).click();
            ui.link(groupId).waitFor();
        }
        assertThat(server.inspector().firstMessage(groupId).getState()).isEqualTo(MessageState.READY);
    }

    @Test
    void loginPageSaysSoWhenTheTokenIsWrong() {
        try (BrowserContext context = chromium.newContext(1280)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/groups");
            ui.page().getByLabel("Admin token").waitFor();
            ui.typeToken("not-the-admin-token", "");
            ui.text("Wrong token").waitFor();
            screenshot(ui.page(), "login-wrong-token", 1280);
            assertThat(ui.page().getByRole(AriaRole.ALERT).textContent()).contains("rejected it (401)");
            assertThat(ui.button("Log out").isVisible()).isFalse();
        }
    }

    @Test
    void messagesPageSaysThereIsNothingToRetryWhenNoDeadMessageMatches() {
        try (BrowserContext context = chromium.newContext(390)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/messages?state=DEAD&target=nobody-messagesPageEmptyState");
            ui.logIn(TOKEN, OPERATOR);
            ui.text("No dead messages — nothing to retry").waitFor();
            screenshot(ui.page(), "messages-empty", 390);
            assertThat(ui.button("Retry all matching…").count()).isZero();
        }
    }

    @Test
    void bulkRetryShowsItsFilterAndRetriesEveryMatchingDeadMessage() {
        produceDeadMessage("bulkRetryMatching-1", "refund");
        produceDeadMessage("bulkRetryMatching-2", "refund");
        healed.addAll(List.of("bulkRetryMatching-1", "bulkRetryMatching-2"));
        try (BrowserContext context = chromium.newContext(1280)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/messages?state=DEAD&method=refund");
            ui.logIn(TOKEN, OPERATOR);
            ui.link("bulkRetryMatching-2").waitFor();
            ui.button("Retry all matching…").click();
            assertThat(ui.page().getByRole(AriaRole.DIALOG).textContent()).contains("Method", "refund", "not only the ones on this page");
            ui.button("Retry all matching").click();
            ui.text("Retried 2 messages.").waitFor();
            ui.text("No dead messages — nothing to retry").waitFor();
        }
        await("both refunds consumed").atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(server.inspector().firstMessage("bulkRetryMatching-1").getState()).isEqualTo(MessageState.CONSUMED);
            assertThat(server.inspector().firstMessage("bulkRetryMatching-2").getState()).isEqualTo(MessageState.CONSUMED);
        });
    }

    @Test
    void groupsPageGoesToOlderAndBackToNewerGroups() {
        for (String groupId : List.of("groupsPaging-1", "groupsPaging-2")) {
            healed.add(groupId);
            TransactionGroup group = producer.begin(groupId);
            group.send("ui-billing", "charge", new UserRole("frank", "customer"));
            group.prepare();
            group.commit();
        }
        try (BrowserContext context = chromium.newContext(390)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/groups?id_prefix=groupsPaging-&limit=1");
            ui.logIn(TOKEN, OPERATOR);
            ui.link("groupsPaging-2").waitFor();
            ui.button("Older →").click();
            ui.link("groupsPaging-1").waitFor();
            assertThat(ui.button("Older →").isDisabled()).isTrue();
            ui.button("← Newer").click();
            ui.link("groupsPaging-2").waitFor();
        }
    }

    @Test
    void operatorRollsBackAPreparedGroupWithAReason() {
        String groupId = "operatorRollsBackPrepared";
        try (LottorClient stuckProducer = LottorClient.builder().target(server.target()).service("ui-stuck")
                .instanceId("ui-stuck-1").checkAfter(Duration.ofMinutes(10)).build()) {
            TransactionGroup group = stuckProducer.begin(groupId);
            group.send("ui-billing", "charge", new UserRole("erin", "customer"));
            group.prepare();
        }
        try (BrowserContext context = chromium.newContext(390)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/groups/" + groupId);
            ui.logIn(TOKEN, OPERATOR);
            ui.button("Roll back…").click();
            ui.button("Roll back group").click();
            assertThat(ui.page().getByLabel("Reason (required)").evaluate("field => field.validity.valid")).isEqualTo(false);
            ui.page().getByLabel("Reason (required)").fill("order cancelled by the customer, producer DB restored");
            ui.button("Roll back group").click();
            ui.text("Group resolved: ROLLED BACK.").waitFor();
            ui.timeline().getByText("order cancelled by the customer, producer DB restored").first().waitFor();
            assertThat(ui.timeline().textContent()).contains("RESOLVED", "by operator:" + OPERATOR);
            screenshot(ui.page(), "detail-resolved", 390);
        }
        assertThat(server.inspector().existingGroup(groupId).getState())
                .isEqualTo(GroupState.ROLLED_BACK);
    }

    @Test
    void sendsTheOperatorBackToLoginWhenTheServerRejectsTheStoredToken() {
        try (BrowserContext context = chromium.newContext(1280)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/");
            ui.logIn(TOKEN, OPERATOR);
            ui.page().evaluate("sessionStorage.setItem('lottor.token', 'a-token-the-server-changed')");
            ui.navigate("Servers");
            ui.text("The server no longer accepts your token (401). Log in again.").waitFor();
            assertThat(ui.page().url()).endsWith("#/login");
        }
    }

    @Test
    void clientsAndServersPagesShowTheConnectedServicesAndThisServer() {
        try (BrowserContext context = chromium.newContext(1280)) {
            AdminUi ui = new AdminUi(context.newPage(), server.process().httpUri("/"));
            ui.open("/clients");
            ui.logIn(TOKEN, OPERATOR);
            ui.text("ui-billing-1").waitFor();
            assertThat(ui.page().locator("table.data").textContent()).contains("ui-billing", "charge", "refund", "ui-orders");
            for (int width : new int[] {1280, 390}) {
                ui.page().setViewportSize(width, 844);
                screenshot(ui.page(), "clients", width);
            }
            ui.navigate("Servers");
            // the Servers page first: until it replaces the Clients page, each session of this server has its badge
            ui.text("gRPC " + server.process().grpcPort()).waitFor();
            ui.text("THIS SERVER").waitFor();
            assertThat(ui.page().locator("table.data").textContent()).contains("gRPC " + server.process().grpcPort());
            for (int width : new int[] {390, 1280}) {
                ui.page().setViewportSize(width, 844);
                screenshot(ui.page(), "servers", width);
            }
        }
    }

    /** Searches the groups page by id prefix and opens the group. */
    private static void findGroup(AdminUi ui, String groupId, int width) {
        ui.navigate("Groups");
        Page page = ui.page();
        page.getByLabel("Group id starts with").fill(groupId);
        ui.button("Search").click();
        page.waitForURL("**id_prefix=" + groupId);
        await("only " + groupId + " listed").atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(page.locator("table.data tbody tr").count()).isEqualTo(1);
            assertThat(ui.link(groupId).isVisible()).isTrue();
        });
        screenshot(page, "groups", width);
        ui.link(groupId).click();
    }

    private static void retry(AdminUi ui, String messageId) {
        ui.messageCard(messageId).getByRole(AriaRole.BUTTON).getByText("Retry message…").click();
        ui.page().getByLabel("Reason (optional)").fill("card limit raised, see ticket OPS-42");
        Chromium.screenshotOfViewport(ui.page(), "retry-dialog", ui.page().viewportSize().width);
        ui.button("Retry now").click();
        ui.text("will be delivered now").waitFor();
    }

    /** Prepares and commits a one-message group that the consumer fails until it is DEAD. */
    private static String produceDeadMessage(String groupId, String method) {
        TransactionGroup group = producer.begin(groupId);
        String messageId = group.send("ui-billing", method, new UserRole("dave", "customer"));
        group.prepare();
        group.commit();
        await("message of " + groupId + " dead").atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(server.inspector().firstMessage(groupId).getState()).isEqualTo(MessageState.DEAD));
        return messageId;
    }
}
