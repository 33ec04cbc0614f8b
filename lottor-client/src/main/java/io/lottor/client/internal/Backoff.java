package io.lottor.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th delay is drawn from [base/2, base] where base is
 * {@code initial * 2^n} capped at {@code max}. Thread-safe.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int attempts;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The next delay; each call doubles the base until it reaches the maximum. */
    public synchronized Duration next() {
        long base = initialMillis << Math.min(attempts, 30);
        base = base <= 0 ? maxMillis : Math.min(base, maxMillis);
        attempts++;
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /** Starts again from the initial delay (after a success). */
    public synchronized void reset() {
        attempts = 0;
    }
}
