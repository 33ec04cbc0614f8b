package io.lottor.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.ServerFrame;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import io.lottor.server.ServerConfig;
import io.lottor.server.security.Security;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTokenTest {
    @TempDir
    Path dataDir;

    @Test
    void everyCallNeedsTheClientOrAdminTokenWhenOneIsConfigured() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withSecurity(Security.defaults().withClientToken("client-secret"));
        try (TestServer server = new TestServer(config)) {
            assertUnauthenticated(server, null);
            assertUnauthenticated(server, "wrong-token");

            assertThat(prepare(server, "client-secret", "grpc-token-1")).isTrue();
            assertThat(prepare(server, server.adminToken(), "grpc-token-2")).isTrue();
        }
    }

    @Test
    void sessionWithoutTheClientTokenIsRefused() throws Exception {
        ServerConfig config = TestServer.config(dataDir).withSecurity(Security.defaults().withClientToken("client-secret"));
        try (TestServer server = new TestServer(config)) {
            ManagedChannel anonymous = TestServer.channel(server.server().grpcPort(), null);
            try {
                CompletableFuture<Status> ended = new CompletableFuture<>();
                CoordinatorGrpc.newStub(anonymous).session(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerFrame frame) {
                        ended.complete(Status.OK);
                    }

                    @Override
                    public void onError(Throwable error) {
                        ended.complete(Status.fromThrowable(error));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
                assertThat(ended.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                RawSession.open(server.channel(), "auth", "auth-1", 1, false, List.of("m")).close();
            } finally {
                anonymous.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void callsAreOpenWithoutAClientTokenEvenThoughAnAdminTokenExists() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            assertThat(server.adminToken()).isNotBlank();
            assertThat(prepare(server, null, "grpc-open-1")).isTrue();
        }
    }

    private static void assertUnauthenticated(TestServer server, String token) throws Exception {
        assertThatThrownBy(() -> prepare(server, token, "grpc-refused"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("authorization");
                });
    }

    private static boolean prepare(TestServer server, String token, String groupId) throws Exception {
        ManagedChannel channel = TestServer.channel(server.server().grpcPort(), token);
        try {
            CoordinatorGrpc.CoordinatorBlockingStub stub = CoordinatorGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            stub.prepare(PrepareRequest.newBuilder().setGroupId(groupId).setSource("user")
                    .addMessages(Message.newBuilder().setMessageId("m1").setTarget("auth").setMethod("auth-role")
                            .setPayload(ByteString.copyFromUtf8("{}")))
                    .build());
            return stub.getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build()).getGroupId().equals(groupId);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
