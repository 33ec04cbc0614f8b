package io.lottor.server.store.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link ConnectionFactory} as a {@link DataSource}, for the libraries that take one (HikariCP, Flyway):
 * every connection opened the store's way and prepared by {@code setup}. Thread-safe.
 */
final class FactoryDataSource implements DataSource {
    private final ConnectionFactory connections;
    private final Setup setup;

    FactoryDataSource(ConnectionFactory connections, Setup setup) {
        this.connections = connections;
        this.setup = setup;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = connections.open();
        try {
            setup.prepare(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The store's own credentials are in the factory; others are refused. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("connections use the store's configured user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // connections log through SLF4J, not a DataSource log writer
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the dialect's connection properties carry the connect timeout
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** Prepares a freshly opened connection. */
    @FunctionalInterface
    interface Setup {
        Setup NONE = connection -> { };

        void prepare(Connection connection) throws SQLException;
    }
}
