package io.lottor.server.delivery;

import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.OutcomeResult;

/**
 * Told of every delivery outcome the store applied, for metrics. Called on store completion threads:
 * implementations must be cheap, thread-safe and never block.
 */
@FunctionalInterface
public interface DeliveryCounters {
    /** Counts nothing. */
    DeliveryCounters NONE = (outcome, result) -> { };

    /** {@code outcome} was stored; {@code result} says whether it changed the message and completed its group. */
    void outcomeApplied(DeliveryOutcome outcome, OutcomeResult result);
}
