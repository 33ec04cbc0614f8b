package io.lottor.server.support;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Heartbeat;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.ServerFrame;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Session opened with the raw gRPC stub: records what the server sends, sends what a test says. */
public final class RawSession implements AutoCloseable {
    private final BlockingQueue<ServerFrame> deliveries = new LinkedBlockingQueue<>();
    private final BlockingQueue<ServerFrame> checkBacks = new LinkedBlockingQueue<>();
    private final BlockingQueue<ServerFrame> welcomes = new LinkedBlockingQueue<>();
    private final StreamObserver<ClientFrame> requests;
    private volatile String sessionId;
    private volatile boolean ended;

    private RawSession(ManagedChannel channel, Hello hello) {
        this.requests = CoordinatorGrpc.newStub(channel).session(new StreamObserver<>() {
            @Override
            public void onNext(ServerFrame frame) {
                switch (frame.getFrameCase()) {
                    case DELIVERY -> deliveries.add(frame);
                    case CHECK_BACK -> checkBacks.add(frame);
                    case WELCOME -> welcomes.add(frame);
                    default -> { }
                }
            }

            @Override
            public void onError(Throwable error) {
                ended = true;
            }

            @Override
            public void onCompleted() {
                ended = true;
            }
        });
        send(ClientFrame.newBuilder().setHello(hello).build());
    }

    /** Opens a session and waits for its Welcome. */
    private io.lottor.protocol.v1.Welcome welcome;

    public static RawSession open(ManagedChannel channel, String service, String instance, int maxInFlight,
                                  boolean answersCheckBack, List<String> methods) throws InterruptedException {
        Hello hello = Hello.newBuilder().setService(service).setInstanceId(instance).setMaxInFlight(maxInFlight)
                .setAnswersCheckBack(answersCheckBack).addAllMethods(methods).build();
        RawSession session = new RawSession(channel, hello);
        ServerFrame welcome = session.welcomes.poll(10, TimeUnit.SECONDS);
        if (welcome == null) {
            throw new AssertionError("no Welcome within 10s");
        }
        session.sessionId = welcome.getWelcome().getSessionId();
        session.welcome = welcome.getWelcome();
        return session;
    }

    /** The Welcome the server answered Hello with. */
    public io.lottor.protocol.v1.Welcome welcome() {
        return welcome;
    }

    /** Welcome.session_id of this session. */
    public String sessionId() {
        return sessionId;
    }

    public Delivery nextDelivery(long timeoutMs) throws InterruptedException {
        ServerFrame frame = deliveries.poll(timeoutMs, TimeUnit.MILLISECONDS);
        return frame == null ? null : frame.getDelivery();
    }

    public String nextCheckBack(long timeoutMs) throws InterruptedException {
        ServerFrame frame = checkBacks.poll(timeoutMs, TimeUnit.MILLISECONDS);
        return frame == null ? null : frame.getCheckBack().getGroupId();
    }

    public void succeed(Delivery delivery) {
        result(delivery, true, "");
    }

    public void fail(Delivery delivery, String error) {
        result(delivery, false, error);
    }

    /** Sends a ConsumeResult for {@code groupId}/{@code messageId} at {@code attempt}, whatever was delivered here. */
    public void result(String groupId, String messageId, int attempt, boolean success) {
        send(ClientFrame.newBuilder().setConsumeResult(ConsumeResult.newBuilder().setGroupId(groupId)
                .setMessageId(messageId).setAttempt(attempt).setSuccess(success)
                .setError(success ? "" : "reported by " + sessionId)).build());
    }

    public void reply(String groupId, CheckBackReply.State state) {
        send(ClientFrame.newBuilder().setCheckBackReply(CheckBackReply.newBuilder()
                .setGroupId(groupId).setState(state)).build());
    }

    public void heartbeat() {
        send(ClientFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtMs(System.currentTimeMillis())).build());
    }

    public boolean ended() {
        return ended;
    }

    /** Ends the stream as a client that goes away would. */
    @Override
    public void close() {
        synchronized (requests) {
            if (!ended) {
                requests.onCompleted();
            }
        }
    }

    private void result(Delivery delivery, boolean success, String error) {
        send(ClientFrame.newBuilder().setConsumeResult(ConsumeResult.newBuilder()
                .setGroupId(delivery.getGroupId())
                .setMessageId(delivery.getMessage().getMessageId())
                .setAttempt(delivery.getAttempt())
                .setSuccess(success)
                .setError(error)).build());
    }

    private void send(ClientFrame frame) {
        synchronized (requests) {
            requests.onNext(frame);
        }
    }
}
