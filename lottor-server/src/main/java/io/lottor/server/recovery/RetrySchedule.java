package io.lottor.server.recovery;

import io.lottor.server.store.DeliveryOutcome;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: exponential backoff from {@code initial}, doubling per attempt
 * up to {@code max}, with jitter (each delay is drawn from [delay/2, delay]); after {@code maxAttempts}
 * deliveries the message is DEAD. Attempts are counted from the message's attempt budget base (its
 * attempts when an operator last retried it), so an operator's retry grants {@code maxAttempts} more
 * while attempt numbers keep growing. Thread-safe.
 */
public final class RetrySchedule {
    private final long initialMs;
    private final long maxMs;
    private final int maxAttempts;

    public RetrySchedule(Duration initial, Duration max, int maxAttempts) {
        this.initialMs = Math.max(1, initial.toMillis());
        this.maxMs = Math.max(initialMs, max.toMillis());
        this.maxAttempts = maxAttempts;
    }

    /**
     * The outcome of failed delivery number {@code attempt} (1 for the first) of a message whose attempt
     * budget starts after attempt {@code attemptBase}.
     */
    public DeliveryOutcome afterFailure(int attempt, int attemptBase, String error, long now) {
        int used = attempt - attemptBase;
        if (used >= maxAttempts) {
            return new DeliveryOutcome.Dead(error + " (gave up after " + used + " attempts)");
        }
        return new DeliveryOutcome.Failed(error, now + backoffMs(used));
    }

    /**
     * The outcome of delivery number {@code attempt} lost with its session: redelivered at once unless out
     * of attempts (counted as in {@link #afterFailure}).
     */
    public DeliveryOutcome afterLostSession(int attempt, int attemptBase, String error) {
        int used = attempt - attemptBase;
        if (used >= maxAttempts) {
            return new DeliveryOutcome.Dead(error + " (gave up after " + used + " attempts)");
        }
        return new DeliveryOutcome.Requeued(error);
    }

    /** The jittered delay after failed attempt number {@code attempt}. */
    public long backoffMs(int attempt) {
        long delay = cappedDelay(attempt);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    /** The un-jittered delay before check-back number {@code checkBacksBefore + 1}, starting from {@code checkAfterMs}. */
    public long checkBackDelayMs(int checkBacksBefore, long checkAfterMs) {
        int doublings = Math.min(checkBacksBefore, 30);
        long delay = checkAfterMs << doublings;
        return delay <= 0 || delay > maxMs ? Math.max(maxMs, checkAfterMs) : delay;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    private long cappedDelay(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long delay = initialMs << doublings;
        return delay <= 0 || delay > maxMs ? maxMs : delay;
    }
}
