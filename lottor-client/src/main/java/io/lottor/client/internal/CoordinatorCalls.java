package io.lottor.client.internal;

import com.google.protobuf.Empty;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.lottor.client.LottorException;
import io.lottor.client.LottorRpcException;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.GroupStatesRequest;
import io.lottor.protocol.v1.GroupStatus;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import io.lottor.protocol.v1.RollbackRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Calls to the coordinator with a deadline each, and retries where the call is idempotent. Prepare, Commit
 * and Rollback go on the coordinator's Produce streams ({@link ProduceStreams}), or as unary calls when the
 * server has no Produce rpc; the other calls are unary.
 * Blocking calls retry {@code UNAVAILABLE} and {@code RESOURCE_EXHAUSTED "overloaded"} (the server stored
 * nothing) a few times; asynchronous Commit/Rollback retry those and {@code DEADLINE_EXCEEDED} with backoff
 * for a while (they are idempotent on the server). Other {@code RESOURCE_EXHAUSTED} (too large) is final. Pending asynchronous calls are tracked so that close can wait for them. Thread-safe.
 */
public final class CoordinatorCalls {
    private static final int BLOCKING_ATTEMPTS = 4;
    private static final Duration RETRY_INITIAL = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    private static final Predicate<Status> RETRYABLE =
            status -> status.getCode() == Status.Code.UNAVAILABLE || overloaded(status);
    private static final Predicate<Status> TRANSIENT =
            status -> RETRYABLE.test(status) || status.getCode() == Status.Code.DEADLINE_EXCEEDED;

    private final Channel channel;
    private final String target;
    private final Duration timeout;
    private final Duration asyncRetryFor;
    private final ScheduledExecutorService scheduler;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final ProduceStreams produce;

    /** With one Produce stream. */
    public CoordinatorCalls(Channel channel, String target, Duration timeout, Duration asyncRetryFor,
                            ScheduledExecutorService scheduler) {
        this(channel, target, timeout, asyncRetryFor, scheduler, 1);
    }

    /**
     * @param target         the coordinator address(es) {@code channel} goes to, named in every error
     * @param produceStreams how many Produce streams to spread Prepare, Commit and Rollback over (one per
     *                       target balances them like unary calls)
     */
    public CoordinatorCalls(Channel channel, String target, Duration timeout, Duration asyncRetryFor,
                            ScheduledExecutorService scheduler, int produceStreams) {
        this.produce = new ProduceStreams(channel, produceStreams, scheduler);
        this.channel = channel;
        this.target = target;
        this.timeout = timeout;
        this.asyncRetryFor = asyncRetryFor;
        this.scheduler = scheduler;
    }

    /** Prepare, blocking; retries UNAVAILABLE (Prepare is idempotent for the same content). */
    public PrepareResponse prepare(PrepareRequest request) {
        return blocking("prepare", request.getGroupId(), () -> streamed(ProduceCall.newBuilder().setPrepare(request))
                .thenApply(ProduceReply::getPrepared), stub -> stub.prepare(request));
    }

    /** Commit, blocking; retries UNAVAILABLE. */
    public GroupStatus commit(String groupId) {
        CommitRequest request = CommitRequest.newBuilder().setGroupId(groupId).build();
        return blocking("commit", groupId, () -> streamedStatus(ProduceCall.newBuilder().setCommit(request)),
                stub -> stub.commit(request));
    }

    /** Rollback, blocking; retries UNAVAILABLE. */
    public GroupStatus rollback(String groupId, String reason) {
        RollbackRequest request = rollbackRequest(groupId, reason);
        return blocking("rollback", groupId, () -> streamedStatus(ProduceCall.newBuilder().setRollback(request)),
                stub -> stub.rollback(request));
    }

    /**
     * The coordinator's state of each group among {@code groupIds} (at most 1000) that it holds; absent
     * ids are unknown to it. Blocking; retries UNAVAILABLE (the call only reads).
     */
    public Map<String, GroupState> groupStates(List<String> groupIds) {
        GroupStatesRequest request = GroupStatesRequest.newBuilder().addAllGroupIds(groupIds).build();
        return blocking("group-states", groupIds.size() + " groups", null, stub -> stub.groupStates(request))
                .getStatesMap();
    }

