package io.lottor.server.store;

/**
 * What {@link Store#recordOutcome} did.
 *
 * @param applied        whether the message's state changed
 * @param groupCompleted whether this outcome consumed the group's last message, making it COMPLETED
 */
public record OutcomeResult(boolean applied, boolean groupCompleted) {
    public static final OutcomeResult NOT_APPLIED = new OutcomeResult(false, false);
}
