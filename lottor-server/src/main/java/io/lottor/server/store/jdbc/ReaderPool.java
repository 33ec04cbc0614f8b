package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's read connections, separate from the writer's: a read never waits for a batch. SQLite has
 * its own small pool ({@link SqliteReaderPool}); server databases use HikariCP ({@link HikariReaderPool}).
 * Implementations are thread-safe.
 */
interface ReaderPool extends AutoCloseable {

    /**
     * Runs {@code read} on a read-only connection of the pool, in one snapshot, and gives it back.
     *
     * @throws io.lottor.server.model.UnavailableException if no connection is free in time or the read fails
     */
    <T> T read(Read<T> read);

    /** Closes every pooled connection; reads after this fail. */
    @Override
    void close();

    /** A read on one connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }
}
