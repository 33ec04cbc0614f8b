package io.lottor.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs one {@code CREATE TABLE IF NOT EXISTS} on its own connection the first time it is needed, so
 * DDL never runs inside a business transaction (MySQL would commit it). Thread-safe; a failure is
 * retried on the next call.
 */
public final class TableOnce {
    private final DataSource dataSource;
    private final String ddl;
    private volatile boolean done;

    /** {@code ddl} null: the table is the application's business; never create it. */
    public TableOnce(DataSource dataSource, String ddl) {
        this.dataSource = dataSource;
        this.ddl = ddl;
        this.done = ddl == null;
    }

    /** Creates the table if it is missing; a no-op after the first success. */
    public void ensure() throws SQLException {
        if (done) {
            return;
        }
        synchronized (this) {
            if (!done) {
                create();
                done = true;
            }
        }
    }

    /**
     * Runs {@code deleteSql}, whose one parameter is a time in epoch milliseconds, with "now minus
     * {@code age}", on its own connection; answers how many rows it deleted. Creates the table first.
     */
    public int deleteOlderThan(String deleteSql, Duration age) throws SQLException {
        ensure();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(deleteSql)) {
            statement.setLong(1, System.currentTimeMillis() - age.toMillis());
            int deleted = statement.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return deleted;
        }
    }

    private void create() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(ddl);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            // Two processes creating the table at once: PostgreSQL reports the loser as a duplicate.
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
        }
    }
}
