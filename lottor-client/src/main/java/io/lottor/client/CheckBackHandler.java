package io.lottor.client;

/**
 * Answers the coordinator's question "did the local transaction of this group commit?".
 *
 * <p>Called on a dedicated check-back thread pool, possibly concurrently for different groups and
 * more than once for the same group; it may block (for example on a row lock held by a transaction
 * still running). An answer of {@link CheckBackState#ROLLED_BACK} must be final: the local
 * transaction must never be able to commit afterwards ({@link JdbcBarrier} guarantees this). A thrown
 * exception is reported as {@link CheckBackState#UNKNOWN} with its message; {@code null} likewise.
 */
@FunctionalInterface
public interface CheckBackHandler {
    /** The outcome of {@code groupId}'s local transaction; may block until it is known. */
    CheckBackState check(String groupId) throws Exception;
}
