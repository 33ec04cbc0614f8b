package io.lottor.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.lottor.client.LottorRpcException;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.GroupStatus;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that answers RESOURCE_EXHAUSTED "overloaded" is asked again with backoff (nothing was stored,
 * the call is idempotent); RESOURCE_EXHAUSTED for a request too large is final.
 */
class OverloadRetryTest {
    private final AtomicInteger overloadedAnswers = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Status refusal = Status.RESOURCE_EXHAUSTED.withDescription(
            "overloaded: the store's write queue holds 10000 writes (max-queued-writes 10000); retry later");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private Server server;
    private ManagedChannel channel;
    private CoordinatorCalls coordinator;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Busy()).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        coordinator = new CoordinatorCalls(channel, "127.0.0.1:" + server.getPort(), Duration.ofSeconds(5),
                Duration.ofSeconds(30), scheduler);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }

    @Test
    void prepareAndCommitAreRetriedWhileTheServerIsOverloaded() throws Exception {
        overloadedAnswers.set(2);
        assertThat(coordinator.prepare(PrepareRequest.newBuilder().setGroupId("g-1").build()).getState())
                .isEqualTo(GroupState.PREPARED);
        assertThat(calls).hasValue(3);

        overloadedAnswers.set(3);
        assertThat(coordinator.commitAsync("g-1").get(30, TimeUnit.SECONDS).getState()).isEqualTo(GroupState.COMMITTED);
        assertThat(calls).hasValue(7);
    }

    @Test
    void aRequestTooLargeIsNotRetried() {
        refusal = Status.RESOURCE_EXHAUSTED.withDescription("request is 5000000 bytes, over the limit of 4194304 bytes");
        overloadedAnswers.set(1);

        assertThatThrownBy(() -> coordinator.prepare(PrepareRequest.newBuilder().setGroupId("g-2").build()))
                .isInstanceOfSatisfying(LottorRpcException.class,
                        e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(calls).hasValue(1);
    }

    /** Refuses the first {@code overloadedAnswers} calls with {@code refusal}, then answers. */
    private final class Busy extends CoordinatorGrpc.CoordinatorImplBase {
        @Override
        public void prepare(PrepareRequest request, StreamObserver<PrepareResponse> response) {
            if (refused(response)) {
                return;
            }
            response.onNext(PrepareResponse.newBuilder().setState(GroupState.PREPARED).build());
            response.onCompleted();
        }

        @Override
        public void commit(CommitRequest request, StreamObserver<GroupStatus> response) {
            if (refused(response)) {
                return;
            }
            response.onNext(GroupStatus.newBuilder().setGroupId(request.getGroupId()).setState(GroupState.COMMITTED).build());
            response.onCompleted();
        }

        private boolean refused(StreamObserver<?> response) {
            calls.incrementAndGet();
            if (overloadedAnswers.getAndDecrement() > 0) {
                response.onError(refusal.asRuntimeException());
                return true;
            }
            return false;
        }
    }
}
