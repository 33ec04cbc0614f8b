package io.lottor.server.store;

import io.lottor.server.model.GroupEvent;

/**
 * Durable home of groups and messages. Every backend passes {@code StoreContractTest}.
 *
 * <p>Writes return futures that complete only after the change is durable (its transaction committed
 * and fsynced); implementations batch concurrent writes into one transaction ("group commit"). Writes
 * submitted by one thread are applied in submission order. Reads see committed data only. A write's future
 * may complete on the thread that runs the writes (the store's one writer, which takes them in turn): what
 * depends on it must be short and never block, and hands anything longer (a read, waiting for another write)
 * to another thread.
 *
 * <p>Errors are part of the contract: futures fail with {@link io.lottor.server.model.NotFoundException},
 * {@link io.lottor.server.model.AlreadyExistsException},
 * {@link io.lottor.server.model.FailedPreconditionException} as documented per method, and with
 * {@link io.lottor.server.model.UnavailableException} when the database cannot be written. The producer's
 * writes ({@link #prepare}, {@link #commit}, {@link #rollback}) may also fail with
 * {@link io.lottor.server.model.OverloadedException} when the store holds as many writes (or request bytes)
 * as it is bounded to: then nothing changed and the same write may succeed later. All times
 * are epoch milliseconds given by the caller. Implementations are thread-safe.
 *
 * <p>Each state change also appends its {@link GroupEvent} to the group's history in the same
 * transaction: PREPARED, COMMITTED, ROLLED_BACK (actor {@code producer}), COMPLETED, CHECK_BACK, FAILED,
 * DEAD (actor {@code server}), DELIVERED and CONSUMED (actor {@code consumer:<instance>}), RETRIED and
 * RESOLVED (the operator). Moving IN_FLIGHT messages back to READY on startup writes no event. A
 * purged group's history goes with it.
 *
 * <p>Attempt numbers of a message never repeat: each claim is the previous attempt plus one, also after
 * an operator's retry, which instead moves the message's attempt budget base (see
 * {@link DueMessage#attemptBase()}).
 *
 * <p>Callers take the role they need: {@link GroupStore}, {@link DeliveryStore}, {@link RecoveryStore},
 * {@link ClusterStore}, {@link AdminStore}.
 */
public interface Store extends GroupStore, DeliveryStore, RecoveryStore, ClusterStore, AdminStore,
        AutoCloseable {
    /** Whether the database answers a trivial query. */
    boolean isHealthy();

    /** Finishes pending writes, then releases the database. */
    @Override
    void close();
}
