package io.lottor.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's retry of a DEAD message grants it a fresh budget of {@code max_attempts} deliveries whose
 * attempt numbers continue (never repeat), so a late result of an attempt made before the retry changes
 * nothing.
 */
class OperatorRetryBudgetTest {
    @TempDir
    Path dataDir;

    @Test
    void operatorRetryOfDeadMessageGrantsFreshAttemptsAndIgnoresLateResultOfAnOldAttempt() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withMaxAttempts(2).withAckTimeout(Duration.ofSeconds(60))
                .withRetryInitialBackoff(Duration.ofMillis(50)).withRetryMaxBackoff(Duration.ofMillis(100));
        try (TestServer server = new TestServer(config);
             RawSession consumer = RawSession.open(server.channel(), "auth", "auth-1", 8, false, List.of("auth-role"))) {
            ApiClient api = new ApiClient(server);
            server.prepare("fresh-budget", "user", "auth", "auth-role", 60_000);
            server.commit("fresh-budget");
            consumer.fail(next(consumer, 1), "boom 1");
            Delivery second = next(consumer, 2);
            consumer.fail(second, "boom 2");
            await().atMost(Duration.ofSeconds(5)).until(() -> message(server).getState() == MessageState.DEAD);

            assertThat(api.post("/api/v1/groups/fresh-budget/messages/m1/retry", null).status()).isEqualTo(200);
            Delivery third = next(consumer, 3);
            consumer.result("fresh-budget", "m1", second.getAttempt(), true);
            await().atMost(Duration.ofSeconds(5)).until(() -> refused(api) >= 1);
            assertThat(message(server).getState()).as("a late success of attempt 2").isEqualTo(MessageState.IN_FLIGHT);
            assertThat(message(server).getAttempts()).isEqualTo(3);

            consumer.fail(third, "boom 3");
            Delivery fourth = next(consumer, 4);
            consumer.succeed(fourth);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(server.group("fresh-budget").getState()).isEqualTo(GroupState.COMPLETED));
            assertThat(message(server).getAttempts()).isEqualTo(4);
        }
    }

    private static Delivery next(RawSession consumer, int attempt) throws InterruptedException {
        Delivery delivery = consumer.nextDelivery(5000);
        assertThat(delivery).as("delivery attempt " + attempt).isNotNull();
        assertThat(delivery.getAttempt()).isEqualTo(attempt);
        return delivery;
    }

    private static GroupMessage message(TestServer server) {
        return server.group("fresh-budget").getMessages(0);
    }

    private static double refused(ApiClient api) {
        return api.get("/metrics").text().lines().filter(line -> line.startsWith("lottor_results_refused_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
