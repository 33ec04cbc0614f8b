package io.lottor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.server.model.Limits;
import io.lottor.server.support.Http;
import io.lottor.server.support.Prometheus;
import io.lottor.server.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's write queue is bounded in bytes (and writes): with the writer stalled by another holder of the
 * SQLite file, Prepares past the bound are refused RESOURCE_EXHAUSTED "overloaded" over gRPC and
 * {@code 429} over HTTP, and store nothing.
 */
class OverloadedPrepareTest {
    private static final int MIB = 1 << 20;
    private static final byte[] PAYLOAD = new byte[MIB - 1024];

    private final Http http = new Http();

    @TempDir
    Path dataDir;

    @Test
    void preparesPastTheStoresQueueBoundAreRefusedOverloadedOverGrpcAndHttpAndStoreNothing() throws Exception {
        Limits limits = Limits.DEFAULTS.withLoadBounds(10_000, 2 * MIB + MIB / 2, 64L * MIB);
        try (TestServer server = new TestServer(TestServer.config(dataDir).withLimits(limits));
             Connection stall = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("lottor.db"))) {
            holdWriteLock(stall);
            List<ListenableFuture<PrepareResponse>> grpc = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                grpc.add(CoordinatorGrpc.newFutureStub(server.channel()).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .prepare(prepare("overload-grpc-" + i)));
            }
            Status refused = awaitOneRefused(grpc);
            HttpResponse<String> overHttp = http.post(server.httpUri("/api/v1/groups"), null, prepareJson("overload-http-1"));
            stall.createStatement().execute("ROLLBACK");

            assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getDescription()).startsWith("overloaded").contains("max-queued-bytes");
            assertThat(overHttp.statusCode()).isEqualTo(429);
            assertThat(overHttp.headers().firstValue("Retry-After")).contains("1");
            assertThat(overHttp.body()).contains("\"error\":\"RESOURCE_EXHAUSTED\"", "\"message\":\"overloaded");
            assertThat(stored(server, "overload-http-1")).isFalse();
            for (int i = 0; i < grpc.size(); i++) {
                boolean acknowledged = outcome(grpc.get(i)).isOk();
                assertThat(stored(server, "overload-grpc-" + (i + 1))).as("overload-grpc-" + (i + 1))
                        .isEqualTo(acknowledged);
            }
            String metrics = http.get(server.httpUri("/metrics"), null).body();
            assertThat(Prometheus.value(metrics, "lottor_store_writes_refused_total", "")).isEqualTo(2);
        }
    }

    /** Takes the SQLite write lock, as another process holding the database would: the server's writer waits. */
    private static void holdWriteLock(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("BEGIN IMMEDIATE");
        }
    }

    /** Waits until one of the calls failed (the queue holds the other two) and answers its status. */
    private static Status awaitOneRefused(List<ListenableFuture<PrepareResponse>> calls) throws Exception {
        CompletableFuture<Status> firstRefusal = new CompletableFuture<>();
        for (ListenableFuture<PrepareResponse> call : calls) {
            Futures.addCallback(call, new FutureCallback<>() {
                @Override
                public void onSuccess(PrepareResponse response) {
                }

                @Override
                public void onFailure(Throwable error) {
                    firstRefusal.complete(Status.fromThrowable(error));
                }
            }, MoreExecutors.directExecutor());
        }
        return firstRefusal.get(30, TimeUnit.SECONDS);
    }

    /** The call's status once it has ended. */
    private static Status outcome(ListenableFuture<PrepareResponse> call) throws Exception {
        try {
            call.get(60, TimeUnit.SECONDS);
            return Status.OK;
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause());
        }
    }

    private static boolean stored(TestServer server, String groupId) {
        try {
            server.stub().getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build());
            return true;
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            return false;
        }
    }

    private static PrepareRequest prepare(String groupId) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource("user").setCheckAfterMs(600_000)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget("auth").setMethod("auth-role")
                        .setContentType("application/octet-stream").setPayload(ByteString.copyFrom(PAYLOAD)))
                .build();
    }

    private static String prepareJson(String groupId) {
        return "{\"group_id\":\"" + groupId + "\",\"source\":\"user\",\"messages\":[{\"message_id\":\"m1\","
                + "\"target\":\"auth\",\"method\":\"auth-role\",\"content_type\":\"application/octet-stream\","
                + "\"payload_base64\":\"" + Base64.getEncoder().encodeToString(PAYLOAD) + "\"}]}";
    }
}
