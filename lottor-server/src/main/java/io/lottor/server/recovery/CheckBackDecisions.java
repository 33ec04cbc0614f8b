package io.lottor.server.recovery;

import java.util.concurrent.CompletableFuture;

/**
 * Applies a producer's check-back answer to its group, as the coordinator does for any caller: the
 * recovery side decides nothing by itself, it only relays what the producer's barrier says. Each
 * future completes once the change is durable, or fails with the coordinator's error.
 */
public interface CheckBackDecisions {

    /** The producer's local transaction committed: PREPARED → COMMITTED. */
    CompletableFuture<?> commit(String groupId);

    /** It did not: PREPARED → ROLLED_BACK with {@code reason}. */
    CompletableFuture<?> rollback(String groupId, String reason);
}
