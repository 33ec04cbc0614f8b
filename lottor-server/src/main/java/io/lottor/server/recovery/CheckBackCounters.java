package io.lottor.server.recovery;

/** Told of check-backs sent, postponed, answered and refused, for metrics. Cheap, thread-safe, never blocking. */
public interface CheckBackCounters {
    /** Counts nothing. */
    CheckBackCounters NONE = new CheckBackCounters() { };

    /** A CheckBack frame went to a producer session, or a call to a group's check_back_url started. */
    default void sent() {
    }

    /**
     * A check-back fell due but no producer could answer it (no live session; or its check_back_url failed,
     * timed out or is still being asked); it comes due again later.
     */
    default void postponed() {
    }

    /** A producer answered: {@code COMMITTED}, {@code ROLLED_BACK} or {@code UNKNOWN}. */
    default void answered(String answer) {
    }

    /** A reply was refused: no check-back of its group was outstanding, or it came from another service. */
    default void refused() {
    }
}
