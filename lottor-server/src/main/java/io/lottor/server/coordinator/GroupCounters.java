package io.lottor.server.coordinator;

import io.lottor.server.model.GroupState;

/**
 * Told by the {@link Coordinator} of each group outcome it stored, for metrics. Called on the store's
 * writer thread: implementations must be cheap, thread-safe and never block.
 */
public interface GroupCounters {
    /** Counts nothing. */
    GroupCounters NONE = new GroupCounters() { };

    /** A Prepare was answered PREPARED (an idempotent retry of a still prepared group counts again). */
    default void prepared() {
    }

    /** A group moved PREPARED → COMMITTED (counted once per group). */
    default void committed() {
    }

    /** A Rollback was answered ROLLED_BACK (an idempotent retry counts again). */
    default void rolledBack() {
    }

    /** An operator resolved a PREPARED group ({@code outcome} COMMITTED or ROLLED_BACK). */
    default void resolved(GroupState outcome) {
    }

    /** An operator moved {@code count} DEAD or FAILED messages back to READY. */
    default void operatorRetried(int count) {
    }
}
