package io.lottor.client.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    public TableOnce(DataSource dataSource, String ddl) {
        this.dataSource = dataSource;
        this.ddl = ddl;
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
