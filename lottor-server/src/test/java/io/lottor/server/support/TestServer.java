package io.lottor.server.support;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An in-process server on free ports with a channel to it, for tests of the server's own behaviour. */
public final class TestServer implements AutoCloseable {
    private final LottorServer server;
    private final ManagedChannel channel;

    public TestServer(ServerConfig config) {
        this.server = LottorServer.start(config);
        this.channel = channel(server.grpcPort(), config.security().clientToken());
    }

    /** A plaintext channel to {@code port} that sends {@code token} (when not null) as the client token. */
    public static ManagedChannel channel(int port, String token) {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
        if (token != null) {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(metadata));
        }
        return builder.build();
    }

    public static ServerConfig config(Path dataDir) {
        return ServerConfig.defaults().withGrpcPort(0).withHttpPort(0).withDataDir(dataDir);
    }

    public ManagedChannel channel() {
        return channel;
    }

    public LottorServer server() {
        return server;
    }

    /** The server's effective admin token (generated into the data directory unless configured). */
    public String adminToken() {
        return server.adminToken();
    }

    /** {@code http://127.0.0.1:<http port><path>}. */
    public java.net.URI httpUri(String path) {
        return java.net.URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    public CoordinatorGrpc.CoordinatorBlockingStub stub() {
        return CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** Prepares a one-message group for {@code target}/{@code method}. */
    public void prepare(String groupId, String source, String target, String method, long checkAfterMs) {
        stub().prepare(PrepareRequest.newBuilder().setGroupId(groupId).setSource(source).setCheckAfterMs(checkAfterMs)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget(target).setMethod(method)
                        .setPayload(ByteString.copyFrom("{\"n\":1}", StandardCharsets.UTF_8)))
                .build());
    }

    public void commit(String groupId) {
        stub().commit(CommitRequest.newBuilder().setGroupId(groupId).build());
    }

    public Group group(String groupId) {
        return stub().getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
