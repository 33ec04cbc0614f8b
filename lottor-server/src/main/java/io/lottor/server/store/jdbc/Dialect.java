package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL that differs between databases. {@link JdbcStore} writes everything else in portable SQL
 * ({@code LIMIT ?}, savepoints, {@code IN} lists), so a new database needs one class implementing this.
 * Implementations are stateless and thread-safe.
 */
public interface Dialect {

    /** A short name for logs, e.g. {@code sqlite}. */
    String name();

    /** The Flyway location of this database's migrations, e.g. {@code classpath:db/migration/sqlite}. */
    String migrationLocation();

    /** Prepares a freshly opened connection that will only write, before its first transaction. */
    void configureWriter(Connection connection) throws SQLException;

    /** Prepares a freshly opened connection that will only read. */
    void configureReader(Connection connection) throws SQLException;

    /**
     * An INSERT of {@code columns} into {@code table} that does nothing (update count 0) when a row with
     * the same primary key exists, e.g. {@code INSERT ... ON CONFLICT DO NOTHING} or {@code INSERT IGNORE}.
     */
    String insertIfAbsent(String table, String columns, int columnCount);

    /**
     * Appended to a SELECT that claims rows for an update in the same transaction, so that concurrent
     * servers skip each other's claims: {@code " FOR UPDATE SKIP LOCKED"} where the database has it,
     * {@code ""} where one writer owns the database.
     */
    String claimLock();

    /**
     * Whether {@code error} says the database stayed locked by someone else beyond the busy timeout:
     * every later statement of the same transaction would wait as long, so the writer fails the whole
     * batch at once instead of waiting once per write.
     */
    default boolean isLockTimeout(SQLException error) {
        return false;
    }
}
