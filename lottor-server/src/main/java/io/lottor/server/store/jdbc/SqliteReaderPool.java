package io.lottor.server.store.jdbc;

import io.lottor.server.model.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The embedded store's readers: a small fixed pool of read-only connections, opened on demand. A read
 * borrows one for the length of one snapshot; a connection that failed is closed instead of returned.
 * Thread-safe.
 */
final class SqliteReaderPool implements ReaderPool {
    private final ConnectionFactory connections;
    private final Dialect dialect;
    private final Semaphore permits;
    private final BlockingQueue<Connection> idle;
    private final long borrowTimeoutMs;
    private volatile boolean closed;

    SqliteReaderPool(ConnectionFactory connections, Dialect dialect, int size, long borrowTimeoutMs) {
        this.connections = connections;
        this.dialect = dialect;
        this.permits = new Semaphore(size);
        this.idle = new ArrayBlockingQueue<>(size);
        this.borrowTimeoutMs = borrowTimeoutMs;
    }

    /** A read connection in a transaction (autocommit off); give it back with {@link #release}. */
    Connection borrow() {
        if (closed) {
            throw new UnavailableException(null, "the store is closed");
        }
        acquirePermit();
        Connection connection = idle.poll();
        try {
            return connection != null ? connection : open();
        } catch (SQLException e) {
            permits.release();
            throw new UnavailableException(null, "the store cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(Read<T> read) {
        Connection connection = borrow();
        boolean broken = true;
        try {
            T result = read.run(connection);
            broken = false;
            return result;
        } catch (SQLException e) {
            throw new UnavailableException(null, "the store cannot be read: " + e.getMessage(), e);
        } finally {
            release(connection, broken);
        }
    }

    /** Ends the connection's read transaction and pools it again, or closes it if {@code broken}. */
    void release(Connection connection, boolean broken) {
        try {
            if (!broken && !closed) {
                connection.rollback();
                idle.add(connection);
                return;
            }
            connection.close();
        } catch (SQLException e) {
            closeQuietly(connection);
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private void acquirePermit() {
        try {
            if (!permits.tryAcquire(borrowTimeoutMs, TimeUnit.MILLISECONDS)) {
                throw new UnavailableException(null, "no store read connection free after " + borrowTimeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(null, "interrupted waiting for a store read connection");
        }
    }

    private Connection open() throws SQLException {
        Connection connection = connections.open();
        try {
            dialect.configureReader(connection);
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a connection that fails to close is gone either way
        }
    }
}
