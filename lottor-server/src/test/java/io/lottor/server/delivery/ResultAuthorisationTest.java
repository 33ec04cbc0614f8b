package io.lottor.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.server.ServerConfig;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ConsumeResult counts only from the session its attempt was delivered to, and only for the current
 * attempt; anything else is refused, counted in {@code lottor_results_refused_total}, and changes
 * nothing. The impostors are raw gRPC stubs.
 */
class ResultAuthorisationTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private ApiClient api;
    private RawSession holder;

    @BeforeEach
    void start() throws InterruptedException {
        ServerConfig config = TestServer.config(dataDir).withAckTimeout(Duration.ofSeconds(60))
                .withRetryInitialBackoff(Duration.ofMillis(50)).withRetryMaxBackoff(Duration.ofMillis(200));
        server = new TestServer(config);
        api = new ApiClient(server);
        holder = RawSession.open(server.channel(), "auth", "auth-holder", 8, false, List.of("auth-role"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        holder.close();
        server.close();
    }

    private Delivery deliveredToHolder(String groupId) throws InterruptedException {
        server.prepare(groupId, "user", "auth", "auth-role", 60_000);
        server.commit(groupId);
        Delivery delivery = holder.nextDelivery(5000);
        assertThat(delivery).as("the delivery of " + groupId).isNotNull();
        assertThat(delivery.getGroupId()).isEqualTo(groupId);
        return delivery;
    }

    @Test
    void refusesResultsOfAMessageDeliveredToAnotherSessionOfTheSameService() throws Exception {
        Delivery delivery = deliveredToHolder("impostor-same-service");
        try (RawSession impostor = RawSession.open(server.channel(), "auth", "auth-impostor", 8, false,
                List.of("auth-role"))) {
            impostor.result("impostor-same-service", "m1", 1, false);
            impostor.result("impostor-same-service", "m1", 1, true);

            await().atMost(Duration.ofSeconds(5)).until(() -> refused() >= 2);
            GroupMessage message = server.group("impostor-same-service").getMessages(0);
            assertThat(message.getState()).isEqualTo(MessageState.IN_FLIGHT);
            assertThat(message.getAttempts()).isEqualTo(1);
            assertThat(message.getLastError()).isEmpty();
        }
        holder.succeed(delivery);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(server.group("impostor-same-service").getState()).isEqualTo(GroupState.COMPLETED));
        assertThat(server.group("impostor-same-service").getMessages(0).getConsumedBy()).isEqualTo("auth-holder");
    }

    @Test
    void refusesAResultFromASessionOfAnotherService() throws Exception {
        deliveredToHolder("impostor-other-service");
        try (RawSession impostor = RawSession.open(server.channel(), "billing", "billing-1", 8, false,
                List.of("auth-role"))) {
            impostor.result("impostor-other-service", "m1", 1, true);

            await().atMost(Duration.ofSeconds(5)).until(() -> refused() >= 1);
            assertThat(server.group("impostor-other-service").getMessages(0).getState()).isEqualTo(MessageState.IN_FLIGHT);
        }
    }

    @Test
    void reportConsumptionCountsOnlyFromTheOpenSessionHoldingTheCurrentAttempt() throws Exception {
        Delivery delivery = deliveredToHolder("reported-holder");
        ConsumeResult.Builder success = ConsumeResult.newBuilder().setGroupId("reported-holder").setMessageId("m1")
                .setAttempt(delivery.getAttempt()).setSuccess(true);
        try (RawSession other = RawSession.open(server.channel(), "auth", "auth-other", 8, false,
                List.of("auth-role"))) {
            assertRefused(success.clone(), Status.Code.INVALID_ARGUMENT, "session_id");
            assertRefused(success.clone().setSessionId(other.sessionId()), Status.Code.FAILED_PRECONDITION, "session_id");
            assertRefused(success.clone().setSessionId("no-such-session"), Status.Code.FAILED_PRECONDITION, "session_id");
            assertRefused(success.clone().setSessionId(holder.sessionId()).setAttempt(2), Status.Code.FAILED_PRECONDITION,
                    "attempt");
            assertThat(server.group("reported-holder").getMessages(0).getState()).isEqualTo(MessageState.IN_FLIGHT);
        }

        server.stub().reportConsumption(success.clone().setSessionId(holder.sessionId()).build());

        GroupMessage message = server.group("reported-holder").getMessages(0);
        assertThat(message.getState()).as("answered after the outcome is durable").isEqualTo(MessageState.CONSUMED);
        assertThat(message.getConsumedBy()).isEqualTo("auth-holder");
        assertThat(refused()).isGreaterThanOrEqualTo(3);
    }

    private void assertRefused(ConsumeResult.Builder result, Status.Code code, String field) {
        assertThatThrownBy(() -> server.stub().reportConsumption(result.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(field);
                });
    }

    /** lottor_results_refused_total over every reason, 0 before the first refusal. */
    private double refused() {
        String text = api.get("/metrics").text();
        Matcher sample = Pattern.compile("(?m)^lottor_results_refused_total\\{[^}]*} (\\S+)$").matcher(text);
        double total = 0;
        while (sample.find()) {
            total += Double.parseDouble(sample.group(1));
        }
        return total;
    }
}
