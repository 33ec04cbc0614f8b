package io.lottor.tests.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;

/**
 * A producer over a raw gRPC stub: prepares and commits one-message groups, many at once, with payloads
 * of a chosen size. Every call has a 30 s deadline.
 */
public final class RawProducer implements AutoCloseable {
    private final ManagedChannel channel;
    private final String source;

    public RawProducer(String target, String source) {
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(8 << 20).build();
        this.source = source;
    }

    /** Prepares and commits group {@code groupId} with one message {@code m1} to {@code target}/{@code method}. */
    public void commit(String groupId, String target, String method, int payloadBytes) {
        CoordinatorGrpc.CoordinatorBlockingStub stub = CoordinatorGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        stub.prepare(PrepareRequest.newBuilder().setGroupId(groupId).setSource(source).setCheckAfterMs(600_000)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget(target).setMethod(method)
                        .setPayload(payload(groupId, payloadBytes)).setContentType("application/octet-stream"))
                .build());
        stub.commit(CommitRequest.newBuilder().setGroupId(groupId).build());
    }

    /**
     * Commits groups {@code prefix-0} … {@code prefix-(count-1)} like {@link #commit}, {@code threads} at a
     * time; returns their ids once every one is committed.
     */
    public List<String> commitMany(String prefix, int count, String target, String method, int payloadBytes,
            int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<String> ids = new ArrayList<>();
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String groupId = prefix + "-" + i;
                ids.add(groupId);
                calls.add(pool.submit(() -> commit(groupId, target, method, payloadBytes)));
            }
            for (Future<?> call : calls) {
                call.get(120, TimeUnit.SECONDS);
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private static ByteString payload(String groupId, int bytes) {
        byte[] payload = new byte[bytes];
        byte[] id = groupId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(id, 0, payload, 0, Math.min(id.length, bytes));
        return ByteString.copyFrom(payload);
    }
}
