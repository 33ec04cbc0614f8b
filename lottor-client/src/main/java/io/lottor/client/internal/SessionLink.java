package io.lottor.client.internal;

import io.lottor.protocol.v1.CheckBack;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Heartbeat;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.protocol.v1.Welcome;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one Session with the coordinator: Hello, Welcome, a Heartbeat every interval, and the
 * server declared gone after three silent intervals. The stream's inbound message limit starts at gRPC's
 * default (4 MiB); a Welcome announcing larger frames (a server permitting larger payloads) makes the
 * link reopen the session at once with that limit, kept for every later session. Any end of the stream other than {@link #close()}
 * reconnects with exponential backoff and jitter, forever. Frames received are handed to the delivery
 * and check-back consumers on the gRPC thread (they must return quickly); each Welcome is handed to the
 * welcome consumer on the scheduler, once the session is open. Thread-safe.
 */
public final class SessionLink implements SessionStream.Owner {
    private static final Logger log = LoggerFactory.getLogger(SessionLink.class);
    private static final int SILENT_INTERVALS = 3;
    private static final int GRPC_DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final CoordinatorGrpc.CoordinatorStub stub;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Hello> hello;
    private final Consumer<Delivery> deliveries;
    private final Consumer<CheckBack> checkBacks;
    private final Consumer<Welcome> welcomes;
    private final Backoff backoff;
    private final Duration welcomeTimeout;
    private final AtomicBoolean reopenPending = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile SessionStream current;
    private volatile boolean closed;
    private volatile int maxInboundBytes = GRPC_DEFAULT_MAX_MESSAGE_BYTES;

    public SessionLink(CoordinatorGrpc.CoordinatorStub stub, ScheduledExecutorService scheduler, Supplier<Hello> hello,
                       Consumer<Delivery> deliveries, Consumer<CheckBack> checkBacks, Consumer<Welcome> welcomes,
                       Backoff backoff, Duration welcomeTimeout) {
        this.stub = stub;
        this.scheduler = scheduler;
        this.hello = hello;
        this.deliveries = deliveries;
        this.checkBacks = checkBacks;
        this.welcomes = welcomes;
        this.backoff = backoff;
        this.welcomeTimeout = welcomeTimeout;
    }

    /** Opens the session in the background; false when it was started before (then nothing happens). */
    public boolean start() {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        execute(this::connect);
        return true;
    }

    /**
     * Replaces the session with a new one whose Hello carries the current subscriptions. Calls made in
     * quick succession coalesce into one reopen. The server redelivers what was in flight on the old one.
     * Before {@link #start()} this does nothing: the first Hello carries the subscriptions anyway.
     */
    public void reopen() {
        if (closed || !started.get() || !reopenPending.compareAndSet(false, true)) {
            return;
        }
        execute(() -> {
            reopenPending.set(false);
            SessionStream old = current;
            connect();
            if (old != null) {
                old.cancel("reopening session with new subscriptions");
            }
        });
    }

    /** Whether a Welcome was received on the current stream and it is still open. */
    public boolean isConnected() {
        SessionStream stream = current;
        return stream != null && stream.isOpen();
    }

    /** Waits up to {@code timeout} for {@link #isConnected()}; true if it became so. */
    public boolean awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isConnected() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return isConnected();
    }

    /** Sends a frame on the current stream; false when there is none open (the frame is dropped). */
    public boolean send(ClientFrame frame) {
        SessionStream stream = current;
        return stream != null && stream.send(frame);
    }

    /** Ends the session orderly and stops reconnecting. Idempotent. */
    public void close() {
        closed = true;
        SessionStream stream = current;
        if (stream != null) {
            stream.finish();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        SessionStream stream = new SessionStream(this);
        current = stream;
        Hello frame = hello.get();
        log.debug("session opening service={} instance={} methods={}", frame.getService(), frame.getInstanceId(),
                frame.getMethodsList());
        stub.withMaxInboundMessageSize(maxInboundBytes).session(stream);
        stream.send(ClientFrame.newBuilder().setHello(frame).build());
        schedule(() -> {
            if (!stream.isOpen() && !stream.hasEnded()) {
                stream.cancel("no welcome within " + welcomeTimeout.toMillis() + " ms");
            }
        }, welcomeTimeout);
    }

    @Override
    public void onFrame(SessionStream stream, ServerFrame frame) {
        switch (frame.getFrameCase()) {
            case WELCOME -> welcome(stream, frame.getWelcome());
            case DELIVERY -> deliveries.accept(frame.getDelivery());
            case CHECK_BACK -> checkBacks.accept(frame.getCheckBack());
            default -> log.trace("session frame case={}", frame.getFrameCase());
        }
    }

    private void welcome(SessionStream stream, Welcome welcome) {
        if (welcome.getMaxFrameBytes() > maxInboundBytes) {
            reopenForLargerFrames(stream, welcome.getMaxFrameBytes());
            return;
        }
        long interval = welcome.getHeartbeatIntervalMs() > 0 ? welcome.getHeartbeatIntervalMs() : 2000;
        try {
            stream.welcomed(scheduler.scheduleAtFixedRate(() -> tick(stream, interval), interval, interval,
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            return;
        }
        backoff.reset();
        log.info("session open session={} server={} heartbeat_ms={}", welcome.getSessionId(), welcome.getServerId(),
                interval);
        execute(() -> welcomes.accept(welcome)); // it may connect to a broker: not on the transport thread
    }

    /** The stream cannot take the frames the server may send: a new one with a limit that can, at once. */
    private void reopenForLargerFrames(SessionStream stream, int maxFrameBytes) {
        log.info("session reopening with a larger inbound limit session_limit_bytes={} server_frame_bytes={}",
                maxInboundBytes, maxFrameBytes);
        maxInboundBytes = maxFrameBytes;
        execute(() -> {
            if (current == stream) {
                connect();
            }
            stream.cancel("reopening with an inbound limit of " + maxFrameBytes + " bytes");
        });
    }

    private void tick(SessionStream stream, long intervalMillis) {
        if (stream.silentNanos() > TimeUnit.MILLISECONDS.toNanos(intervalMillis * SILENT_INTERVALS)) {
            stream.cancel("server silent for " + SILENT_INTERVALS + " heartbeat intervals");
            return;
        }
        stream.send(ClientFrame.newBuilder()
                .setHeartbeat(Heartbeat.newBuilder().setSentAtMs(System.currentTimeMillis())).build());
    }

    @Override
    public void onEnded(SessionStream stream, String reason) {
        if (closed || current != stream) {
            return;
        }
        Duration delay = backoff.next();
        if (stream.wasWelcomed() || !reason.startsWith("UNAVAILABLE")) {
            log.warn("session lost reason={} reconnect_in_ms={}", reason, delay.toMillis());
        } else {
            log.info("session attempt failed reason={} reconnect_in_ms={}", reason, delay.toMillis());
        }
        schedule(() -> {
            if (current == stream) {
                connect();
            }
        }, delay);
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("session task skipped, client closing");
        }
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("session task skipped, client closing");
        }
    }
}
