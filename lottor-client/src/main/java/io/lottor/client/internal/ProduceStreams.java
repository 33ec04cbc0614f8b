package io.lottor.client.internal;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prepare, Commit and Rollback on the coordinator's long-lived Produce streams instead of a unary call
 * each: a call is one message on an open stream, and its reply finds its caller by call id. This saves
 * each call a new HTTP/2 stream, its headers and the server's token check; calls made together leave in
 * one write, and so do their replies.
 *
 * <p>There are as many streams as targets (the channel balances new streams round-robin), opened when
 * first needed and again after one fails; calls take turns between them. A call fails with the status of
 * its reply's error, {@code DEADLINE_EXCEEDED} after its timeout, or the stream's status when the stream
 * fails before the reply came (it may or may not have been applied: every Produce call is idempotent, and
 * the caller retries as it would a unary call). A server without the Produce rpc ({@code UNIMPLEMENTED})
 * turns the streams off for good: {@link #available()} then answers false and callers use unary calls.
 * Replies are handled on the transport's thread, which completes the caller's future. Thread-safe.
 */
public final class ProduceStreams {
    private final Channel channel;
    /** How often calls are checked against their timeouts: a call fails at most this much after its own. */
    private static final Duration TIMEOUT_CHECK = Duration.ofMillis(100);

    private final Stream[] streams;
    private final AtomicInteger turn = new AtomicInteger();
    private volatile boolean unimplemented;

    /** @param timeouts runs the check for calls past their timeout, every {@link #TIMEOUT_CHECK} */
    public ProduceStreams(Channel channel, int streams, ScheduledExecutorService timeouts) {
        this.channel = channel;
        this.streams = new Stream[Math.max(1, streams)];
        for (int i = 0; i < this.streams.length; i++) {
            this.streams[i] = new Stream();
        }
        timeouts.scheduleWithFixedDelay(this::expireOverdue, TIMEOUT_CHECK.toMillis(), TIMEOUT_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether calls may go on the streams: false once the server answered that it has no Produce rpc. */
    public boolean available() {
        return !unimplemented;
    }

    /**
     * Sends {@code call} (its call id is set here) and completes with its reply, which is never an error
     * reply: errors fail the future with a {@link StatusRuntimeException}.
     */
    public CompletableFuture<ProduceReply> call(ProduceCall.Builder call, Duration timeout) {
        Stream stream = streams[Math.floorMod(turn.getAndIncrement(), streams.length)];
        return stream.send(call, timeout);
    }

    /** Half-closes the open streams; calls not yet answered still get their replies. */
    public void close() {
        for (Stream stream : streams) {
            stream.halfClose();
        }
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        for (Stream stream : streams) {
            Open open = stream.current();
            if (open != null) {
                open.expireOverdue(now);
            }
        }
    }

    /** A call waiting for its reply until its deadline ({@link System#nanoTime()}). */
    private static final class Pending extends CompletableFuture<ProduceReply> {
        final long deadline;

        Pending(long deadline) {
            this.deadline = deadline;
        }
    }

    /** One Produce stream, opened on demand. */
    private final class Stream {
        private final AtomicLong nextCallId = new AtomicLong();
        private Open open;

        CompletableFuture<ProduceReply> send(ProduceCall.Builder call, Duration timeout) {
            long callId = nextCallId.incrementAndGet();
            Pending pending = new Pending(System.nanoTime() + timeout.toNanos());
            Open target;
            synchronized (this) {
                if (open == null || open.failed) {
                    open = new Open();
                }
                target = open;
                target.pending.put(callId, pending);
            }
            target.send(call.setCallId(callId).build());
            return pending;
        }

        synchronized Open current() {
            return open;
        }

        synchronized void halfClose() {
            if (open != null && !open.failed) {
                open.halfClose();
            }
        }
    }

    /** An open stream and its calls not yet answered. */
    private final class Open implements StreamObserver<ProduceReply> {
        final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        private final ClientCallStreamObserver<ProduceCall> requests;
        volatile boolean failed;

        @SuppressWarnings("unchecked")
        Open() {
            Executor direct = Runnable::run;
            this.requests = (ClientCallStreamObserver<ProduceCall>) CoordinatorGrpc.newStub(channel)
                    .withExecutor(direct).produce(this);
        }

        synchronized void send(ProduceCall call) {
            if (failed) {
                fail(call.getCallId());
                return;
            }
            try {
                requests.onNext(call);
            } catch (RuntimeException e) {
                fail(call.getCallId());
            }
        }

        synchronized void halfClose() {
            try {
                requests.onCompleted();
            } catch (RuntimeException ignored) {
                // the stream already ended
            }
        }

        void expireOverdue(long now) {
            for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
                if (now - entry.getValue().deadline >= 0 && pending.remove(entry.getKey(), entry.getValue())) {
                    entry.getValue().completeExceptionally(Status.DEADLINE_EXCEEDED
                            .withDescription("no reply on the produce stream within the request timeout")
                            .asRuntimeException());
                }
            }
        }

        private void fail(long callId) {
            Pending call = pending.remove(callId);
            if (call != null) {
                call.completeExceptionally(Status.UNAVAILABLE.withDescription("the produce stream ended")
                        .asRuntimeException());
            }
        }

        @Override
        public void onNext(ProduceReply reply) {
            Pending call = pending.remove(reply.getCallId());
            if (call == null) {
                return; // timed out meanwhile
            }
            if (reply.hasError()) {
                call.completeExceptionally(Status.fromCodeValue(reply.getError().getCode())
                        .withDescription(reply.getError().getDescription()).asRuntimeException());
            } else {
                call.complete(reply);
            }
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                unimplemented = true;
            }
            ended(status);
        }

        @Override
        public void onCompleted() {
            ended(Status.UNAVAILABLE.withDescription("the server ended the produce stream"));
        }

        private void ended(Status status) {
            failed = true;
            List<Pending> unanswered;
            synchronized (this) {
                unanswered = new ArrayList<>(pending.values());
                pending.clear();
            }
            for (Pending call : unanswered) {
                call.completeExceptionally(status.asRuntimeException());
            }
        }
    }
}
