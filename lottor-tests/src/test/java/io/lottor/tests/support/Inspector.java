package io.lottor.tests.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupMessage;

/**
 * What the server stored, read the way an operator or another language's client would: GetGroup over a
 * raw gRPC stub, GET /api/v1/groups/{id} over HTTP. Thread-safe.
 */
public final class Inspector implements AutoCloseable {
    private static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;
    private final ServerProcess server;
    private final ManagedChannel channel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    public Inspector(ServerProcess server) {
        this.server = server;
        // GetGroup answers carry the payloads, which a server may allow larger than gRPC's 4 MiB default
        this.channel = ManagedChannelBuilder.forTarget(server.target()).usePlaintext()
                .maxInboundMessageSize(MAX_ANSWER_BYTES).build();
    }

    /** A blocking stub with a 10 s deadline per call. */
    public CoordinatorGrpc.CoordinatorBlockingStub stub() {
        return CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** The group, or empty when the server answers NOT_FOUND. */
    public Optional<Group> group(String groupId) {
        try {
            return Optional.of(stub().getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The group, which must exist. */
    public Group existingGroup(String groupId) {
        return group(groupId).orElseThrow(() -> new AssertionError("group " + groupId + " not found"));
    }

    /** The group's first (usually only) message. */
    public GroupMessage firstMessage(String groupId) {
        return existingGroup(groupId).getMessages(0);
    }

    /** GET {@code path} on the HTTP port. */
    public HttpAnswer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(server.httpUri(path)).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
            return new HttpAnswer(response.statusCode(), body);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The open sessions of {@code service} (GET /api/v1/sessions with the server's generated admin token). */
    public List<JsonNode> sessions(String service) {
        HttpRequest request = HttpRequest.newBuilder(server.httpUri("/api/v1/sessions"))
                .header("Authorization", "Bearer " + server.adminToken()).timeout(Duration.ofSeconds(10)).build();
        try {
            JsonNode body = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            List<JsonNode> sessions = new ArrayList<>();
            body.get("sessions").forEach(session -> {
                if (session.get("service").asText().equals(service)) {
                    sessions.add(session);
                }
            });
            return sessions;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/sessions failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** An HTTP status and its JSON body. */
    public record HttpAnswer(int status, JsonNode body) {
    }
}
