package io.lottor.server.coordinator;

import io.lottor.server.delivery.BrokerEndpoint;
import io.lottor.server.delivery.Delivery;
import io.lottor.server.model.Caller;
import io.lottor.server.model.CheckBackAnswer;
import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.PermissionDeniedException;
import io.lottor.server.recovery.CheckBackSweeper;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.ClusterSessions;
import io.lottor.server.store.GroupStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transport-free side of client sessions, which the gRPC session stream and ReportConsumption call:
 * a session opened (its row stored for every server sharing the database), ready, writable or closed; a
 * consumer's result; a producer's check-back answer. Each goes to the delivery or the check-back sweeper,
 * which authorise it (DESIGN §5): a result counts only from the session its attempt went to, an answer
 * only from a session of the group's source while a check-back is outstanding. Thread-safe.
 */
public final class SessionOperations {
    private final ClusterSessions sessions;
    private final Delivery delivery;
    private final CheckBackSweeper checkBacks;
    private final GroupStore groups;

    public SessionOperations(ClusterSessions sessions, Delivery delivery, CheckBackSweeper checkBacks,
                             GroupStore groups) {
        this.sessions = sessions;
        this.delivery = delivery;
        this.checkBacks = checkBacks;
        this.groups = groups;
    }

    /**
     * Stores {@code session}, which just said Hello; completes once its row is durable (every server sees
     * it), or fails ({@code UnavailableException}) when the store cannot write it.
     */
    public CompletableFuture<Void> open(ClientSession session) {
        return sessions.open(session);
    }

    /** The client was welcomed: deliveries of its routes and check-backs of its service may start. */
    public void ready(ClientSession session) {
        delivery.sessionOpened(session);
        checkBacks.producerConnected(session);
    }

    /** The session's transport takes frames again: it may have room for deliveries. */
    public void writable(ClientSession session) {
        delivery.sessionWritable(session);
    }

    /** The session ended for {@code reason}: what it held in flight is redelivered, its row deleted. */
    public void closed(ClientSession session, String reason) {
        delivery.sessionClosed(session, reason);
        sessions.close(session);
    }

    /** A session that was never welcomed (its stream ended while its row was being stored) is forgotten. */
    public void abandoned(ClientSession session) {
        sessions.close(session);
    }

    /** A consumer's result on its own session; one that may not count is logged and counted, nothing else. */
    public void consumed(ClientSession session, ConsumerResult result) {
        delivery.onResult(session, result);
    }

    /**
     * A consumer's result reported outside a session (ReportConsumption). Completes once its outcome is
     * durable. Fails, changing nothing, with {@link PermissionDeniedException} (field {@code message_id})
     * when the caller is bound to services and the message's target is not one of them,
     * {@link InvalidArgumentException} for a missing field and {@link FailedPreconditionException} when the
     * result may not count (not the session or attempt the message was delivered to).
     */
    public CompletableFuture<Void> report(Caller caller, ConsumerResult result) {
        try {
            if (caller.isBound()) {
                groups.targetOf(result.key()).ifPresent(target ->
                        caller.requireService("message_id", "the message's target", target));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return delivery.onReport(result);
    }

    /** Where a session of {@code service} consumes its messages, when the delivery is a broker. */
    public Optional<BrokerEndpoint> brokerFor(String service) {
        return delivery.brokerFor(service);
    }

    /** A producer's answer to a check-back, applied if it answers an outstanding one of its own service. */
    public void answered(ClientSession session, CheckBackAnswer answer) {
        checkBacks.onReply(session, answer);
    }
}
