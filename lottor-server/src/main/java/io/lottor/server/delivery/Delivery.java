package io.lottor.server.delivery;

import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.session.ClientSession;
import io.lottor.server.store.DueMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Carries committed messages to their consumers and brings their results back to the store. The
 * {@code direct} backend pushes them over client sessions; broker backends publish them. The coordinator
 * calls it: with the messages a commit made ready, and with what sessions bring (a session opened,
 * closed or writable again, a consumer's result).
 */
public interface Delivery extends AutoCloseable {

    /**
     * Hands over messages that just became READY. Must not block; delivery happens later, in the
     * backend's own threads. Messages not handed over (or dropped when a backend is full) are found
     * again in the store, so this is a fast path, not the only path.
     */
    void dispatch(List<DueMessage> ready);

    /** A session said Hello (and its row is stored): it may take deliveries of its routes now. */
    void sessionOpened(ClientSession session);

    /** A session ended, for {@code reason}: what it held in flight is redelivered. */
    void sessionClosed(ClientSession session, String reason);

    /** The session's transport takes frames again (gRPC onReady): it may have capacity now. */
    void sessionWritable(ClientSession session);

    /** A consumer's result that arrived on {@code session}; one that may not count changes nothing. */
    void onResult(ClientSession session, ConsumerResult result);

    /**
     * A consumer's result reported outside a session (ReportConsumption), naming the session that reports
     * it. Completes when the outcome is durable; fails with {@link InvalidArgumentException} for a missing
     * field and with {@link FailedPreconditionException} (field {@code session_id} or {@code attempt}) when
     * the result may not count: then nothing changed.
     */
    CompletableFuture<Void> onReport(ConsumerResult result);

    /** Deliveries of this server currently awaiting a result, for metrics and the admin API. */
    int inFlightCount();

    /**
     * Whether the delivery can deliver now (a broker delivery: the broker is reachable), for
     * {@code /health/ready}. While it cannot, committed messages stay READY.
     */
    default boolean isHealthy() {
        return true;
    }

    /** Where a session of {@code service} consumes its messages, when they go through a broker. */
    default Optional<BrokerEndpoint> brokerFor(String service) {
        return Optional.empty();
    }

    @Override
    void close();
}
