package io.lottor.server.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lottor.server.model.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The readers of a server database: a small HikariCP pool of read-only connections (each prepared by
 * {@link Dialect#configureReader}), one read transaction per read. A read waits at most
 * {@code borrowTimeoutMs} for a connection; while the database is away reads fail at once or after that
 * wait with {@link UnavailableException}, and the pool replaces broken connections by itself when it is
 * back. Thread-safe.
 */
final class HikariReaderPool implements ReaderPool {
    private static final long MIN_TIMEOUT_MS = 250;
    private static final long MAX_VALIDATION_MS = 2_000;
    private static final long IDLE_TIMEOUT_MS = 60_000;

    private final HikariDataSource pool;

    HikariReaderPool(ConnectionFactory connections, Dialect dialect, int size, long borrowTimeoutMs) {
        long timeout = Math.max(MIN_TIMEOUT_MS, borrowTimeoutMs);
        HikariConfig config = new HikariConfig();
        config.setPoolName("lottor-readers");
        config.setDataSource(new FactoryDataSource(connections, dialect::configureReader));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setIdleTimeout(IDLE_TIMEOUT_MS);
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(MIN_TIMEOUT_MS, Math.min(MAX_VALIDATION_MS, timeout - 1)));
        // the same as configureReader: the pool resets a returned connection to these
        config.setAutoCommit(false);
        config.setReadOnly(true);
        // the store was reached and migrated just before: the pool need not fail its own start
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    @Override
    public <T> T read(Read<T> read) {
        try (Connection connection = pool.getConnection()) {
            T result = read.run(connection);
            connection.rollback();
            return result;
        } catch (SQLException e) {
            throw new UnavailableException(null, "the store cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
