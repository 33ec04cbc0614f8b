package io.lottor.server.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Hello's list of methods is bounded in count and in the length of each name. */
class HelloLimitsTest {
    @TempDir
    Path dataDir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void helloWithMoreMethodsThanTheLimitIsRefusedNamingTheField() throws Exception {
        List<String> methods = IntStream.range(0, 1001).mapToObj(i -> "method-" + i).toList();

        Status refused = hello(methods);

        assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getDescription()).contains("hello.methods", "1000", "1001");
    }

    @Test
    void helloWithAnOverlongOrEmptyMethodNameIsRefusedNamingIt() throws Exception {
        Status overlong = hello(List.of("auth-role", String.join("", Collections.nCopies(129, "m"))));
        Status empty = hello(List.of("auth-role", ""));

        assertThat(overlong.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(overlong.getDescription()).contains("hello.methods[1]", "128", "129");
        assertThat(empty.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(empty.getDescription()).contains("hello.methods[1]");
    }

    @Test
    void helloWithMethodsWithinTheLimitsOpensASession() throws Exception {
        List<String> methods = IntStream.range(0, 1000).mapToObj(i -> "m".repeat(120) + i).toList();
        RawSession.open(server.channel(), "auth", "auth-1", 8, false, methods).close();
    }

    /** Sends a Hello with {@code methods} and answers how the server ended the stream (OK if it welcomed it). */
    private Status hello(List<String> methods) throws Exception {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<ClientFrame> frames = CoordinatorGrpc.newStub(server.channel()).session(new StreamObserver<>() {
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
        frames.onNext(ClientFrame.newBuilder().setHello(Hello.newBuilder().setService("auth").setInstanceId("auth-1")
                .addAllMethods(methods)).build());
        try {
            return ended.get(10, TimeUnit.SECONDS);
        } finally {
            frames.onCompleted();
        }
    }
}
