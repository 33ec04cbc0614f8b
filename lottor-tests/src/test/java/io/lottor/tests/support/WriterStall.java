package io.lottor.tests.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Stalls a server's SQLite writer from outside, as another process holding the database would: holds
 * the write lock ({@code BEGIN IMMEDIATE}) of its {@code lottor.db} until {@link #release()}. The server's
 * writes wait their busy timeout and fail; its reads go on (WAL).
 */
public final class WriterStall implements AutoCloseable {
    private final Connection connection;
    private boolean held = true;

    private WriterStall(Connection connection) {
        this.connection = connection;
    }

    /** Takes the write lock of the database {@code file}. */
    public static WriterStall hold(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new WriterStall(connection);
    }

    /** Lets the writer go on. */
    public void release() throws SQLException {
        if (held) {
            held = false;
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        release();
        connection.close();
    }
}
