package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * SQLite in WAL mode with {@code synchronous=FULL}: every COMMIT is fsynced before it returns, and
 * readers on their own connections read while the one writer writes. SQLite has a single writer per
 * database, so claims need no row locks, and there is no contention between writers to retry.
 */
public final class SqliteDialect implements Dialect {
    private final Duration busyTimeout;

    /** @param busyTimeout how long a statement waits for a lock held by another connection */
    public SqliteDialect(Duration busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/sqlite";
    }

    /**
     * {@code jdbc.get_generated_keys=false}: otherwise the driver matches the SQL of every update it runs
     * against a regular expression and, after each INSERT run alone (a prepare's group row), compiles and
     * runs {@code SELECT last_insert_rowid()} on a new statement, for a {@code getGeneratedKeys()} that the
     * store never calls.
     */
    @Override
    public Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        return properties;
    }

    @Override
    public void configureWriter(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("PRAGMA foreign_keys = ON");
            statement.execute("PRAGMA temp_store = MEMORY");
            statement.execute("PRAGMA cache_size = -16384");
        }
    }

    @Override
    public void configureReader(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            statement.execute("PRAGMA query_only = ON");
            statement.execute("PRAGMA cache_size = -8192");
        }
    }

    @Override
    public String insertIfAbsent(String table, String columns, int columnCount) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Placeholders.of(columnCount)
                + ") ON CONFLICT DO NOTHING";
    }

    @Override
    public String rowLock() {
        return "";
    }

    @Override
    public String claimLock() {
        return "";
    }

    /** SQLITE_BUSY (5) or SQLITE_LOCKED (6), including their extended codes. */
    @Override
    public boolean isLockTimeout(SQLException error) {
        int primary = error.getErrorCode() & 0xff;
        return primary == 5 || primary == 6;
    }

    @Override
    public boolean isContention(SQLException failure) {
        return false;
    }
}
