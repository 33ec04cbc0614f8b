package io.lottor.server.store.jdbc;

import java.sql.SQLException;

/**
 * One write, run by the {@link GroupCommitWriter} inside the batch's transaction (and in its own savepoint
 * when the batch runs again after a write of it failed). It may throw a
 * {@link io.lottor.server.model.LottorException} to reject the write (the batch is rolled back and run
 * again without it, and only its future fails). It must not commit, roll back or close anything. It may
 * run more than once (a batch runs again when a write of it fails, or after contention), each time from
 * the state the earlier writes of its batch left.
 */
@FunctionalInterface
interface WriteTask<R> {
    R run(Transaction tx) throws SQLException;
}
