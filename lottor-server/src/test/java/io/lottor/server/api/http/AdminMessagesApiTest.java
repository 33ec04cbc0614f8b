package io.lottor.server.api.http;

import static io.lottor.server.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.protocol.v1.Delivery;
import io.lottor.server.ServerConfig;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.ApiClient.Response;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's messages: listing by state, retry of one DEAD message, bulk retry. Messages die after
 * one failed attempt (max attempts 1) at a consumer that fails them.
 */
class AdminMessagesApiTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private ApiClient api;
    private RawSession consumer;

    @BeforeEach
    void start() throws InterruptedException {
        ServerConfig config = TestServer.config(dataDir).withMaxAttempts(1).withAckTimeout(Duration.ofSeconds(30));
        server = new TestServer(config);
        api = new ApiClient(server);
        consumer = RawSession.open(server.channel(), "auth", "auth-1", 16, false, List.of("auth-role"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        consumer.close();
        server.close();
    }

    /** Commits a group whose one message the consumer fails: DEAD after its only attempt. */
    private void dead(String groupId) throws InterruptedException {
        server.prepare(groupId, "user", "auth", "auth-role", 60_000);
        server.commit(groupId);
        Delivery delivery = consumer.nextDelivery(5000);
        assertThat(delivery).as("delivery of " + groupId).isNotNull();
        consumer.fail(delivery, "Column 'user_id' cannot be null");
        await().atMost(Duration.ofSeconds(5)).until(() -> messageState(groupId).equals("DEAD"));
    }

    private String messageState(String groupId) {
        return api.get("/api/v1/groups/" + groupId).body().get("messages").get(0).get("state").asText();
    }

    private static List<String> values(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).asText()).toList();
    }

    @Test
    void listsDeadMessagesWithTheirErrorAndFilters() throws Exception {
        dead("msg-dead-1");
        server.prepare("msg-pending-1", "order", "mail", "welcome", 60_000);

        Response deadOnes = api.get("/api/v1/messages?state=DEAD,FAILED");
        assertThat(deadOnes.status()).isEqualTo(200);
        assertThat(values(deadOnes.body().get("messages"), "group_id")).containsExactly("msg-dead-1");
        JsonNode message = deadOnes.body().get("messages").get(0);
        assertThat(message.get("source").asText()).isEqualTo("user");
        assertThat(message.get("target").asText()).isEqualTo("auth");
        assertThat(message.get("attempts").asInt()).isEqualTo(1);
        assertThat(message.get("last_error").asText()).contains("cannot be null");
        assertThat(message.get("next_attempt_at").isNull()).isTrue();
        assertThat(deadOnes.body().get("next_cursor").isNull()).isTrue();

        assertThat(values(api.get("/api/v1/messages?target=mail&method=welcome&source=order").body().get("messages"),
                "state")).containsExactly("PENDING");
        assertThat(values(api.get("/api/v1/messages?group_id=msg-dead-1").body().get("messages"), "message_id"))
                .containsExactly("m1");
        assertThat(api.get("/api/v1/messages?limit=1").body().get("next_cursor").isNull()).isFalse();
    }

    @Test
    void listRejectsBadParametersNamingThem() {
        assertThat(api.get("/api/v1/messages?state=LOST").error()).isEqualTo("INVALID_ARGUMENT state");
        assertThat(api.get("/api/v1/messages?limit=-1").error()).isEqualTo("INVALID_ARGUMENT limit");
        assertThat(api.get("/api/v1/messages?to=never").error()).isEqualTo("INVALID_ARGUMENT to");
        assertThat(api.get("/api/v1/messages?cursor=%25%25").error()).isEqualTo("INVALID_ARGUMENT cursor");
        assertThat(api.get("/api/v1/messages?method=" + "m".repeat(129)).error()).isEqualTo("INVALID_ARGUMENT method");
    }

    @Test
    void retriesADeadMessageWhichIsDeliveredAgainAndRecordedInHistory() throws Exception {
        dead("retry-1");

        Response retried = api.post("/api/v1/groups/retry-1/messages/m1/retry",
                json("{'actor': 'alice', 'reason': 'fixed the null user id'}"));

        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        assertThat(retried.body().get("state").asText()).isEqualTo("READY");
        assertThat(retried.body().get("attempts").asInt()).isEqualTo(1);
        assertThat(retried.body().get("next_attempt_at").isNull()).isFalse();
        Delivery again = consumer.nextDelivery(5000);
        assertThat(again.getAttempt()).isEqualTo(2);
        consumer.succeed(again);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                api.get("/api/v1/groups/retry-1").body().get("state").asText().equals("COMPLETED"));

        JsonNode history = api.get("/api/v1/groups/retry-1").body().get("history");
        assertThat(values(history, "kind")).containsExactly("PREPARED", "COMMITTED", "DELIVERED", "DEAD", "RETRIED",
                "DELIVERED", "CONSUMED", "COMPLETED");
        JsonNode retry = history.get(4);
        assertThat(retry.get("actor").asText()).isEqualTo("operator:alice");
        assertThat(retry.get("detail").asText()).isEqualTo("fixed the null user id");
        assertThat(retry.get("message_id").asText()).isEqualTo("m1");
        assertThat(history.get(2).get("actor").asText()).isEqualTo("consumer:auth-1");
    }

    @Test
    void retryAnswersNotFoundConflictAndInvalidArgument() throws Exception {
        dead("retry-err-1");
        server.prepare("retry-err-2", "user", "mail", "welcome", 60_000);

        Response unknownMessage = api.post("/api/v1/groups/retry-err-1/messages/nope/retry", null);
        assertThat(unknownMessage.status()).isEqualTo(404);
        assertThat(unknownMessage.error()).isEqualTo("NOT_FOUND message_id");
        assertThat(api.post("/api/v1/groups/nope/messages/m1/retry", null).status()).isEqualTo(404);
        Response pending = api.post("/api/v1/groups/retry-err-2/messages/m1/retry", "{}");
        assertThat(pending.status()).isEqualTo(409);
        assertThat(pending.error()).isEqualTo("FAILED_PRECONDITION state");
        assertThat(pending.body().get("message").asText()).contains("PENDING");
        assertThat(api.post("/api/v1/groups/retry-err-1/messages/m1/retry", json("{'actor': '" + "a".repeat(65) + "'}"))
                .error()).isEqualTo("INVALID_ARGUMENT actor");
        assertThat(api.post("/api/v1/groups/retry-err-1/messages/m1/retry", json("{'reason': 5}")).error())
                .isEqualTo("INVALID_ARGUMENT reason");
        assertThat(messageState("retry-err-1")).isEqualTo("DEAD");
    }

    @Test
    void bulkRetryRetriesEveryMatchingDeadMessageAndAnswersHowMany() throws Exception {
        dead("bulk-1");
        dead("bulk-2");

        assertThat(api.post("/api/v1/messages/retry", json("{'target': 'mail'}")).body().get("retried").asInt()).isZero();
        Response retried = api.post("/api/v1/messages/retry", json("{'state': ['DEAD'], 'target': 'auth',"
                + " 'source': 'user', 'method': 'auth-role', 'from': 0, 'to': '2999-01-01T00:00:00Z',"
                + " 'actor': 'carol', 'reason': 'consumer fixed'}"));

        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        assertThat(retried.body().get("retried").asInt()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            consumer.succeed(consumer.nextDelivery(5000));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> messageState("bulk-1").equals("CONSUMED")
                && messageState("bulk-2").equals("CONSUMED"));
        assertThat(api.post("/api/v1/messages/retry", null).body().get("retried").asInt()).isZero();
    }

    @Test
    void bulkRetryRejectsOtherStatesAndBadFilters() throws Exception {
        dead("bulk-err-1");

        assertThat(api.post("/api/v1/messages/retry", json("{'state': ['READY']}")).error())
                .isEqualTo("INVALID_ARGUMENT state");
        assertThat(api.post("/api/v1/messages/retry", json("{'state': ['GONE']}")).error())
                .isEqualTo("INVALID_ARGUMENT state");
        assertThat(api.post("/api/v1/messages/retry", json("{'state': 3}")).error()).isEqualTo("INVALID_ARGUMENT state");
        assertThat(api.post("/api/v1/messages/retry", json("{'from': 'monday'}")).error())
                .isEqualTo("INVALID_ARGUMENT from");
        assertThat(api.post("/api/v1/messages/retry", "nope").error()).isEqualTo("INVALID_ARGUMENT body");
        assertThat(messageState("bulk-err-1")).isEqualTo("DEAD");
    }
}
