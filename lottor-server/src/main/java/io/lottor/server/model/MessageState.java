package io.lottor.server.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Delivery state of one message. This enum owns the allowed transitions; every other transition is an
 * error.
 *
 * <pre>
 * PENDING → READY → IN_FLIGHT → CONSUMED
 *                             → FAILED → IN_FLIGHT … → DEAD → READY (operator retry)
 *                             → READY (its session closed: redelivered at once)
 * PENDING → CANCELLED
 * </pre>
 *
 * A late success (a consumer answering after its delivery timed out) is the truth about the effect, so
 * {@code FAILED → CONSUMED} and {@code DEAD → CONSUMED} are allowed.
 */
public enum MessageState {
    PENDING,
    READY,
    IN_FLIGHT,
    CONSUMED,
    FAILED,
    DEAD,
    CANCELLED;

    /** Whether a message in this state may move to {@code next}. */
    public boolean canMoveTo(MessageState next) {
        return successors().contains(next);
    }

    /** Whether the message waits for a delivery (due at its next attempt time). */
    public boolean isDeliverable() {
        return this == READY || this == FAILED;
    }

    private Set<MessageState> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(READY, CANCELLED);
            case READY -> EnumSet.of(IN_FLIGHT);
            case IN_FLIGHT -> EnumSet.of(CONSUMED, FAILED, DEAD, READY);
            case FAILED -> EnumSet.of(IN_FLIGHT, CONSUMED, READY);
            case DEAD -> EnumSet.of(READY, CONSUMED);
            case CONSUMED, CANCELLED -> EnumSet.noneOf(MessageState.class);
        };
    }
}
