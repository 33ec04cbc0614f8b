package io.lottor.client.fake;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.GroupStatesRequest;
import io.lottor.protocol.v1.GroupStatesResponse;
import io.lottor.protocol.v1.GroupStatus;
import io.lottor.protocol.v1.Heartbeat;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.protocol.v1.RollbackRequest;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.protocol.v1.Welcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small in-process coordinator on 127.0.0.1 that records what the client sends: unary calls as
 * events ({@code prepare:<group>}, {@code commit:<group>}, {@code rollback:<group>}), Hellos and every
 * other session frame. It welcomes every Hello, sends heartbeats (unless told to fall silent), and lets
 * a test push frames to the newest session.
 */
public final class FakeCoordinator extends CoordinatorGrpc.CoordinatorImplBase implements AutoCloseable {
    public static final long HEARTBEAT_MS = 100;

    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Hello> hellos = new CopyOnWriteArrayList<>();
    public final Queue<ClientFrame> frames = new ConcurrentLinkedQueue<>();
    public final List<PrepareRequest> prepares = new CopyOnWriteArrayList<>();
    /** Called on each Prepare and Commit with the group id; its answer is appended to the event. */
    public volatile Function<String, String> probe = group -> "";
    /** How many Prepare calls to fail with UNAVAILABLE before answering. */
    public final AtomicInteger unavailablePrepares = new AtomicInteger();
    /** How many Commit calls to fail with UNAVAILABLE before answering. */
    public final AtomicInteger unavailableCommits = new AtomicInteger();
    /** What GroupStates answers: groups absent here are unknown to the coordinator. */
    public final Map<String, GroupState> groupStates = new ConcurrentHashMap<>();
    /** Every GroupStates call, with the ids asked. */
    public final List<List<String>> groupStateCalls = new CopyOnWriteArrayList<>();
    /** What Prepare answers. */
    public volatile GroupState prepareAnswer = GroupState.PREPARED;
    public volatile Status rejectPrepare;
    public volatile boolean silent;

    private final List<StreamObserver<ServerFrame>> sessions = new CopyOnWriteArrayList<>();
    private final Map<StreamObserver<ServerFrame>, Hello> helloOf = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private Server server;

