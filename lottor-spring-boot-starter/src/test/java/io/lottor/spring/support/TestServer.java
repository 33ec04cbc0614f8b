package io.lottor.spring.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One real Lottor server in this test JVM, started on first use and shared by every test class (each
 * uses service names of its own), with quick check-backs, retries and ack timeout so failures are
 * retried within a test. Read groups with {@link #group(String)}.
 */
public final class TestServer {
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
    private static LottorServer server;
    private static ManagedChannel channel;

    private TestServer() {
    }

    /** {@code 127.0.0.1:<grpc port>}. */
    public static synchronized String target() {
        if (server == null) {
            server = LottorServer.start(ServerConfig.defaults().withGrpcPort(0).withHttpPort(0).withDataDir(tempDir())
                    .withCheckAfter(Duration.ofSeconds(1)).withAckTimeout(ACK_TIMEOUT)
                    .withRetryInitialBackoff(Duration.ofMillis(200)).withRetryMaxBackoff(Duration.ofSeconds(1))
                    .withHeartbeatInterval(Duration.ofMillis(500)));
            channel = NettyChannelBuilder.forTarget("127.0.0.1:" + server.grpcPort()).usePlaintext().build();
            Runtime.getRuntime().addShutdownHook(new Thread(TestServer::stop, "test-server-stop"));
        }
        return "127.0.0.1:" + server.grpcPort();
    }

    /** The group as the server has it; empty when the server never heard of it. */
    public static Optional<Group> group(String groupId) {
        target();
        try {
            return Optional.of(CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The server's open sessions of {@code service} ({@code GET /api/v1/sessions}, admin token). */
    public static List<JsonNode> sessionsOf(String service) throws IOException, InterruptedException {
        target();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/sessions"))
                .header("Authorization", "Bearer " + server.adminToken()).build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        List<JsonNode> sessions = new ArrayList<>();
        new ObjectMapper().readTree(body).get("sessions").forEach(session -> {
            if (session.get("service").asText().equals(service)) {
                sessions.add(session);
            }
        });
        return sessions;
    }

    /** Waits until the group is in one of {@code states}; returns it. */
    public static Group awaitGroup(String groupId, GroupState... states) {
        return awaitGroup(groupId, g -> Arrays.asList(states).contains(g.getState()), "in " + Arrays.toString(states));
    }

    /** Waits until the group exists and matches; returns it. */
    public static Group awaitGroup(String groupId, Predicate<Group> condition, String what) {
        return await("group " + groupId + " " + what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> group(groupId).orElse(null), g -> g != null && condition.test(g));
    }

    private static void stop() {
        channel.shutdownNow();
        server.close();
    }

    private static java.nio.file.Path tempDir() {
        try {
            return Files.createTempDirectory("lottor-starter-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
