package io.lottor.tests.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import io.lottor.client.JdbcBarrier;

/** Writes the producer's barrier row the way the client's inTransaction does, for tests that drive the low-level API. */
public final class Barrier {
    private Barrier() {
    }

    /** Inserts {@code (groupId, 'C')} into lottor_barrier on {@code connection}, inside the caller's transaction. */
    public static void insertCommitted(DataSource dataSource, Connection connection, String groupId) throws SQLException {
        new JdbcBarrier(dataSource).insertCommitted(connection, groupId);
    }
}