    /** Starts on {@code port} (0: any free port). */
    public FakeCoordinator start(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(this).build().start();
        heartbeats.scheduleAtFixedRate(this::beat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Starts on any free port of 127.0.0.1 with {@code credentials} (e.g. TLS) and {@code interceptors} in front. */
    public FakeCoordinator start(ServerCredentials credentials, ServerInterceptor... interceptors) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                .addService(ServerInterceptors.intercept(this, interceptors)).build().start();
        heartbeats.scheduleAtFixedRate(this::beat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    public int port() {
        return server.getPort();
    }

    public String target() {
        return "127.0.0.1:" + port();
    }

    /**
     * The Hello of the newest open session, or null when none is open. A client that reopens its session
     * has two calls for a moment, whose Hellos this server may handle in either order (gRPC runs one call's
     * callbacks in order, but two calls' on two threads of its pool at once): the newest session is the
     * last one handled and not yet ended, and the last Hello in {@link #hellos} may be the older session's.
     */
    public Hello newestSessionHello() {
        StreamObserver<ServerFrame> newest = newestSession();
        return newest == null ? null : helloOf.get(newest);
    }

    /** Sends a frame on the newest session. */
    public void push(ServerFrame frame) {
        StreamObserver<ServerFrame> newest = newestSession();
        if (newest == null) {
            throw new IllegalStateException("no open session");
        }
        send(newest, frame);
    }

    private StreamObserver<ServerFrame> newestSession() {
        List<StreamObserver<ServerFrame>> open = List.copyOf(sessions); // sessions end meanwhile
        return open.isEmpty() ? null : open.get(open.size() - 1);
    }

    /** Sends a frame on the newest open session of instance {@code instanceId}, whatever others opened since. */
    public void push(String instanceId, ServerFrame frame) {
        for (int i = sessions.size() - 1; i >= 0; i--) {
            StreamObserver<ServerFrame> session = sessions.get(i);
            Hello hello = helloOf.get(session);
            if (hello != null && hello.getInstanceId().equals(instanceId)) {
                send(session, frame);
                return;
            }
        }
        throw new IllegalStateException("no open session of instance " + instanceId);
    }

    private static void send(StreamObserver<ServerFrame> session, ServerFrame frame) {
        synchronized (session) {
            session.onNext(frame);
        }
    }

    @Override
    public void prepare(PrepareRequest request, StreamObserver<PrepareResponse> response) {
        if (unavailablePrepares.getAndDecrement() > 0) {
            events.add("unavailable:" + request.getGroupId());
            response.onError(Status.UNAVAILABLE.withDescription("store down").asRuntimeException());
            return;
        }
        if (rejectPrepare != null) {
            response.onError(rejectPrepare.asRuntimeException());
            return;
        }
        prepares.add(request);
        events.add("prepare:" + request.getGroupId() + probe.apply(request.getGroupId()));
        response.onNext(PrepareResponse.newBuilder().setState(prepareAnswer).build());
        response.onCompleted();
    }

    @Override
    public void commit(CommitRequest request, StreamObserver<GroupStatus> response) {
        if (unavailableCommits.getAndDecrement() > 0) {
            events.add("unavailable:" + request.getGroupId());
            response.onError(Status.UNAVAILABLE.withDescription("store down").asRuntimeException());
            return;
        }
        events.add("commit:" + request.getGroupId() + probe.apply(request.getGroupId()));
        response.onNext(GroupStatus.newBuilder().setGroupId(request.getGroupId()).setState(GroupState.COMMITTED).build());
        response.onCompleted();
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<GroupStatus> response) {
        events.add("rollback:" + request.getGroupId());
        response.onNext(GroupStatus.newBuilder().setGroupId(request.getGroupId()).setState(GroupState.ROLLED_BACK).build());
        response.onCompleted();
    }

    @Override
    public void groupStates(GroupStatesRequest request, StreamObserver<GroupStatesResponse> response) {
        groupStateCalls.add(List.copyOf(request.getGroupIdsList()));
        GroupStatesResponse.Builder answer = GroupStatesResponse.newBuilder();
        request.getGroupIdsList().forEach(id -> {
            GroupState state = groupStates.get(id);
            if (state != null) {
                answer.putStates(id, state);
            }
        });
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public StreamObserver<ClientFrame> session(StreamObserver<ServerFrame> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ClientFrame frame) {
                if (frame.hasHello()) {
                    hellos.add(frame.getHello());
                    helloOf.put(response, frame.getHello());
                    sessions.add(response);
                    synchronized (response) {
                        response.onNext(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                                .setSessionId("s" + sessionCount.incrementAndGet()).setServerId("fake")
                                .setHeartbeatIntervalMs(HEARTBEAT_MS)).build());
                    }
                } else {
                    frames.add(frame);
                }
            }

            @Override
            public void onError(Throwable error) {
                sessions.remove(response);
            }

            @Override
            public void onCompleted() {
                sessions.remove(response);
                synchronized (response) {
                    response.onCompleted();
                }
            }
        };
    }

    private void beat() {
        if (silent) {
            return;
        }
        ServerFrame frame = ServerFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setSentAtMs(System.currentTimeMillis())).build();
        for (StreamObserver<ServerFrame> session : sessions) {
            synchronized (session) {
                try {
                    session.onNext(frame);
                } catch (RuntimeException e) {
                    sessions.remove(session);
                }
            }
        }
    }

    /** Stops at once, like a crashed server. */
    @Override
    public void close() throws InterruptedException {
        heartbeats.shutdownNow();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
