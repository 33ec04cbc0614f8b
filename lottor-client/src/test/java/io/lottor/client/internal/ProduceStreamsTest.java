package io.lottor.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CallError;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.GroupStatus;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls on the Produce stream find their callers by call id whatever the order of the replies; a stream
 * that fails fails its unanswered calls (which the blocking calls retry on a new stream), and a call
 * without a reply fails DEADLINE_EXCEEDED after its timeout. A real gRPC server over loopback plays the
 * coordinator and decides when and how each call is answered.
 */
class ProduceStreamsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private Server server;
    private ManagedChannel channel;

    /** A call the fake coordinator received, with the stream to answer it on. */
    private record Received(ProduceCall call, StreamObserver<ProduceReply> replies, int stream) {
        void answer(GroupState state) {
            synchronized (replies) {
                replies.onNext(ProduceReply.newBuilder().setCallId(call.getCallId())
                        .setPrepared(PrepareResponse.newBuilder().setState(state)).build());
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Coordinator())
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }

    @Test
    void repliesInAnotherOrderThanTheCallsReachTheirOwnCallers() throws Exception {
        ProduceStreams streams = new ProduceStreams(channel, 1, scheduler);
        List<CompletableFuture<ProduceReply>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(streams.call(prepare("g-" + i), Duration.ofSeconds(10)));
        }
        List<Received> calledWith = List.of(next(), next(), next());

        calledWith.get(2).answer(GroupState.ROLLED_BACK);
        calledWith.get(0).answer(GroupState.PREPARED);
        calledWith.get(1).answer(GroupState.COMMITTED);

        assertThat(calls.get(0).get(10, TimeUnit.SECONDS).getPrepared().getState()).isEqualTo(GroupState.PREPARED);
        assertThat(calls.get(1).get(10, TimeUnit.SECONDS).getPrepared().getState()).isEqualTo(GroupState.COMMITTED);
        assertThat(calls.get(2).get(10, TimeUnit.SECONDS).getPrepared().getState()).isEqualTo(GroupState.ROLLED_BACK);
        assertThat(calledWith).extracting(received -> received.call().getPrepare().getGroupId())
                .containsExactly("g-0", "g-1", "g-2");
        assertThat(streamsOpened).hasValue(1);
    }

    @Test
    void anErrorReplyFailsOnlyItsCallWithTheStatusItCarries() throws Exception {
        ProduceStreams streams = new ProduceStreams(channel, 1, scheduler);
        CompletableFuture<ProduceReply> refused = streams.call(prepare("g-refused"), Duration.ofSeconds(10));
        CompletableFuture<ProduceReply> accepted = streams.call(prepare("g-accepted"), Duration.ofSeconds(10));
        Received first = next();
        Received second = next();

        synchronized (first.replies()) {
            first.replies().onNext(ProduceReply.newBuilder().setCallId(first.call().getCallId())
                    .setError(CallError.newBuilder().setCode(Status.Code.ALREADY_EXISTS.value())
                            .setDescription("group_id: g-refused exists with other content")).build());
        }
        second.answer(GroupState.PREPARED);

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).isEqualTo("group_id: g-refused exists with other content");
                });
        assertThat(accepted.get(10, TimeUnit.SECONDS).getPrepared().getState()).isEqualTo(GroupState.PREPARED);
    }

    @Test
    void aStreamThatFailsFailsItsUnansweredCallsAndABlockingPrepareIsAnsweredOnANewStream() throws Exception {
        CoordinatorCalls calls = new CoordinatorCalls(channel, "127.0.0.1:" + server.getPort(), Duration.ofSeconds(10),
                Duration.ofSeconds(30), scheduler, 1);
        CompletableFuture<PrepareResponse> prepare = CompletableFuture.supplyAsync(() -> calls.prepare(
                PrepareRequest.newBuilder().setGroupId("g-retried").build()));
        Received onFirst = next();
        synchronized (onFirst.replies()) {
            onFirst.replies().onError(Status.UNAVAILABLE.withDescription("connection lost").asRuntimeException());
        }
        Received onSecond = next();
        onSecond.answer(GroupState.PREPARED);

        assertThat(prepare.get(10, TimeUnit.SECONDS).getState()).isEqualTo(GroupState.PREPARED);
        assertThat(onFirst.stream()).isEqualTo(1);
        assertThat(onSecond.stream()).isEqualTo(2);
        assertThat(onSecond.call().getPrepare().getGroupId()).isEqualTo("g-retried");
    }

    @Test
    void aCallWithoutAReplyFailsDeadlineExceededAfterItsTimeout() throws Exception {
        ProduceStreams streams = new ProduceStreams(channel, 1, scheduler);
        long start = System.nanoTime();
        CompletableFuture<ProduceReply> call = streams.call(ProduceCall.newBuilder()
                .setCommit(CommitRequest.newBuilder().setGroupId("g-silent")), Duration.ofMillis(300));
        next();

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    private Received next() throws InterruptedException {
        Received call = received.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a call reached the coordinator").isNotNull();
        return call;
    }

    private static ProduceCall.Builder prepare(String groupId) {
        return ProduceCall.newBuilder().setPrepare(PrepareRequest.newBuilder().setGroupId(groupId));
    }

    /** Queues every Produce call it receives; the test answers them. */
    private final class Coordinator extends CoordinatorGrpc.CoordinatorImplBase {
        @Override
        public StreamObserver<ProduceCall> produce(StreamObserver<ProduceReply> replies) {
            int stream = streamsOpened.incrementAndGet();
            return new StreamObserver<>() {
                @Override
                public void onNext(ProduceCall call) {
                    received.add(new Received(call, replies, stream));
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }

        @Override
        public void commit(CommitRequest request, StreamObserver<GroupStatus> responses) {
            responses.onError(Status.INTERNAL.withDescription("commit must go on the produce stream").asRuntimeException());
        }
    }
}
