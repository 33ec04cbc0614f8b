package io.lottor.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import io.lottor.server.LottorServer;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One connection may hold at most {@link LottorServer#MAX_CALLS_PER_CONNECTION} calls open at once: a
 * client that opens streams and leaves them idle cannot make the server hold state without bound. Its
 * next call waits for one of its calls to end; another connection is not held up.
 */
class CallsPerConnectionTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.close();
    }

    @Test
    void aConnectionWithAsManyOpenStreamsAsAllowedWaitsForOneToEndAndOthersAreServed() {
        ManagedChannel crowded = channel();
        // a call answered first: the HTTP/2 settings are exchanged (a peer applies the limit it sent only once
        // the other side acknowledged it, so streams opened with the connection could pass it)
        assertThat(status(getGroup(crowded, 10))).isEqualTo(Status.Code.NOT_FOUND);
        List<StreamObserver<ProduceCall>> idle = new ArrayList<>();
        for (int i = 0; i < LottorServer.MAX_CALLS_PER_CONNECTION; i++) {
            idle.add(CoordinatorGrpc.newStub(crowded).produce(new Ignored()));
        }
        assertThat(status(getGroup(channel(), 10))).as("another connection is served at once")
                .isEqualTo(Status.Code.NOT_FOUND);

        assertThat(status(getGroup(crowded, 2))).as("one call more on the crowded connection waits")
                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);

        idle.get(0).onCompleted(); // the server completes a half-closed stream that owes nothing: a place frees
        assertThat(status(getGroup(crowded, 10))).isEqualTo(Status.Code.NOT_FOUND);
    }

    private ManagedChannel channel() {
        ManagedChannel channel = TestServer.channel(server.server().grpcPort(), null);
        channels.add(channel);
        return channel;
    }

    private static Runnable getGroup(ManagedChannel channel, int deadlineSeconds) {
        return () -> CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                .getGroup(GetGroupRequest.newBuilder().setGroupId("no-such-group").build());
    }

    private static Status.Code status(Runnable call) {
        Throwable failure = catchThrowable(call::run);
        assertThat(failure).as("the call fails with a status").isInstanceOf(StatusRuntimeException.class);
        return ((StatusRuntimeException) failure).getStatus().getCode();
    }

    /** Reads replies and ignores them: the stream stays open until its client ends it. */
    private static final class Ignored implements StreamObserver<ProduceReply> {
        @Override
        public void onNext(ProduceReply reply) {
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
