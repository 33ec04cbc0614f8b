package io.lottor.client.internal;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.ServerFrame;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt of the Session stream. Serializes outgoing frames (a gRPC {@code StreamObserver} is not
 * thread-safe), remembers when the server last said anything, and reports its end exactly once.
 */
final class SessionStream implements ClientResponseObserver<ClientFrame, ServerFrame> {
    /** What a stream tells its owner. */
    interface Owner {
        void onFrame(SessionStream stream, ServerFrame frame);

        void onEnded(SessionStream stream, String reason);
    }

    private final Owner owner;
    private final Object sendLock = new Object();
    private final AtomicBoolean ended = new AtomicBoolean();
    private ClientCallStreamObserver<ClientFrame> requests;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean welcomed;
    private volatile ScheduledFuture<?> ticker;

    SessionStream(Owner owner) {
        this.owner = owner;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ClientFrame> requestStream) {
        synchronized (sendLock) {
            this.requests = requestStream;
        }
    }

    /** Sends a frame; false when the stream has ended or the transport refused it. */
    boolean send(ClientFrame frame) {
        synchronized (sendLock) {
            if (ended.get() || requests == null) {
                return false;
            }
            try {
                requests.onNext(frame);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    @Override
    public void onNext(ServerFrame frame) {
        lastHeardNanos = System.nanoTime();
        owner.onFrame(this, frame);
    }

    @Override
    public void onError(Throwable error) {
        Status status = Status.fromThrowable(error);
        end(status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription()));
    }

    @Override
    public void onCompleted() {
        end("server closed the session");
    }

    /** Cancels the call (the server sees the session end) and reports the end with {@code reason}. */
    void cancel(String reason) {
        synchronized (sendLock) {
            if (!ended.get() && requests != null) {
                requests.cancel(reason, null);
            }
        }
        end(reason);
    }

    /** Half-closes orderly: the server ends the session and redelivers what is still in flight. */
    void finish() {
        synchronized (sendLock) {
            if (ended.compareAndSet(false, true) && requests != null) {
                requests.onCompleted();
            }
        }
        stopTicker();
    }

    private void end(String reason) {
        if (ended.compareAndSet(false, true)) {
            stopTicker();
            owner.onEnded(this, reason);
        }
    }

    void welcomed(ScheduledFuture<?> heartbeatTicker) {
        this.ticker = heartbeatTicker;
        this.welcomed = true;
        if (ended.get()) {
            stopTicker();
        }
    }

    private void stopTicker() {
        ScheduledFuture<?> current = ticker;
        if (current != null) {
            current.cancel(false);
        }
    }

    boolean isOpen() {
        return welcomed && !ended.get();
    }

    boolean wasWelcomed() {
        return welcomed;
    }

    boolean hasEnded() {
        return ended.get();
    }

    long silentNanos() {
        return System.nanoTime() - lastHeardNanos;
    }
}
