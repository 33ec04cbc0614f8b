package io.lottor.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.MessageState;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import io.lottor.protocol.v1.RollbackRequest;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Produce stream answers each call by its id with what the unary rpc of the same name would answer,
 * errors included, without ending the stream; a half-closed stream still answers every call sent before.
 */
class ProduceStreamTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private Replies replies;
    private StreamObserver<ProduceCall> calls;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir));
        replies = new Replies();
        calls = CoordinatorGrpc.newStub(server.channel()).produce(replies);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void answersEachCallByItsIdWithWhatTheUnaryCallWouldAnswer() throws Exception {
        send(1, ProduceCall.newBuilder().setPrepare(prepare("g-commit", "a")));
        send(2, ProduceCall.newBuilder().setPrepare(prepare("g-rollback", "a")));
        assertThat(replies.await(1).getPrepared().getState()).isEqualTo(GroupState.PREPARED);
        assertThat(replies.await(2).getPrepared().getState()).isEqualTo(GroupState.PREPARED);

        send(3, ProduceCall.newBuilder().setCommit(CommitRequest.newBuilder().setGroupId("g-commit")));
        send(4, ProduceCall.newBuilder().setRollback(RollbackRequest.newBuilder().setGroupId("g-rollback")
                .setReason("test")));
        send(5, ProduceCall.newBuilder().setPrepare(prepare("g-commit", "a")));

        assertThat(replies.await(3).getStatus().getGroupId()).isEqualTo("g-commit");
        assertThat(replies.await(3).getStatus().getState()).isIn(GroupState.COMMITTED, GroupState.COMPLETED);
        assertThat(replies.await(4).getStatus().getState()).isEqualTo(GroupState.ROLLED_BACK);
        assertThat(replies.await(5).getPrepared().getState()).as("prepare again: idempotent, its current state")
                .isIn(GroupState.COMMITTED, GroupState.COMPLETED);
        assertThat(server.group("g-commit").getMessages(0).getState())
                .isIn(MessageState.READY, MessageState.IN_FLIGHT);
        assertThat(server.group("g-rollback").getMessages(0).getState()).isEqualTo(MessageState.CANCELLED);
    }

    @Test
    void aFailedCallIsAnsweredWithTheUnaryCallsStatusAndTheStreamGoesOn() throws Exception {
        send(1, ProduceCall.newBuilder().setPrepare(prepare("g-1", "a")));
        send(2, ProduceCall.newBuilder().setPrepare(prepare("g-1", "other content")));
        send(3, ProduceCall.newBuilder().setCommit(CommitRequest.newBuilder().setGroupId("never-prepared")));
        send(4, ProduceCall.newBuilder().setPrepare(prepare("x".repeat(65), "a")));
        send(5, ProduceCall.newBuilder());
        send(6, ProduceCall.newBuilder().setRollback(RollbackRequest.newBuilder().setGroupId("g-1")));
        send(7, ProduceCall.newBuilder().setCommit(CommitRequest.newBuilder().setGroupId("g-1")));

        assertThat(replies.await(1).getPrepared().getState()).isEqualTo(GroupState.PREPARED);
        assertError(replies.await(2), Status.Code.ALREADY_EXISTS, "g-1");
        assertError(replies.await(3), Status.Code.NOT_FOUND, "never-prepared");
        assertError(replies.await(4), Status.Code.INVALID_ARGUMENT, "group_id");
        assertError(replies.await(5), Status.Code.INVALID_ARGUMENT, "call");
        assertThat(replies.await(6).getStatus().getState()).isEqualTo(GroupState.ROLLED_BACK);
        assertError(replies.await(7), Status.Code.FAILED_PRECONDITION, "g-1");
        assertThat(replies.ended.getCount()).as("the stream is still open").isEqualTo(1);
        assertThat(server.group("g-1").getState()).isEqualTo(GroupState.ROLLED_BACK);
    }

    @Test
    void aHalfClosedStreamAnswersEveryCallSentBeforeAndThenEnds() throws Exception {
        int count = 200;
        for (int i = 1; i <= count; i++) {
            send(i, ProduceCall.newBuilder().setPrepare(prepare("g-" + i, "a")));
        }
        calls.onCompleted();

        assertThat(replies.ended.await(30, TimeUnit.SECONDS)).as("the server ended the stream").isTrue();
        assertThat(replies.error).isNull();
        assertThat(replies.byId).hasSize(count);
        for (int i = 1; i <= count; i++) {
            assertThat(replies.await(i).getPrepared().getState()).isEqualTo(GroupState.PREPARED);
            assertThat(server.group("g-" + i).getState()).isEqualTo(GroupState.PREPARED);
        }
    }

    private void send(long callId, ProduceCall.Builder call) {
        calls.onNext(call.setCallId(callId).build());
    }

    private static PrepareRequest.Builder prepare(String groupId, String payload) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource("orders").setInstanceId("orders-1")
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget("billing").setMethod("charge")
                        .setPayload(ByteString.copyFromUtf8(payload)));
    }

    private static void assertError(ProduceReply reply, Status.Code code, String named) {
        assertThat(reply.hasError()).as("reply %s is an error", reply.getCallId()).isTrue();
        assertThat(Status.fromCodeValue(reply.getError().getCode()).getCode()).isEqualTo(code);
        assertThat(reply.getError().getDescription()).contains(named);
    }

    /** The replies by call id, each call answered once. */
    private static final class Replies implements StreamObserver<ProduceReply> {
        final Map<Long, CompletableFuture<ProduceReply>> byId = new ConcurrentHashMap<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Throwable error;

        @Override
        public void onNext(ProduceReply reply) {
            assertThat(future(reply.getCallId()).complete(reply)).as("call %s answered once", reply.getCallId())
                    .isTrue();
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }

        ProduceReply await(long callId) throws Exception {
            return future(callId).get(30, TimeUnit.SECONDS);
        }

        private CompletableFuture<ProduceReply> future(long callId) {
            return byId.computeIfAbsent(callId, id -> new CompletableFuture<>());
        }
    }
}
