package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageState;
import io.lottor.server.support.Http;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsRoutesTest {
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void statsCountEveryStateTheOldestPreparedGroupAndThroughput() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            server.prepare("ops-stats-old", "user", "auth", "auth-role", 60_000);
            server.prepare("ops-stats-new", "user", "auth", "auth-role", 60_000);
            server.commit("ops-stats-new");

            JsonNode stats = admin(server, "/api/v1/stats");

            assertThat(stats.get("groups").size()).isEqualTo(GroupState.values().length);
            assertThat(stats.get("groups").get("PREPARED").asLong()).isEqualTo(1);
            assertThat(stats.get("groups").get("COMMITTED").asLong()).isEqualTo(1);
            assertThat(stats.get("messages").size()).isEqualTo(MessageState.values().length);
            assertThat(stats.get("messages").get("PENDING").asLong()).isEqualTo(1);
            JsonNode oldest = stats.get("oldest_prepared");
            assertThat(oldest.get("group_id").asText()).isEqualTo("ops-stats-old");
            assertThat(oldest.get("source").asText()).isEqualTo("user");
            assertThat(oldest.get("age_ms").asLong()).isNotNegative();
            assertThat(Instant.parse(oldest.get("created_at").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThroughput(stats.get("throughput").get("per_minute"), 60, 60_000);
            assertThroughput(stats.get("throughput").get("per_hour"), 24, 3_600_000);
        }
    }

    @Test
    void sessionsListTheOpenSessionsOfThisServer() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir));
             RawSession session = RawSession.open(server.channel(), "auth", "auth-7", 16, true, List.of("auth-role", "grant"))) {
            // a new session's routes are scanned for due messages at once, and while a scan's claim runs, the
            // places it reserved count as in flight; nothing is due here, so they come back
            JsonNode one = await().atMost(Duration.ofSeconds(10)).until(
                    () -> admin(server, "/api/v1/sessions").get("sessions"),
                    sessions -> sessions.size() == 1 && sessions.get(0).get("in_flight").asInt() == 0).get(0);

            assertThat(one.get("session_id").asText()).isNotBlank();
            assertThat(one.get("service").asText()).isEqualTo("auth");
            assertThat(one.get("instance_id").asText()).isEqualTo("auth-7");
            assertThat(one.get("address").asText()).startsWith("127.0.0.1:");
            assertThat(one.get("methods").toString()).isEqualTo("[\"auth-role\",\"grant\"]");
            assertThat(one.get("answers_check_back").asBoolean()).isTrue();
            assertThat(one.get("max_in_flight").asInt()).isEqualTo(16);
            assertThat(one.get("in_flight").asInt()).isZero();
            assertThat(Instant.parse(one.get("connected_at").asText())).isBeforeOrEqualTo(
                    Instant.parse(one.get("last_heartbeat_at").asText()));
        }
    }

    @Test
    void nodesListThisServerAsSelf() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            JsonNode nodes = admin(server, "/api/v1/nodes").get("nodes");

            assertThat(nodes).hasSize(1);
            JsonNode self = nodes.get(0);
            assertThat(self.get("server_id").asText()).isEqualTo(server.server().serverId());
            assertThat(self.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(self.get("grpc_port").asInt()).isEqualTo(server.server().grpcPort());
            assertThat(self.get("http_port").asInt()).isEqualTo(server.server().httpPort());
            assertThat(self.get("version").asText()).isNotBlank();
            assertThat(self.get("self").asBoolean()).isTrue();
            assertThat(Instant.parse(self.get("last_seen_at").asText()))
                    .isAfterOrEqualTo(Instant.parse(self.get("started_at").asText()));
        }
    }

    private JsonNode admin(TestServer server, String path) throws Exception {
        var response = http.get(server.httpUri(path), server.adminToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Buckets oldest first, evenly spaced, the last holding now, both groups prepared in the last two. */
    private static void assertThroughput(JsonNode buckets, int count, long bucketMs) {
        assertThat(buckets).hasSize(count);
        long[] starts = new long[count];
        for (int i = 0; i < count; i++) {
            starts[i] = Instant.parse(buckets.get(i).get("at").asText()).toEpochMilli();
        }
        for (int i = 1; i < count; i++) {
            assertThat(starts[i] - starts[i - 1]).isEqualTo(bucketMs);
        }
        long now = System.currentTimeMillis();
        assertThat(starts[count - 1]).isLessThanOrEqualTo(now).isGreaterThan(now - 2 * bucketMs);
        long prepared = buckets.get(count - 1).get("prepared").asLong() + buckets.get(count - 2).get("prepared").asLong();
        assertThat(prepared).isEqualTo(2);
        assertThat(Arrays.stream(new int[] {0}).map(i -> buckets.get(i).get("consumed").asInt()).sum()).isZero();
    }
}
