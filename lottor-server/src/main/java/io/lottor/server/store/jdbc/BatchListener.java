package io.lottor.server.store.jdbc;

/**
 * Told of every batch the group-commit writer committed (each one durable COMMIT: with SQLite
 * {@code synchronous=FULL} one fsync of the WAL) and of the statements every batch ran, on the writer
 * thread, and of every write it refused because its queue was full, on the caller's thread: keep it
 * cheap and never block. Used for the store's metrics.
 */
@FunctionalInterface
public interface BatchListener {
    /** Does nothing. */
    BatchListener NONE = (writes, nanos) -> { };

    /**
     * @param writes how many writes the batch held
     * @param nanos  how long the batch took to run and commit (including the fsync)
     */
    void batchCommitted(int writes, long nanos);

    /**
     * A batch ran (committed or not): the statements it ran on the writer connection, {@code writes}
     * that write rows (INSERT, UPDATE, DELETE) and {@code reads} (SELECT). A prepared batch of rows counts
     * as one statement.
     */
    default void statementsRun(int writes, int reads) {
    }

    /** A write was refused as overloaded: the writer's queue was at its bound. */
    default void writeRefused() {
    }
}
