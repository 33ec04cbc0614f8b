package io.lottor.server.delivery;

import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.OutcomeResult;

/**
 * Told of every delivery outcome the store applied and of every result refused, for metrics. Called on the store's
 * writer thread: implementations must be cheap, thread-safe and never block.
 */
@FunctionalInterface
public interface DeliveryCounters {
    /** Counts nothing. */
    DeliveryCounters NONE = (outcome, result) -> { };

    /** {@code outcome} was stored; {@code result} says whether it changed the message and completed its group. */
    void outcomeApplied(DeliveryOutcome outcome, OutcomeResult result);

    /**
     * A consumer's result was refused and changed nothing: {@code reason} is one of {@code not_holder}
     * (the attempt was delivered to another session), {@code stale_attempt} (not the message's current
     * attempt), {@code not_in_flight} (a failure for a message not in flight), {@code not_current} (the
     * store found it is not the current attempt of that consumer), {@code unknown_session}.
     */
    default void resultRefused(String reason) {
    }
}
