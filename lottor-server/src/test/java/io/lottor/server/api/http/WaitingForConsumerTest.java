package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.support.Http;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed message that nobody can consume (a typo in its target, a consumer that is not running, a
 * method no instance handles) must not wait silently: {@code GET /api/v1/stats} lists it, per target,
 * under {@code waiting_for_consumer} once it has waited past {@code --waiting-for-consumer-after}, and
 * {@code lottor_messages_waiting_for_consumer} counts it.
 */
class WaitingForConsumerTest {
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void listsReadyMessagesWhoseTargetHasNoLiveSessionOrNoSessionForTheMethod() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir)
                .withWaitingForConsumerAfter(Duration.ofMillis(200)));
             RawSession auth = RawSession.open(server.channel(), "auth", "auth-1", 8, false, List.of("auth-role"))) {
            commit(server, "waiting-typo", "mail-servce", "welcome");
            commit(server, "waiting-method", "auth", "auth-rol");
            commit(server, "waiting-served", "auth", "auth-role");
            assertThat(auth.nextDelivery(10_000).getGroupId()).isEqualTo("waiting-served");

            JsonNode waiting = await().atMost(Duration.ofSeconds(10)).until(() -> waiting(server),
                    node -> node.get("targets").size() == 2);

            assertThat(waiting.get("after_ms").asLong()).isEqualTo(200);
            assertThat(waiting.get("messages").asLong()).isEqualTo(2);
            JsonNode typo = waiting.get("targets").get(0);
            assertThat(typo.get("target").asText()).as("oldest first").isEqualTo("mail-servce");
            assertThat(typo.get("sessions").asInt()).isZero();
            assertThat(typo.get("methods").toString()).isEqualTo("[\"welcome\"]");
            assertThat(typo.get("age_ms").asLong()).isGreaterThanOrEqualTo(200);
            assertThat(Instant.parse(typo.get("oldest_at").asText())).isBefore(Instant.now());
            JsonNode auths = waiting.get("targets").get(1);
            assertThat(auths.get("target").asText()).isEqualTo("auth");
            assertThat(auths.get("sessions").asInt()).isEqualTo(1);
            assertThat(auths.get("methods").toString()).isEqualTo("[\"auth-rol\"]");
            assertThat(auths.get("messages").asLong()).isEqualTo(1);
            assertThat(metric(server)).isEqualTo(2);

            try (RawSession mail = RawSession.open(server.channel(), "mail-servce", "mail-1", 8, false, List.of("welcome"))) {
                assertThat(mail.nextDelivery(10_000).getGroupId()).isEqualTo("waiting-typo");
                await().atMost(Duration.ofSeconds(10)).until(() -> waiting(server).get("targets").size() == 1);
                assertThat(metric(server)).isEqualTo(1);
            }
        }
    }

    @Test
    void aMessageYoungerThanTheThresholdIsNotListed() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            commit(server, "waiting-fresh", "mail-servce", "welcome");

            JsonNode waiting = waiting(server);

            assertThat(waiting.get("after_ms").asLong()).isEqualTo(60_000);
            assertThat(waiting.get("targets")).isEmpty();
            assertThat(waiting.get("messages").asLong()).isZero();
            assertThat(metric(server)).isZero();
        }
    }

    private static void commit(TestServer server, String groupId, String target, String method) {
        server.prepare(groupId, "orders", target, method, 60_000);
        server.commit(groupId);
    }

    private JsonNode waiting(TestServer server) throws Exception {
        var response = http.get(server.httpUri("/api/v1/stats"), server.adminToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("waiting_for_consumer");
    }

    private double metric(TestServer server) throws Exception {
        String text = http.get(server.httpUri("/metrics"), null).body();
        Matcher matcher = Pattern.compile("(?m)^lottor_messages_waiting_for_consumer(\\{[^}]*})? (\\S+)$").matcher(text);
        assertThat(matcher.find()).as("lottor_messages_waiting_for_consumer in /metrics").isTrue();
        return Double.parseDouble(matcher.group(2));
    }
}
