package io.lottor.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.tests.support.HeapRecording;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.ServerProcess;
import io.lottor.tests.support.WriterStall;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in its own JVM (256 MiB heap, default settings) whose writer is stalled by another holder of its
 * SQLite file, flooded with 4 MiB Prepares: 2,000 at once over HTTP, and 2,000 over gRPC, 200 at a time
 * (a gRPC client serializes a whole request before sending it, so the test JVM cannot hold 2,000 of them).
 * The server keeps its heap bounded, answers what it cannot take RESOURCE_EXHAUSTED "overloaded" (HTTP 429)
 * without storing it, and every Prepare it acknowledged is durable.
 */
class OverloadTest {
    private static final int MIB = 1 << 20;
    private static final int CALLS = 2000;
    private static final int GRPC_IN_FLIGHT = 200;
    private static final int CHANNELS = 8;
    private static final byte[] PAYLOAD = payload();
    private static final ByteString GRPC_PAYLOAD = ByteString.copyFrom(PAYLOAD);

    @TempDir
    Path dataDir;

    @Test
    void fourMibPreparesFloodingAStalledWriterKeepTheServersHeapBoundedAndAreDurableOrRefused() throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start("overload", dataDir);
             Inspector inspector = new Inspector(server);
             HeapRecording heap = HeapRecording.start(server.pid(), dataDir.resolve("overload.jfr"));
             WriterStall stall = WriterStall.hold(dataDir.resolve("lottor.db"))) {
            for (int i = 0; i < CHANNELS; i++) {
                channels.add(ManagedChannelBuilder.forTarget(server.target()).usePlaintext().build());
            }
            Map<String, CompletableFuture<Status>> calls = new ConcurrentHashMap<>();
            floodOverHttp(server, calls);
            CompletableFuture<Void> grpcFlood = CompletableFuture.runAsync(() -> floodOverGrpc(channels, calls));
            await("half the Prepares refused while the writer is stalled").atMost(Duration.ofMinutes(3))
                    .until(() -> count(calls, Status.Code.RESOURCE_EXHAUSTED) >= CALLS);
            stall.release();
            grpcFlood.get(4, TimeUnit.MINUTES);
            CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new)).get(4, TimeUnit.MINUTES);
            HeapRecording.Peak peak = heap.stopAndReadPeakHeapUsed();

            Map<Status.Code, Long> outcomes = calls.values().stream()
                    .collect(Collectors.groupingBy(call -> call.join().getCode(), Collectors.counting()));
            System.out.println("overload: outcomes " + outcomes + ", server heap at its peak: " + peak.beforeGc() / MIB
                    + " MiB used before a collection, " + peak.afterFullGc() / MIB + " MiB kept after a full one"
                    + " (max heap 256 MiB)");
            assertThat(calls).hasSize(2 * CALLS);
            assertThat(outcomes.keySet()).isSubsetOf(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED,
                    Status.Code.UNAVAILABLE);
            assertThat(calls.values()).allSatisfy(call -> assertThat(call.join().getCode() != Status.Code.RESOURCE_EXHAUSTED
                    || call.join().getDescription().startsWith("overloaded")).isTrue());
            assertThat(peak.afterFullGc()).as("server heap kept after a full collection, at its peak")
                    .isLessThan(192L * MIB);
            assertAcknowledgedStoredAndRefusedNot(inspector, calls);
            assertThat(inspector.get("/health/ready").status()).isEqualTo(200);
            assertThat(Files.readString(server.logFile())).doesNotContain("OutOfMemoryError");
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertAcknowledgedStoredAndRefusedNot(Inspector inspector,
                                                             Map<String, CompletableFuture<Status>> calls) {
        for (Map.Entry<String, CompletableFuture<Status>> call : calls.entrySet()) {
            Optional<Group> stored = inspector.group(call.getKey());
            if (call.getValue().join().isOk()) {
                assertThat(stored).as(call.getKey() + " acknowledged").get()
                        .satisfies(group -> assertThat(group.getState()).isEqualTo(GroupState.PREPARED))
                        .satisfies(group -> assertThat(group.getMessagesCount()).isEqualTo(4));
            } else {
                assertThat(stored).as(call.getKey() + " refused " + call.getValue().join()).isEmpty();
            }
        }
    }

    /** 2,000 Prepares at once over HTTP, their bodies streamed from one shared array. */
    private static void floodOverHttp(ServerProcess server, Map<String, CompletableFuture<Status>> calls) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        byte[] messages = httpMessages();
        for (int i = 0; i < CALLS; i++) {
            String groupId = "overload-http-" + i;
            byte[] head = ("{\"group_id\":\"" + groupId + "\",\"source\":\"user\",\"check_after_ms\":600000,"
                    + "\"messages\":").getBytes(StandardCharsets.US_ASCII);
            // read from the shared array as the connection sends: ofByteArray copies the whole body for each
            // request when it is sent, 2,000 copies of 4 MiB at once (the test's own heap ran out at 6 GiB)
            HttpRequest request = HttpRequest.newBuilder(server.httpUri("/api/v1/groups")).timeout(Duration.ofMinutes(4))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.fromPublisher(BodyPublishers.concat(BodyPublishers.ofByteArray(head),
                            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(messages))),
                            head.length + messages.length))
                    .build();
            calls.put(groupId, http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) ->
                    error != null ? Status.UNKNOWN.withDescription(error.toString()) : status(response)));
        }
    }

    private static Status status(HttpResponse<String> response) {
        return switch (response.statusCode()) {
            case 200 -> response.body().contains("\"PREPARED\"") ? Status.OK : Status.UNKNOWN.withDescription(response.body());
            case 429 -> Status.RESOURCE_EXHAUSTED.withDescription(response.body().replaceAll(".*\"message\":\"([^\"]*)\".*", "$1"));
            case 503 -> Status.UNAVAILABLE.withDescription(response.body());
            default -> Status.UNKNOWN.withDescription(response.statusCode() + " " + response.body());
        };
    }

    /** 2,000 Prepares over gRPC, at most 200 unanswered at a time. */
    private static void floodOverGrpc(List<ManagedChannel> channels, Map<String, CompletableFuture<Status>> calls) {
        Semaphore inFlight = new Semaphore(GRPC_IN_FLIGHT);
        for (int i = 0; i < CALLS; i++) {
            inFlight.acquireUninterruptibly();
            String groupId = "overload-grpc-" + i;
            CompletableFuture<Status> call = prepare(channels.get(i % CHANNELS), groupId);
            call.whenComplete((status, error) -> inFlight.release());
            calls.put(groupId, call);
        }
    }

    /** One Prepare of 4 messages of just under 1 MiB each; completes with its status (OK if acknowledged). */
    private static CompletableFuture<Status> prepare(ManagedChannel channel, String groupId) {
        PrepareRequest.Builder request = PrepareRequest.newBuilder().setGroupId(groupId).setSource("user")
                .setCheckAfterMs(600_000);
        for (int m = 1; m <= 4; m++) {
            request.addMessages(Message.newBuilder().setMessageId("m" + m).setTarget("auth").setMethod("auth-role")
                    .setPayload(GRPC_PAYLOAD).setContentType("application/octet-stream"));
        }
        CompletableFuture<Status> done = new CompletableFuture<>();
        Futures.addCallback(CoordinatorGrpc.newFutureStub(channel).withDeadlineAfter(4, TimeUnit.MINUTES)
                .prepare(request.build()), new FutureCallback<PrepareResponse>() {
                    @Override
                    public void onSuccess(PrepareResponse response) {
                        done.complete(response.getState() == GroupState.PREPARED ? Status.OK
                                : Status.UNKNOWN.withDescription("answered " + response.getState()));
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        done.complete(Status.fromThrowable(error));
                    }
                }, MoreExecutors.directExecutor());
        return done;
    }

    /** The JSON messages array of an HTTP Prepare: 4 messages whose JSON string payloads are just under 1 MiB. */
    private static byte[] httpMessages() {
        String payload = new String(PAYLOAD, StandardCharsets.US_ASCII);
        StringBuilder json = new StringBuilder("[");
        for (int m = 1; m <= 4; m++) {
            json.append(m > 1 ? "," : "").append("{\"message_id\":\"m").append(m)
                    .append("\",\"target\":\"auth\",\"method\":\"auth-role\",\"payload\":\"").append(payload).append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static long count(Map<String, CompletableFuture<Status>> calls, Status.Code code) {
        return calls.values().stream().filter(call -> call.isDone() && call.join().getCode() == code).count();
    }

    private static byte[] payload() {
        byte[] bytes = new byte[MIB - 1024];
        Arrays.fill(bytes, (byte) 'p');
        return bytes;
    }
}
