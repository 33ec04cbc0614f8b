package io.lottor.client.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Creates one table and its time index the first time they are needed, on a connection of their own,
 * so DDL never runs inside a business transaction (MySQL would commit it). The table is created with
 * {@code CREATE TABLE IF NOT EXISTS}; the index is looked up in {@link DatabaseMetaData} and created
 * when missing, also on a table an older version created without it (MySQL has no
 * {@code CREATE INDEX IF NOT EXISTS}; looking first also spares PostgreSQL a table lock on every start).
 * Thread-safe; a failure is retried on the next call.
 */
public final class TableOnce {
    /** An index {@code name} on {@code table (columns)}. */
    public record Index(String table, String name, String columns) {
        String ddl() {
            return "CREATE INDEX " + name + " ON " + table + " (" + columns + ")";
        }
    }

    private final DataSource dataSource;
    private final String ddl;
    private final Index index;
    private volatile boolean done;

    /** {@code ddl} null: the table and its index are the application's business; never create them. */
    public TableOnce(DataSource dataSource, String ddl, Index index) {
        this.dataSource = dataSource;
        this.ddl = ddl;
        this.index = index;
        this.done = ddl == null;
    }

    /** Creates the table and its index if they are missing; a no-op after the first success. */
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
            connection.setAutoCommit(true);
            createTable(statement);
            if (!hasIndex(connection)) {
                createIndex(connection, statement);
            }
        }
    }

    private void createTable(Statement statement) throws SQLException {
        try {
            statement.execute(ddl);
        } catch (SQLException e) {
            // Two processes creating the table at once: PostgreSQL reports the loser as a duplicate.
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private void createIndex(Connection connection, Statement statement) throws SQLException {
        try {
            statement.execute(index.ddl());
        } catch (SQLException e) {
            // another process created it meanwhile: fine; anything else is a real failure
            if (!hasIndex(connection)) {
                throw e;
            }
        }
    }

    private boolean hasIndex(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        Set<String> tableNames = new LinkedHashSet<>();
        tableNames.add(index.table());
        tableNames.add(index.table().toUpperCase(Locale.ROOT));
        tableNames.add(index.table().toLowerCase(Locale.ROOT));
        for (String table : tableNames) {
            try (ResultSet rows = metadata.getIndexInfo(connection.getCatalog(), schema(connection), table, false, true)) {
                while (rows.next()) {
                    if (index.name().equalsIgnoreCase(rows.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The connection's schema (PostgreSQL, H2), or null where the catalog is the database (MySQL, SQLite). */
    private static String schema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }
}