    /** Commit in the background, retrying transient failures; the future fails with {@link LottorRpcException}. */
    public CompletableFuture<GroupStatus> commitAsync(String groupId) {
        CommitRequest request = CommitRequest.newBuilder().setGroupId(groupId).build();
        return async("commit", groupId, () -> streamedStatus(ProduceCall.newBuilder().setCommit(request)),
                (stub, observer) -> stub.commit(request, observer), TRANSIENT);
    }

    /** Rollback in the background, retrying transient failures. */
    public CompletableFuture<GroupStatus> rollbackAsync(String groupId, String reason) {
        RollbackRequest request = rollbackRequest(groupId, reason);
        return async("rollback", groupId, () -> streamedStatus(ProduceCall.newBuilder().setRollback(request)),
                (stub, observer) -> stub.rollback(request, observer), TRANSIENT);
    }

    /**
     * ReportConsumption in the background, the result built afresh for every try (so a retry names the
     * session open then). Retries transient failures, and a refusal naming {@code session_id} (the
     * session it named closed; a new one opens), until it gives up; the future fails with
     * {@link LottorRpcException}.
     */
    public CompletableFuture<Empty> reportAsync(String groupId, Supplier<ConsumeResult> result) {
        return async("report-consumption", groupId, null,
                (stub, observer) -> stub.reportConsumption(result.get(), observer),
                status -> TRANSIENT.test(status) || sessionRefused(status));
    }

    /** Half-closes the Produce streams; call after {@link #awaitPending(Duration)}. */
    public void close() {
        produce.close();
    }

