package io.lottor.server.store.jdbc;

import java.sql.SQLException;

/**
 * One write, run by the {@link GroupCommitWriter} inside the batch's transaction and its own savepoint.
 * It may throw a {@link io.lottor.server.model.LottorException} to reject the write (its savepoint is
 * rolled back and only its future fails). It must not commit, roll back or close anything.
 */
@FunctionalInterface
interface WriteTask<R> {
    R run(Transaction tx) throws SQLException;
}
