package io.lottor.spring.internal;

import java.time.Duration;

/**
 * What the starter counts; {@link #NONE} when Micrometer is absent. Implementations are thread-safe and
 * never throw.
 */
public interface LottorMetrics {
    /** Counts nothing. */
    LottorMetrics NONE = new LottorMetrics() {
    };

    /** A group's end as seen by its producer: {@code committed}, {@code rolled_back}, {@code prepare_failed}, {@code unknown}. */
    default void group(String outcome) {
    }

    /** {@code count} messages of a committed local transaction were handed to the coordinator. */
    default void messagesSent(int count) {
    }

    /** A listener delivery ended: {@code applied}, {@code duplicate} or {@code failed}; {@code duration} of the whole handling. */
    default void consumed(String method, String result, Duration duration) {
    }
}