    /** Waits until every asynchronous call has finished, at most {@code timeout}; true if they all did. */
    public boolean awaitPending(Duration timeout) {
        CompletableFuture<?>[] running = pending.toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(running).handle((ok, error) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static RollbackRequest rollbackRequest(String groupId, String reason) {
        return RollbackRequest.newBuilder().setGroupId(groupId).setReason(cutReason(reason)).build();
    }

    private static String cutReason(String reason) {
        String text = reason == null ? "" : reason;
        return text.length() <= 1024 ? text : text.substring(0, 1024);
    }

    private CompletableFuture<ProduceReply> streamed(ProduceCall.Builder call) {
        return produce.call(call, timeout);
    }

    private CompletableFuture<GroupStatus> streamedStatus(ProduceCall.Builder call) {
        return streamed(call).thenApply(ProduceReply::getStatus);
    }

    /**
     * {@code streamed} (null: none) while the server has the Produce rpc, else the unary {@code call}; a
     * stream refused UNIMPLEMENTED is tried again as a unary call at once.
     */
    private <R> R blocking(String operation, String groupId, Supplier<CompletableFuture<R>> streamed,
                           Function<CoordinatorGrpc.CoordinatorBlockingStub, R> call) {
        Backoff backoff = new Backoff(RETRY_INITIAL, RETRY_MAX);
        for (int attempt = 1; ; attempt++) {
            boolean onStream = streamed != null && produce.available();
            try {
                return onStream ? await(streamed.get()) : call.apply(CoordinatorGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (StatusRuntimeException e) {
                if (onStream && !produce.available()) {
                    attempt--;
                    continue;
                }
                if (attempt >= BLOCKING_ATTEMPTS || !RETRYABLE.test(e.getStatus())) {
                    throw failure(operation, groupId, e.getStatus(), e);
                }
                sleep(backoff.next());
            }
        }
    }

    /**
     * The call's result, or its status as the exception a blocking stub would throw. The streams fail a
     * call past its timeout; waiting a second longer here is only a backstop should their check not run.
     */
    private <R> R await(CompletableFuture<R> call) {
        try {
            return call.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(false);
            throw Status.DEADLINE_EXCEEDED.withDescription("no reply within the request timeout").asRuntimeException();
        } catch (ExecutionException e) {
            throw asStatusException(e.getCause());
        } catch (InterruptedException e) {
            call.cancel(false);
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while waiting for the coordinator").withCause(e)
                    .asRuntimeException();
        }
    }

    private static StatusRuntimeException asStatusException(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof StatusRuntimeException status ? status
                : Status.fromThrowable(cause).asRuntimeException();
    }

    private <R> CompletableFuture<R> async(String operation, String groupId, Supplier<CompletableFuture<R>> streamed,
                                           BiConsumer<CoordinatorGrpc.CoordinatorStub, StreamObserver<R>> call,
                                           Predicate<Status> retryable) {
        CompletableFuture<R> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((value, error) -> pending.remove(result));
        long giveUpAt = System.nanoTime() + asyncRetryFor.toNanos();
        new AsyncAttempt<>(operation, groupId, streamed, call, result, new Backoff(RETRY_INITIAL, RETRY_MAX), giveUpAt,
                retryable).run();
        return result;
    }

    /** A result refused because the session it names is not open (any more, or yet). */
    private static boolean sessionRefused(Status status) {
        return status.getCode() == Status.Code.FAILED_PRECONDITION && status.getDescription() != null
                && status.getDescription().contains("session_id");
    }

    /** The server refused for load, not for the request: {@code RESOURCE_EXHAUSTED} "overloaded…". */
    private static boolean overloaded(Status status) {
        return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
                && status.getDescription().startsWith("overloaded");
    }

    /**
     * {@code prepare failed group=g target=host:port code=UNAVAILABLE description=io exception: the Lottor
     * server at host:port cannot be reached (Connection refused)}: the address is what a user needs first.
     */
    private LottorRpcException failure(String operation, String groupId, Status status, Throwable cause) {
        StringBuilder text = new StringBuilder(operation).append(" failed group=").append(groupId)
                .append(" target=").append(target).append(" code=").append(status.getCode());
        if (status.getDescription() != null) {
            text.append(" description=").append(status.getDescription());
        }
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            text.append(": the Lottor server at ").append(target).append(" cannot be reached");
            if (status.getCause() != null && status.getCause().getMessage() != null) {
                text.append(" (").append(status.getCause().getMessage()).append(")");
            }
        }
        return new LottorRpcException(text.toString(), status.getCode(), cause);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LottorException("interrupted while retrying a coordinator call", e);
        }
    }

    /** One asynchronous call that reschedules itself on transient failures until it gives up. */
    private final class AsyncAttempt<R> implements Runnable, StreamObserver<R> {
        private final String operation;
        private final String groupId;
        private final Supplier<CompletableFuture<R>> streamed;
        private final BiConsumer<CoordinatorGrpc.CoordinatorStub, StreamObserver<R>> call;
        private final CompletableFuture<R> result;
        private final Backoff backoff;
        private final long giveUpAt;
        private final Predicate<Status> retryable;
        private volatile R value;

        private volatile boolean onStream;

        AsyncAttempt(String operation, String groupId, Supplier<CompletableFuture<R>> streamed,
                     BiConsumer<CoordinatorGrpc.CoordinatorStub, StreamObserver<R>> call,
                     CompletableFuture<R> result, Backoff backoff, long giveUpAt, Predicate<Status> retryable) {
            this.streamed = streamed;
            this.retryable = retryable;
            this.operation = operation;
            this.groupId = groupId;
            this.call = call;
            this.result = result;
            this.backoff = backoff;
            this.giveUpAt = giveUpAt;
        }

        @Override
        public void run() {
            onStream = streamed != null && produce.available();
            if (onStream) {
                streamed.get().whenComplete((reply, error) -> {
                    if (error != null) {
                        onError(asStatusException(error));
                    } else {
                        onNext(reply);
                        onCompleted();
                    }
                });
                return;
            }
            call.accept(CoordinatorGrpc.newStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), this);
        }

        @Override
        public void onNext(R response) {
            value = response;
        }

        @Override
        public void onCompleted() {
            result.complete(value);
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            if (onStream && !produce.available()) {
                run(); // the server has no Produce rpc: the same call, unary
                return;
            }
            Duration delay = backoff.next();
            boolean retry = retryable.test(status) && System.nanoTime() + delay.toNanos() < giveUpAt;
            if (!retry) {
                result.completeExceptionally(failure(operation, groupId, status, error));
                return;
            }
            try {
                scheduler.schedule(this, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(failure(operation, groupId, status, error));
            }
        }
    }
}
