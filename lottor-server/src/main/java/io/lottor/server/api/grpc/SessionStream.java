package io.lottor.server.api.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CheckBack;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.Heartbeat;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.protocol.v1.Welcome;
import io.lottor.server.coordinator.SessionOperations;
import io.lottor.server.model.Caller;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.SessionChannel;
import io.lottor.server.store.AfterCallbacks;
import io.lottor.server.store.DueMessage;
import java.time.Clock;
import java.util.HashSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's Session stream: the Hello handshake (the session's row is stored for every server sharing
 * the database before the Welcome; frames before the Welcome are ignored), then frames mapped to domain
 * records and handed to the coordinator's {@link SessionOperations} (results, check-back answers). Ends the
 * session, once, however the stream ends, deleting its row. It is the session's {@link SessionChannel}:
 * deliveries, check-backs and heartbeats become frames here. Honours gRPC flow control: the session has
 * capacity only while the call {@code isReady()}, and its onReady wakes the delivery.
 */
final class SessionStream implements StreamObserver<ClientFrame>, SessionChannel {
    private static final Logger log = LoggerFactory.getLogger(SessionStream.class);
    private static final int DEFAULT_MAX_IN_FLIGHT = 64;
    private static final int MAX_IN_FLIGHT_LIMIT = 10_000;
    private static final int MAX_NAME_LENGTH = 128;
    private static final int MAX_METHODS = 1000;
    /** A Delivery frame's bytes beyond its message's content: ids, source, attempt and protobuf framing. */
    private static final int FRAME_OVERHEAD_BYTES = 64 * 1024;

    private final ServerCallStreamObserver<ServerFrame> responses;
    private final SessionServices services;
    private final String remoteAddress;
    private final Caller caller;
    private volatile ClientSession session;
    private volatile boolean opening;
    private boolean ended;

    SessionStream(ServerCallStreamObserver<ServerFrame> responses, SessionServices services, String remoteAddress,
                  Caller caller) {
        this.responses = responses;
        this.services = services;
        this.remoteAddress = remoteAddress;
        this.caller = caller;
        responses.setOnReadyHandler(this::onTransportReady);
    }

