package io.lottor.client;

import com.google.protobuf.ByteString;
import io.lottor.client.internal.CoordinatorCalls;
import io.lottor.client.internal.GroupSource;
import io.lottor.client.internal.PayloadCodec;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction group: the messages a producer owes other services for one local transaction.
 * Buffer messages with {@link #send}/{@link #sendRaw}, then {@link #prepare()} (durable on the
 * coordinator) and, after the local transaction, {@link #commit()} or {@link #rollback(String)}.
 * Prefer {@link LottorClient#inTransaction}, which runs this sequence in the right order.
 *
 * <p>Thread-safe (methods are synchronized). Message ids are {@code m1}, {@code m2}, … in send order.
 */
public final class TransactionGroup {
    private static final Logger log = LoggerFactory.getLogger(TransactionGroup.class);

    private enum Phase { OPEN, PREPARED, COMMITTED, ROLLED_BACK }

    private final String id;
    private final GroupSource source;
    private final CoordinatorCalls calls;
    private final PayloadCodec codec;
    private final List<Message> messages = new ArrayList<>();
    private Phase phase = Phase.OPEN;
    private boolean prepared;

    TransactionGroup(String id, GroupSource source, CoordinatorCalls calls, PayloadCodec codec) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            throw new IllegalArgumentException("group id must be 1 to 64 characters: " + id);
        }
        this.id = id;
        this.source = source;
        this.calls = calls;
        this.codec = codec;
    }

    /** The group's id, the idempotency key of every call about it. */
    public String id() {
        return id;
    }

    /** Buffers a message whose payload is {@code payload} as JSON; returns its message id. */
    public String send(String target, String method, Object payload) {
        return sendRaw(target, method, codec.encode(payload), PayloadCodec.JSON);
    }

    /** Like {@link #send(String, String, Object)} with headers the consumer sees in its {@link MessageContext}. */
    public String send(String target, String method, Object payload, Map<String, String> headers) {
        return sendRaw(target, method, codec.encode(payload), PayloadCodec.JSON, headers);
    }

    /**
     * Buffers a message with raw bytes; an empty or {@code null} content type means application/json.
     * Returns its message id. Only before {@link #prepare()}.
     */
    public String sendRaw(String target, String method, byte[] payload, String contentType) {
        return sendRaw(target, method, payload, contentType, Map.of());
    }

    /** Like {@link #sendRaw(String, String, byte[], String)} with headers (none may be null). */
    public synchronized String sendRaw(String target, String method, byte[] payload, String contentType,
                                       Map<String, String> headers) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        requirePhase(Phase.OPEN, "send");
        String messageId = "m" + (messages.size() + 1);
        messages.add(Message.newBuilder().setMessageId(messageId).setTarget(target).setMethod(method)
                .setPayload(ByteString.copyFrom(payload)).putAllHeaders(headers)
                .setContentType(contentType == null || contentType.isEmpty() ? PayloadCodec.JSON : contentType)
                .build());
        return messageId;
    }

    /** How many messages were sent. */
    public synchronized int size() {
        return messages.size();
    }

    /** Whether {@link #prepare()} succeeded. */
    public synchronized boolean isPrepared() {
        return prepared;
    }

    /**
     * Stores the group with its messages on the coordinator, durably, before returning. Blocking, with
     * the client's request timeout; retries UNAVAILABLE a few times (Prepare is idempotent on the
     * coordinator). A no-op when already prepared; needs at least one message; not after commit or
     * rollback. The coordinator must answer PREPARED: a group with this id and content that was rolled
     * back or committed before is not prepared again, and the local transaction must not commit.
     *
     * @throws GroupNotPreparedException when the coordinator answers another state (the group stays
     *                                   unprepared: neither commit nor rollback is sent for it)
     * @throws LottorRpcException        when the coordinator refuses or stays unreachable
     */
    public synchronized void prepare() {
        if (phase == Phase.PREPARED) {
            return;
        }
        requirePhase(Phase.OPEN, "prepare");
        if (messages.isEmpty()) {
            throw new IllegalStateException("group " + id + " has no message to prepare");
        }
        GroupState state = calls.prepare(PrepareRequest.newBuilder().setGroupId(id).setSource(source.service())
                .setInstanceId(source.instanceId()).setCheckAfterMs(source.checkAfter().toMillis())
                .addAllMessages(messages).build()).getState();
        if (state != GroupState.PREPARED) {
            throw new GroupNotPreparedException(id, state.name());
        }
        phase = Phase.PREPARED;
        prepared = true;
        log.debug("group prepared group={} messages={}", id, messages.size());
    }

    /** Commits the prepared group; blocking, retries UNAVAILABLE a few times. Idempotent. */
    public synchronized void commit() {
        requirePrepared("commit");
        calls.commit(id);
        phase = Phase.COMMITTED;
        log.debug("group committed group={}", id);
    }

    /**
     * Commits the prepared group in the background, retrying UNAVAILABLE and DEADLINE_EXCEEDED with
     * backoff for a while; the future fails with {@link LottorRpcException} when it gives up (the
     * coordinator's check-back then settles the group). The future may complete on a gRPC transport
     * thread: do not block in what depends on it (use the {@code …Async} methods with an executor for that).
     */
    public synchronized CompletableFuture<Void> commitAsync() {
        requirePrepared("commit");
        phase = Phase.COMMITTED;
        return calls.commitAsync(id).thenAccept(status -> log.debug("group committed group={}", id));
    }

    /**
     * Rolls the group back: on the coordinator if it was prepared (blocking, retries UNAVAILABLE),
     * otherwise just discards the buffered messages. Idempotent; not after a commit.
     */
    public synchronized void rollback(String reason) {
        requireNot(Phase.COMMITTED, "rollback");
        if (prepared) {
            calls.rollback(id, reason);
        }
        phase = Phase.ROLLED_BACK;
        log.debug("group rolled back group={} reason={}", id, reason);
    }

    /**
     * Like {@link #rollback(String)} but in the background, retrying UNAVAILABLE and DEADLINE_EXCEEDED
     * with backoff for a while; only a prepared group calls the coordinator. Like {@link #commitAsync()}'s,
     * the future may complete on a gRPC transport thread.
     */
    public synchronized CompletableFuture<Void> rollbackAsync(String reason) {
        requireNot(Phase.COMMITTED, "rollback");
        phase = Phase.ROLLED_BACK;
        return prepared ? calls.rollbackAsync(id, reason).thenAccept(status -> { }) : CompletableFuture.completedFuture(null);
    }

    private void requirePrepared(String operation) {
        if (phase != Phase.PREPARED && phase != Phase.COMMITTED) {
            throw new IllegalStateException("cannot " + operation + " group " + id + " in phase " + phase + "; prepare it first");
        }
    }

    private void requirePhase(Phase expected, String operation) {
        if (phase != expected) {
            throw new IllegalStateException("cannot " + operation + " group " + id + " in phase " + phase);
        }
    }

    private void requireNot(Phase forbidden, String operation) {
        if (phase == forbidden) {
            throw new IllegalStateException("cannot " + operation + " group " + id + " in phase " + phase);
        }
    }
}
