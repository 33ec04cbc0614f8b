package io.lottor.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.MessageState;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import io.lottor.protocol.v1.RollbackRequest;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.server.security.Security;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client token bound to services ({@code NAME=TOKEN:svc1,svc2}) acts only for them: a Prepare's source,
 * the source of a group it commits, rolls back or reads, a Hello's service and the target of a message it
 * reports on must be among them, else PERMISSION_DENIED naming the field, and nothing changes.
 */
class ClientTokenBindingTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private ManagedChannel orders;
    private CoordinatorGrpc.CoordinatorBlockingStub asOrders;
    private CoordinatorGrpc.CoordinatorBlockingStub asAdmin;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir)
                .withSecurity(Security.defaults().withClientToken("orders=tok-orders:orders,billing")));
        orders = TestServer.channel(server.server().grpcPort(), "tok-orders");
        asOrders = CoordinatorGrpc.newBlockingStub(orders).withDeadlineAfter(10, TimeUnit.SECONDS);
        ManagedChannel admin = TestServer.channel(server.server().grpcPort(), server.adminToken());
        asAdmin = CoordinatorGrpc.newBlockingStub(admin).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        orders.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void boundTokenPreparesCommitsAndReadsGroupsOfItsOwnServices() {
        asOrders.prepare(prepare("bind-own-1", "orders"));
        asOrders.prepare(prepare("bind-own-2", "billing"));

        assertThat(asOrders.commit(CommitRequest.newBuilder().setGroupId("bind-own-1").build()).getState())
                .isEqualTo(GroupState.COMMITTED);
        assertThat(asOrders.getGroup(get("bind-own-2")).getState()).isEqualTo(GroupState.PREPARED);
    }

    @Test
    void boundTokenCannotPrepareAsAnotherService() {
        assertDenied(() -> asOrders.prepare(prepare("bind-impostor-1", "user")), "source");

        assertThatThrownBy(() -> asAdmin.getGroup(get("bind-impostor-1")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void boundTokenCannotCommitRollBackOrReadAnotherServicesGroup() {
        asAdmin.prepare(prepare("bind-user-1", "user"));

        assertDenied(() -> asOrders.commit(CommitRequest.newBuilder().setGroupId("bind-user-1").build()), "group_id");
        assertDenied(() -> asOrders.rollback(RollbackRequest.newBuilder().setGroupId("bind-user-1").build()), "group_id");
        assertDenied(() -> asOrders.getGroup(get("bind-user-1")), "group_id");
        assertThat(asAdmin.getGroup(get("bind-user-1")).getState()).isEqualTo(GroupState.PREPARED);
    }

    @Test
    void boundTokenCannotPrepareCommitOrRollBackForAnotherServiceOnTheProduceStream() throws Exception {
        asAdmin.prepare(prepare("bind-stream-user-1", "user"));

        assertDenied(() -> produce(ProduceCall.newBuilder().setPrepare(prepare("bind-stream-impostor-1", "user"))),
                "source");
        assertDenied(() -> produce(ProduceCall.newBuilder().setCommit(CommitRequest.newBuilder()
                .setGroupId("bind-stream-user-1"))), "group_id");
        assertDenied(() -> produce(ProduceCall.newBuilder().setRollback(RollbackRequest.newBuilder()
                .setGroupId("bind-stream-user-1"))), "group_id");
        assertThat(asAdmin.getGroup(get("bind-stream-user-1")).getState()).isEqualTo(GroupState.PREPARED);
        assertThatThrownBy(() -> asAdmin.getGroup(get("bind-stream-impostor-1")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(produce(ProduceCall.newBuilder().setPrepare(prepare("bind-stream-own-1", "billing")))
                .getPrepared().getState()).isEqualTo(GroupState.PREPARED);
    }

    @Test
    void boundTokenCannotReportConsumptionOfAnotherServicesMessage() {
        asAdmin.prepare(prepare("bind-report-1", "user"));
        asAdmin.commit(CommitRequest.newBuilder().setGroupId("bind-report-1").build());

        assertDenied(() -> asOrders.reportConsumption(ConsumeResult.newBuilder().setGroupId("bind-report-1")
                .setMessageId("m1").setAttempt(1).setSuccess(true).build()), "message_id");
        assertThat(asAdmin.getGroup(get("bind-report-1")).getMessages(0).getState()).isEqualTo(MessageState.READY);
    }

    @Test
    void boundTokenCannotOpenASessionAsAnotherService() throws Exception {
        Status asUser = hello("user");

        assertThat(asUser.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(asUser.getDescription()).contains("hello.service", "orders");
        assertThat(hello("billing").getCode()).isEqualTo(Status.Code.OK);
    }

    private Status hello(String service) throws Exception {
        CompletableFuture<Status> answer = new CompletableFuture<>();
        StreamObserver<ClientFrame> frames = CoordinatorGrpc.newStub(orders).session(new StreamObserver<>() {
            @Override
            public void onNext(ServerFrame frame) {
                answer.complete(frame.hasWelcome() ? Status.OK : Status.UNKNOWN);
            }

            @Override
            public void onError(Throwable error) {
                answer.complete(Status.fromThrowable(error));
            }

            @Override
            public void onCompleted() {
                answer.complete(Status.UNKNOWN);
            }
        });
        frames.onNext(ClientFrame.newBuilder().setHello(Hello.newBuilder().setService(service).setInstanceId(service + "-1")
                .setAnswersCheckBack(true)).build());
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            frames.onCompleted();
        }
    }

    /** One call on a Produce stream of its own, as orders; an error reply is thrown as its status. */
    private ProduceReply produce(ProduceCall.Builder call) throws Exception {
        CompletableFuture<ProduceReply> reply = new CompletableFuture<>();
        StreamObserver<ProduceCall> calls = CoordinatorGrpc.newStub(orders).produce(new StreamObserver<>() {
            @Override
            public void onNext(ProduceReply value) {
                reply.complete(value);
            }

            @Override
            public void onError(Throwable error) {
                reply.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                reply.completeExceptionally(new IllegalStateException("the stream ended without a reply"));
            }
        });
        calls.onNext(call.setCallId(1).build());
        try {
            ProduceReply answer = reply.get(10, TimeUnit.SECONDS);
            if (answer.hasError()) {
                throw Status.fromCodeValue(answer.getError().getCode()).withDescription(answer.getError().getDescription())
                        .asRuntimeException();
            }
            return answer;
        } finally {
            calls.onCompleted();
        }
    }

    private static void assertDenied(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).startsWith(field + ":").contains("orders");
        });
    }

    private static PrepareRequest prepare(String groupId, String source) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource(source).setCheckAfterMs(60_000)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget("auth").setMethod("auth-role")
                        .setPayload(ByteString.copyFromUtf8("{}")))
                .build();
    }

    private static GetGroupRequest get(String groupId) {
        return GetGroupRequest.newBuilder().setGroupId(groupId).build();
    }
}