    @Override
    public void onNext(ClientFrame frame) {
        ClientSession current = session;
        if (current == null) {
            if (!opening) {
                open(frame);
            }
            return;
        }
        current.touch(services.clock().millis());
        try (AfterCallbacks.Scope handled = AfterCallbacks.open()) { // the result's dispatcher event runs here
            switch (frame.getFrameCase()) {
                case HEARTBEAT -> { }
                case CONSUME_RESULT -> services.operations().consumed(current,
                        ProtoMapping.result(frame.getConsumeResult()));
                case CHECK_BACK_REPLY -> services.operations().answered(current,
                        ProtoMapping.answer(frame.getCheckBackReply()));
                default -> terminate(Status.INVALID_ARGUMENT.withDescription(
                        "frame: only the first frame may be hello; got " + frame.getFrameCase()));
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        end("stream error: " + Status.fromThrowable(error).getCode());
    }

    @Override
    public void onCompleted() {
        end("closed by the client");
        synchronized (this) {
            try {
                responses.onCompleted();
            } catch (RuntimeException ignored) {
                // the call is already gone
            }
        }
    }

    /** Ends the session from the server side, e.g. when its heartbeats stopped. */
    void terminate(Status status) {
        ClientSession current = session;
        if (current != null) {
            current.markClosed();
        }
        end(status.getDescription());
        synchronized (this) {
            try {
                responses.onError(status.asRuntimeException());
            } catch (RuntimeException ignored) {
                // the call is already gone
            }
        }
    }

    ClientSession session() {
        return session;
    }

    private void open(ClientFrame frame) {
        if (!frame.hasHello()) {
            terminate(Status.INVALID_ARGUMENT.withDescription("frame: the first frame must be hello, got "
                    + frame.getFrameCase()));
            return;
        }
        Hello hello = frame.getHello();
        String problem = helloProblem(hello);
        if (problem != null) {
            terminate(Status.INVALID_ARGUMENT.withDescription(problem));
            return;
        }
        String denied = caller.refusal("hello.service", "service", hello.getService());
        if (denied != null) {
            terminate(Status.PERMISSION_DENIED.withDescription(denied));
            return;
        }
        int maxInFlight = hello.getMaxInFlight() == 0 ? DEFAULT_MAX_IN_FLIGHT : hello.getMaxInFlight();
        ClientSession opened = new ClientSession(UUID.randomUUID().toString(), hello.getService(),
                hello.getInstanceId(), new HashSet<>(hello.getMethodsList()), hello.getAnswersCheckBack(),
                maxInFlight, remoteAddress, services.clock().millis(), this);
        opening = true;
        services.operations().open(opened).whenComplete((stored, error) -> {
            if (error != null) {
                log.warn("session refused: its row could not be stored service={} instance={} error={}",
                        opened.service(), opened.instanceId(), error.toString());
                terminate(Status.UNAVAILABLE.withDescription("the server cannot record the session now (its store"
                        + " is unavailable); try again"));
            } else {
                welcome(opened);
            }
        });
    }

    /**
     * The session's row is stored (every server sees it): Welcome, then deliveries and check-backs. Done
     * under the stream's lock, so a stream that ends meanwhile closes a session that is fully registered.
     */
    private void welcome(ClientSession opened) {
        synchronized (this) {
            if (ended) {
                services.operations().abandoned(opened);
                return;
            }
            session = opened;
            Welcome.Builder welcome = Welcome.newBuilder()
                    .setSessionId(opened.sessionId())
                    .setServerId(services.serverId())
                    .setHeartbeatIntervalMs(services.heartbeatIntervalMs())
                    .setMaxFrameBytes(services.maxFrameBytes());
            services.operations().brokerFor(opened.service()).ifPresent(broker -> welcome.setBroker(
                    DeliveryFrames.broker(broker)));
            try {
                sendNow(ServerFrame.newBuilder().setWelcome(welcome).build());
            } catch (RuntimeException e) {
                opened.markClosed(); // the call is gone: its end closes the session
            }
            services.keeper().add(this);
            services.operations().ready(opened);
        }
        log.info("session opened session={} service={} instance={} methods={} check_back={} max_in_flight={} remote={}",
                opened.sessionId(), opened.service(), opened.instanceId(), opened.methods(),
                opened.answersCheckBack(), opened.maxInFlight(), remoteAddress);
    }

    @Override
    public boolean ready() {
        return responses.isReady();
    }

    @Override
    public void deliver(DueMessage message, int attempt) {
        sendNow(DeliveryFrames.delivery(message, attempt));
    }

    @Override
    public void checkBack(String groupId) {
        sendNow(ServerFrame.newBuilder().setCheckBack(CheckBack.newBuilder().setGroupId(groupId)).build());
    }

    @Override
    public void heartbeat(long sentAtMs) {
        sendNow(ServerFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtMs(sentAtMs)).build());
    }

    /** gRPC flow control: the client read enough that the transport takes frames again. */
    private void onTransportReady() {
        ClientSession current = session;
        if (current != null) {
            services.operations().writable(current);
        }
    }

    private void sendNow(ServerFrame frame) {
        synchronized (this) {
            responses.onNext(frame);
        }
    }

    private void end(String reason) {
        ClientSession current;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            current = session;
        }
        if (current != null) {
            services.keeper().remove(this);
            services.operations().closed(current, reason);
            log.info("session closed session={} service={} instance={} reason={}", current.sessionId(),
                    current.service(), current.instanceId(), reason);
        }
    }

    private static String helloProblem(Hello hello) {
        if (hello.getService().isBlank() || hello.getService().length() > MAX_NAME_LENGTH) {
            return "hello.service must be 1 to " + MAX_NAME_LENGTH + " characters, got " + hello.getService().length();
        }
        if (hello.getInstanceId().isBlank() || hello.getInstanceId().length() > MAX_NAME_LENGTH) {
            return "hello.instance_id must be 1 to " + MAX_NAME_LENGTH + " characters, got "
                    + hello.getInstanceId().length();
        }
        if (hello.getMaxInFlight() < 0 || hello.getMaxInFlight() > MAX_IN_FLIGHT_LIMIT) {
            return "hello.max_in_flight must be 0 to " + MAX_IN_FLIGHT_LIMIT + ", got " + hello.getMaxInFlight();
        }
        return methodsProblem(hello.getMethodsList());
    }

    private static String methodsProblem(java.util.List<String> methods) {
        if (methods.size() > MAX_METHODS) {
            return "hello.methods holds " + methods.size() + " methods, over the limit of " + MAX_METHODS;
        }
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            if (method.isBlank() || method.length() > MAX_NAME_LENGTH) {
                return "hello.methods[" + i + "] must be 1 to " + MAX_NAME_LENGTH + " characters, got " + method.length();
            }
        }
        return null;
    }

    /** The largest frame a session sends when Prepare requests are at most {@code maxRequestBytes}. */
    static int maxFrameBytes(int maxRequestBytes) {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxRequestBytes + FRAME_OVERHEAD_BYTES);
    }

    /** What a session stream talks to. */
    record SessionServices(SessionOperations operations, SessionKeeper keeper, Clock clock, String serverId,
                           long heartbeatIntervalMs, int maxFrameBytes) {
    }
}
