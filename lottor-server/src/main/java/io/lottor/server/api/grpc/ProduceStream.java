package io.lottor.server.api.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.CallError;
import io.lottor.protocol.v1.GroupStatus;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import io.lottor.server.api.InboundBudget;
import io.lottor.server.coordinator.Coordinator;
import io.lottor.server.model.Caller;
import io.lottor.server.model.GroupState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One producer's Produce stream: Prepare, Commit and Rollback calls, each answered on the stream with its
 * call id once the coordinator's future completes (after the store's fsync), in whatever order they finish.
 *
 * <p>Reading is bounded like the unary calls': the stream reads one call at a time and asks for the next
 * only once the call was handed on (to the store's bounded queue, or refused) and while the client reads
 * its replies ({@code isReady}); a call's bytes count in the server's {@link InboundBudget} while it is held,
 * and a call that does not fit is answered RESOURCE_EXHAUSTED "overloaded", which the client retries. Small
 * calls are handled on the event loop that read them; a Prepare larger than {@link #LARGE_CALL_BYTES} (its
 * hash and JSON take milliseconds), and Commit and Rollback when client tokens bind callers (they read the
 * group's source first), run on the call pool, so that the loop's other connections are never held up.
 */
final class ProduceStream implements StreamObserver<ProduceCall> {
    /** Calls at least this large are handled off the event loop. */
    static final int LARGE_CALL_BYTES = 64 * 1024;

    private final ServerCallStreamObserver<ProduceReply> replies;
    private final Coordinator coordinator;
    private final Caller caller;
    private final Executor offLoop;
    private final boolean callersBound;
    private final InboundBudget inbound;
    private final Consumer<String> counted;
    private int unanswered;
    private boolean halfClosed;
    private boolean ended;
    private boolean wantsNext;

    ProduceStream(ServerCallStreamObserver<ProduceReply> replies, Coordinator coordinator, Caller caller,
                  Executor offLoop, boolean callersBound, InboundBudget inbound, Consumer<String> counted) {
        this.counted = counted;
        this.replies = replies;
        this.coordinator = coordinator;
        this.caller = caller;
        this.offLoop = offLoop;
        this.callersBound = callersBound;
        this.inbound = inbound;
        replies.disableAutoRequest();
        replies.setOnReadyHandler(this::onTransportReady);
        replies.setOnCancelHandler(this::onCancel);
        readNext();
    }

    @Override
    public void onNext(ProduceCall call) {
        synchronized (this) {
            unanswered++;
        }
        long callId = call.getCallId();
        int bytes = call.getSerializedSize();
        InboundBudget.Ticket ticket = inbound.tryReserve(bytes);
        if (ticket.state() != InboundBudget.State.GRANTED) {
            reply(callId, error(Status.RESOURCE_EXHAUSTED.withDescription("overloaded: the server is reading as many"
                    + " requests as it may (max-inbound-bytes); retry later")));
            readNext();
            return;
        }
        boolean offTheLoop = bytes >= LARGE_CALL_BYTES
                || (callersBound && call.getCallCase() != ProduceCall.CallCase.PREPARE);
        if (!offTheLoop) {
            handle(call, ticket);
            return;
        }
        try {
            offLoop.execute(() -> handle(call, ticket));
        } catch (RejectedExecutionException e) {
            ticket.close();
            reply(callId, error(Status.UNAVAILABLE.withDescription("the server is stopping")));
            readNext();
        }
    }

    @Override
    public void onError(Throwable error) {
        synchronized (this) {
            ended = true;
        }
    }

    @Override
    public void onCompleted() {
        boolean complete;
        synchronized (this) {
            halfClosed = true;
            complete = unanswered == 0 && !ended;
            ended |= complete;
        }
        if (complete) {
            completeStream();
        }
    }

    /** Hands the call on, gives its bytes back and asks for the next call. */
    private void handle(ProduceCall call, InboundBudget.Ticket ticket) {
        long callId = call.getCallId();
        try {
            CompletableFuture<ProduceReply.Builder> answer = switch (call.getCallCase()) {
                case PREPARE -> counted("prepare", answered(() -> coordinator.prepare(caller,
                        ProtoMapping.newGroup(call.getPrepare())), ProduceStream::prepared));
                case COMMIT -> counted("commit", answered(() -> coordinator.commit(caller,
                        call.getCommit().getGroupId()), status(call.getCommit().getGroupId())));
                case ROLLBACK -> counted("rollback", answered(() -> coordinator.rollback(caller,
                        call.getRollback().getGroupId(), call.getRollback().getReason()),
                        status(call.getRollback().getGroupId())));
                case CALL_NOT_SET -> CompletableFuture.completedFuture(error(Status.INVALID_ARGUMENT
                        .withDescription("call: one of prepare, commit or rollback is required")));
            };
            answer.whenComplete((reply, failure) -> reply(callId, failure == null ? reply : error(failure)));
        } finally {
            ticket.close();
            readNext();
        }
    }

    private <T> T counted(String call, T answer) {
        counted.accept(call);
        return answer;
    }

    /** The coordinator's future as a reply; a call that throws before it has a future fails the same way. */
    private static CompletableFuture<ProduceReply.Builder> answered(
            Supplier<CompletableFuture<GroupState>> call, Function<GroupState, ProduceReply.Builder> toReply) {
        CompletableFuture<GroupState> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return result.thenApply(toReply);
    }

    private static ProduceReply.Builder prepared(GroupState state) {
        return ProduceReply.newBuilder().setPrepared(PrepareResponse.newBuilder().setState(ProtoMapping.state(state)));
    }

    private static Function<GroupState, ProduceReply.Builder> status(String groupId) {
        return state -> ProduceReply.newBuilder().setStatus(GroupStatus.newBuilder().setGroupId(groupId)
                .setState(ProtoMapping.state(state)));
    }

    private static ProduceReply.Builder error(Throwable failure) {
        return error(GrpcErrors.toStatus(failure).getStatus());
    }

    private static ProduceReply.Builder error(Status status) {
        CallError.Builder error = CallError.newBuilder().setCode(status.getCode().value());
        if (status.getDescription() != null) {
            error.setDescription(status.getDescription());
        }
        return ProduceReply.newBuilder().setError(error);
    }

    private void reply(long callId, ProduceReply.Builder reply) {
        boolean complete;
        synchronized (this) {
            unanswered--;
            if (!ended) {
                try {
                    replies.onNext(reply.setCallId(callId).build());
                } catch (RuntimeException e) {
                    ended = true; // cancelled meanwhile: nobody reads the reply
                }
            }
            complete = halfClosed && unanswered == 0 && !ended;
            ended |= complete;
        }
        if (complete) {
            completeStream();
        }
    }

    /** Asks for the next call, or remembers to once the client reads its replies again. */
    private void readNext() {
        synchronized (this) {
            if (ended || halfClosed) {
                return;
            }
            if (!replies.isReady()) {
                wantsNext = true;
                return;
            }
            wantsNext = false;
            replies.request(1);
        }
    }

    private void onTransportReady() {
        boolean next;
        synchronized (this) {
            next = wantsNext;
        }
        if (next) {
            readNext();
        }
    }

    private void onCancel() {
        synchronized (this) {
            ended = true;
        }
    }

    private void completeStream() {
        synchronized (this) {
            try {
                replies.onCompleted();
            } catch (RuntimeException ignored) {
                // the call is already gone
            }
        }
    }
}
