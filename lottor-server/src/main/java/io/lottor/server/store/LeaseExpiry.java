package io.lottor.server.store;

/**
 * What becomes of a delivery whose lease expired with no result: the same as an ack timeout gives
 * ({@link DeliveryOutcome.Failed} with a backoff, or {@link DeliveryOutcome.Dead}). Given by the caller
 * of {@link Store#expireLeases}; must be cheap and thread-safe.
 */
@FunctionalInterface
public interface LeaseExpiry {
    /**
     * @param attempt     the attempt whose lease expired
     * @param attemptBase the message's attempts when an operator last retried it (0 if never)
     */
    DeliveryOutcome outcome(int attempt, int attemptBase);
}
