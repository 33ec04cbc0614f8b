package io.lottor.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.MessageState;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.server.ServerConfig;
import io.lottor.server.security.Security;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer in another language prepares over HTTP with a {@code check_back_url} and answers the
 * check-back itself: here a real HTTP server on 127.0.0.1 plays it. The server asks only that URL, never
 * a Java session that happens to share the group's source, retries on UNKNOWN, errors and silence with
 * the check-back's backoff, never rolls back on them, and calls only URLs its allow-list permits.
 */
class CheckBackUrlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private HttpServer producer;
    /** What the producer's endpoint answers, one per call; the last one repeats. */
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> asked = new CopyOnWriteArrayList<>();
    private volatile Answer last = new Answer(200, "{\"state\":\"UNKNOWN\"}");

    @AfterEach
    void stopProducer() {
        if (producer != null) {
            producer.stop(0);
        }
    }

    @Test
    void theGroupFollowsItsCheckBackUrlNotAJavaSessionOfTheSameSource() throws Exception {
        int port = startProducer(0);
        answers.add(new Answer(200, "{\"state\":\"COMMITTED\"}"));
        try (TestServer server = new TestServer(config(port));
             RawSession javaOrders = RawSession.open(server.channel(), "order-service", "orders-java-1", 8, true, List.of());
             RawSession auth = RawSession.open(server.channel(), "auth-service", "auth-1", 8, false, List.of("auth-role"))) {
            AtomicBoolean javaAsked = answerEveryCheckBackRolledBack(javaOrders);
            ApiClient api = new ApiClient(server);

            var prepared = api.post("/api/v1/groups", prepare("curl-order-1", "http://127.0.0.1:" + port + "/lottor/check-back"));

            assertThat(prepared.status()).as(prepared.text()).isEqualTo(200);
            assertThat(auth.nextDelivery(15_000)).as("delivered after the URL answered COMMITTED").isNotNull();
            assertThat(server.group("curl-order-1").getState()).isIn(GroupState.COMMITTED, GroupState.COMPLETED);
            assertThat(javaAsked).as("the Java session of order-service was never asked").isFalse();
            assertThat(asked).isNotEmpty();
            JsonNode call = asked.get(0);
            assertThat(call.get("group_id").asText()).isEqualTo("curl-order-1");
            assertThat(call.get("source").asText()).isEqualTo("order-service");
            assertThat(call.get("check_back").asInt()).isEqualTo(1);
            assertThat(api.get("/api/v1/groups/curl-order-1").body().get("check_back_url").asText())
                    .isEqualTo("http://127.0.0.1:" + port + "/lottor/check-back");
        }
    }

    @Test
    void rollsTheGroupBackWhenTheUrlAnswersRolledBack() throws Exception {
        int port = startProducer(0);
        answers.add(new Answer(200, "{\"state\":\"ROLLED_BACK\"}"));
        try (TestServer server = new TestServer(config(port))) {
            server.stub().prepare(grpcPrepare("curl-order-2", "http://127.0.0.1:" + port + "/lottor/check-back"));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                var group = server.group("curl-order-2");
                assertThat(group.getState()).isEqualTo(GroupState.ROLLED_BACK);
                assertThat(group.getMessages(0).getState()).isEqualTo(MessageState.CANCELLED);
                assertThat(group.getCheckBackUrl()).isEqualTo("http://127.0.0.1:" + port + "/lottor/check-back");
            });
        }
    }

    @Test
    void unknownErrorsAndAnUnreachableUrlAreAskedAgainUntilAnsweredNeverRolledBack() throws Exception {
        int port = freePort();
        try (TestServer server = new TestServer(config(port))) {
            new ApiClient(server).post("/api/v1/groups", prepare("curl-order-3", "http://127.0.0.1:" + port + "/lottor/cb"));
            await().atMost(Duration.ofSeconds(15)).until(() -> server.group("curl-order-3").getCheckBacks() >= 2);
            assertThat(server.group("curl-order-3").getState()).as("unreachable: asked again, not rolled back")
                    .isEqualTo(GroupState.PREPARED);

            answers.add(new Answer(200, "{\"state\":\"UNKNOWN\"}"));
            answers.add(new Answer(500, "database down"));
            answers.add(new Answer(200, "not json"));
            last = new Answer(200, "{\"state\":\"COMMITTED\"}");
            startProducer(port);

            await().atMost(Duration.ofSeconds(30)).until(() -> server.group("curl-order-3").getState() != GroupState.PREPARED);
            assertThat(server.group("curl-order-3").getState()).isIn(GroupState.COMMITTED, GroupState.COMPLETED);
            assertThat(asked).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aCheckBackUrlTheAllowListDoesNotPermitIsRefusedAndNothingIsStored() throws Exception {
        try (TestServer server = new TestServer(config(8080))) {
            ApiClient api = new ApiClient(server);

            var otherHost = api.post("/api/v1/groups", prepare("curl-refused-1", "http://169.254.169.254/latest/meta-data"));
            var otherPath = api.post("/api/v1/groups", prepare("curl-refused-2", "http://127.0.0.1:8080/admin"));
            var dotDot = api.post("/api/v1/groups", prepare("curl-refused-3", "http://127.0.0.1:8080/lottor/../admin"));
            var notHttp = api.post("/api/v1/groups", prepare("curl-refused-4", "file:///etc/passwd"));

            for (var refused : List.of(otherHost, otherPath, dotDot, notHttp)) {
                assertThat(refused.status()).as(refused.text()).isEqualTo(400);
                assertThat(refused.error()).isEqualTo("INVALID_ARGUMENT check_back_url");
                assertThat(refused.body().get("message").asText()).contains("check_back_url");
            }
            assertThat(otherHost.body().get("message").asText()).contains("--check-back-urls")
                    .contains("http://127.0.0.1:8080/lottor/*");
            assertThatThrownBy(() -> server.stub().prepare(grpcPrepare("curl-refused-5", "http://10.0.0.1/lottor/cb")))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("check_back_url");
                    });
            for (String groupId : List.of("curl-refused-1", "curl-refused-2", "curl-refused-3", "curl-refused-4",
                    "curl-refused-5")) {
                assertThat(api.get("/api/v1/groups/" + groupId).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void withoutAnAllowListNoCheckBackUrlIsAccepted() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            var refused = new ApiClient(server).post("/api/v1/groups", prepare("curl-no-list", "http://127.0.0.1:8080/cb"));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error()).isEqualTo("INVALID_ARGUMENT check_back_url");
            assertThat(refused.body().get("message").asText()).contains("--check-back-urls is not set");
            assertThatThrownBy(() -> server.stub().getGroup(GetGroupRequest.newBuilder().setGroupId("curl-no-list").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }

    private ServerConfig config(int producerPort) {
        return TestServer.config(dataDir).withRetryMaxBackoff(Duration.ofMillis(400))
                .withSecurity(Security.defaults().withCheckBackUrls(List.of("http://127.0.0.1:" + producerPort + "/lottor/*")));
    }

    private int startProducer(int port) throws IOException {
        producer = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        producer.createContext("/lottor/", this::answer);
        producer.start();
        return producer.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            asked.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            Answer answer = answers.poll();
            Answer reply = answer != null ? answer : last;
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** Answers ROLLED_BACK to every check-back the session gets; true once it got one. */
    private static AtomicBoolean answerEveryCheckBackRolledBack(RawSession session) {
        AtomicBoolean asked = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                String groupId;
                while ((groupId = session.nextCheckBack(60_000)) != null) {
                    asked.set(true);
                    session.reply(groupId, CheckBackReply.State.ROLLED_BACK);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "java-orders-answers-rolled-back");
        thread.setDaemon(true);
        thread.start();
        return asked;
    }

    private static String prepare(String groupId, String checkBackUrl) {
        return ApiClient.json("{'group_id': '" + groupId + "', 'source': 'order-service', 'instance_id': 'orders-php-1',"
                + " 'check_after_ms': 100, 'check_back_url': '" + checkBackUrl + "', 'messages': [{'message_id': 'm1',"
                + " 'target': 'auth-service', 'method': 'auth-role', 'payload': {'user_id': 42}}]}");
    }

    private static PrepareRequest grpcPrepare(String groupId, String checkBackUrl) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource("order-service").setCheckAfterMs(100)
                .setCheckBackUrl(checkBackUrl)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget("auth-service").setMethod("auth-role")
                        .setPayload(ByteString.copyFromUtf8("{\"user_id\":42}")))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Answer(int status, String body) {
    }
}
