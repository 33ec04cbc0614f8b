package io.lottor.tests.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import io.lottor.client.JdbcBarrier;

/**
 * Writes the producer's barrier row the way the client's inTransaction does, for tests that drive the
 * low-level API. The table is created up front, on its own connection, before any local transaction
 * holds SQLite's write lock.
 */
public final class Barrier {
    private final JdbcBarrier barrier;

    public Barrier(DataSource dataSource) throws SQLException {
        this.barrier = new JdbcBarrier(dataSource);
        this.barrier.createTableIfMissing();
    }

    /** Inserts {@code (groupId, 'C')} into lottor_barrier on {@code connection}, inside the caller's transaction. */
    public void insertCommitted(Connection connection, String groupId) throws SQLException {
        barrier.insertCommitted(connection, groupId);
    }
}
