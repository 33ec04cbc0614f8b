package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer connection as write tasks see it: the connection and a cache of its prepared statements,
 * which live as long as the connection. Every {@link #prepare} is one statement run (a write task
 * prepares a statement once per execution), counted as a row write (INSERT, UPDATE, DELETE) or a read
 * (SELECT) until {@link #takeCounts()}. Used by the writer thread only.
 */
final class Transaction implements AutoCloseable {
    private final Connection connection;
    private final Map<String, Cached> statements = new HashMap<>();
    private int writes;
    private int reads;

    Transaction(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The cached statement for {@code sql}, its parameters and batch cleared; counts one statement run. */
    PreparedStatement prepare(String sql) throws SQLException {
        Cached cached = statements.get(sql);
        if (cached == null) {
            cached = new Cached(connection.prepareStatement(sql), sql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6));
            statements.put(sql, cached);
        } else {
            cached.statement().clearParameters();
            cached.statement().clearBatch();
        }
        if (cached.read()) {
            reads++;
        } else {
            writes++;
        }
        return cached.statement();
    }

    /** The statements run since the last call, as {@code {writes, reads}}; the counts start again at zero. */
    int[] takeCounts() {
        int[] counts = {writes, reads};
        writes = 0;
        reads = 0;
        return counts;
    }

    @Override
    public void close() {
        for (Cached cached : statements.values()) {
            try {
                cached.statement().close();
            } catch (SQLException ignored) {
                // the connection is closed next; nothing more to release
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection may fail; it is gone either way
        }
    }

    private record Cached(PreparedStatement statement, boolean read) {
    }
}
