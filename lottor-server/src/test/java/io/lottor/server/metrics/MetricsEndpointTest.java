package io.lottor.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.RollbackRequest;
import io.lottor.server.ServerConfig;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.Http;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {
    private final Http http = new Http();

    @TempDir
    Path dataDir;

    @Test
    void exposesEveryLottorMetricFamilyInPrometheusTextAfterTraffic() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withMaxAttempts(2).withRetryInitialBackoff(Duration.ofMillis(20))
                .withRetryMaxBackoff(Duration.ofMillis(40));
        try (TestServer server = new TestServer(config);
             RawSession consumer = RawSession.open(server.channel(), "auth", "auth-1", 8, false, List.of("ok", "bad"));
             RawSession producer = RawSession.open(server.channel(), "user", "user-1", 1, true, List.of())) {
            consumeOneAndKillOne(server, consumer);
            server.prepare("metrics-rollback", "user", "auth", "ok", 60_000);
            server.stub().rollback(RollbackRequest.newBuilder().setGroupId("metrics-rollback").build());
            server.prepare("metrics-check", "user", "auth", "ok", 50);
            producer.reply(awaitCheckBack(producer), CheckBackReply.State.UNKNOWN);
            server.prepare("metrics-stuck", "nobody", "auth", "ok", 60_000);

            String text = scrape(server);

            assertThat(value(text, "lottor_groups_total", "outcome=\"prepared\"")).isEqualTo(5);
            assertThat(value(text, "lottor_groups_total", "outcome=\"committed\"")).isEqualTo(2);
            assertThat(value(text, "lottor_groups_total", "outcome=\"rolled_back\"")).isEqualTo(1);
            assertThat(value(text, "lottor_groups_total", "outcome=\"completed\"")).isEqualTo(1);
            assertThat(value(text, "lottor_messages_total", "outcome=\"consumed\"")).isEqualTo(1);
            assertThat(value(text, "lottor_messages_total", "outcome=\"failed\"")).isEqualTo(1);
            assertThat(value(text, "lottor_messages_total", "outcome=\"dead\"")).isEqualTo(1);
            assertThat(value(text, "lottor_delivery_retries_total", "")).isEqualTo(1);
            assertThat(value(text, "lottor_messages_dead", "")).isEqualTo(1);
            assertThat(value(text, "lottor_check_backs_sent_total", "")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "lottor_check_backs_answered_total", "answer=\"unknown\"")).isEqualTo(1);
            assertThat(value(text, "lottor_check_backs_answered_total", "answer=\"committed\"")).isZero();
            assertThat(value(text, "lottor_check_backs_postponed_total", "")).isNotNegative();
            assertThat(value(text, "lottor_messages_in_flight", "")).isZero();
            assertThat(value(text, "lottor_groups_oldest_prepared_age_seconds", "")).isNotNegative();
            assertThat(value(text, "lottor_sessions", "service=\"auth\"")).isEqualTo(1);
            assertThat(value(text, "lottor_sessions", "service=\"user\"")).isEqualTo(1);
            assertThat(value(text, "lottor_store_batch_size_count", "")).isPositive();
            assertThat(text).contains("lottor_store_batch_size_bucket{le=\"1.0\"}");
            assertThat(value(text, "lottor_store_commit_seconds_count", "")).isPositive();
            assertThat(text).contains("lottor_store_commit_seconds_bucket{le=\"0.001\"}");
            assertThat(value(text, "lottor_store_commits_total", "")).isPositive();
            assertThat(value(text, "lottor_store_statements_total", "kind=\"write\"")).isPositive();
            assertThat(value(text, "lottor_store_statements_total", "kind=\"read\"")).isPositive();
            assertThat(text).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void countsOperatorRetriesAndResolutions() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withMaxAttempts(1);
        try (TestServer server = new TestServer(config);
             RawSession consumer = RawSession.open(server.channel(), "auth", "auth-1", 8, false, List.of("bad"))) {
            server.prepare("metrics-dead", "user", "auth", "bad", 60_000);
            server.commit("metrics-dead");
            consumer.fail(next(consumer), "boom");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.group("metrics-dead").getMessages(0).getState()
                    .name().equals("DEAD"));
            server.prepare("metrics-stuck", "user", "auth", "bad", 60_000);
            ApiClient api = new ApiClient(server);

            String messageId = server.group("metrics-dead").getMessages(0).getMessage().getMessageId();
            assertThat(api.post("/api/v1/groups/metrics-dead/messages/" + messageId + "/retry", null).status())
                    .isEqualTo(200);
            assertThat(api.post("/api/v1/groups/metrics-stuck/resolve",
                    ApiClient.json("{'outcome': 'ROLLED_BACK', 'reason': 'producer gone', 'actor': 'ops'}")).status())
                    .isEqualTo(200);

            String text = http.get(server.httpUri("/metrics"), null).body();
            assertThat(value(text, "lottor_operator_retries_total", "")).isEqualTo(1);
            assertThat(value(text, "lottor_operator_resolutions_total", "outcome=\"rolled_back\"")).isEqualTo(1);
            assertThat(value(text, "lottor_groups_total", "outcome=\"rolled_back\"")).isEqualTo(1);
        }
    }

    private static void consumeOneAndKillOne(TestServer server, RawSession consumer) throws Exception {
        server.prepare("metrics-ok", "user", "auth", "ok", 60_000);
        server.commit("metrics-ok");
        consumer.succeed(next(consumer));
        server.prepare("metrics-bad", "user", "auth", "bad", 60_000);
        server.commit("metrics-bad");
        consumer.fail(next(consumer), "boom 1");
        consumer.fail(next(consumer), "boom 2");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.group("metrics-bad").getMessages(0).getState().name()
                .equals("DEAD") && server.group("metrics-ok").getState().name().equals("COMPLETED"));
    }

    private static Delivery next(RawSession consumer) throws InterruptedException {
        Delivery delivery = consumer.nextDelivery(10_000);
        assertThat(delivery).as("a delivery within 10s").isNotNull();
        return delivery;
    }

    private static String awaitCheckBack(RawSession producer) throws InterruptedException {
        String groupId = producer.nextCheckBack(10_000);
        assertThat(groupId).isEqualTo("metrics-check");
        return groupId;
    }

    private String scrape(TestServer server) throws Exception {
        HttpResponse<String> response = http.get(server.httpUri("/metrics"), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return await().atMost(Duration.ofSeconds(10)).until(() -> http.get(server.httpUri("/metrics"), null).body(),
                body -> value(body, "lottor_check_backs_answered_total", "answer=\"unknown\"") == 1);
    }

    /** The value of the sample {@code name{...labels...}}; labels "" for a sample without labels. */
    private static double value(String text, String name, String label) {
        String labels = label.isEmpty() ? "(\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(label) + "[^}]*}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " (\\S+)$").matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + name + " " + label + " in:\n" + text);
        }
        return Double.parseDouble(matcher.group(matcher.groupCount()));
    }
}
