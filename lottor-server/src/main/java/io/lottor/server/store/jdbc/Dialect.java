package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What differs between databases: connection set-up, the few statements that cannot be portable, and
 * which failures are worth running a batch again for. {@link JdbcStore} writes everything else in
 * portable SQL ({@code LIMIT ?}, savepoints, {@code IN} lists), so a new database needs one class
 * implementing this and one migration folder. Implementations are stateless and thread-safe.
 */
public interface Dialect {

    /** A short name for logs and messages, e.g. {@code sqlite}. */
    String name();

    /** The Flyway location of this database's migrations, e.g. {@code classpath:db/migration/sqlite}. */
    String migrationLocation();

    /** The URL to hand the JDBC driver for the URL a user configured; the same URL unless a driver needs a switch. */
    default String driverUrl(String url) {
        return url;
    }

    /**
     * Driver properties every connection is opened with (connect and socket timeouts, driver switches),
     * besides the user and password. A property also given in the JDBC URL is the driver's to resolve.
     */
    default Properties connectionProperties() {
        return new Properties();
    }

    /**
     * Starts what this database needs done for the store's tables beside the store's own statements
     * (PostgreSQL without autovacuum: {@link PostgresUpkeep}), on connections from {@code connections};
     * closing what it answers stops it. Nothing by default.
     */
    default AutoCloseable startUpkeep(ConnectionFactory connections) {
        return () -> { };
    }

    /**
     * Whether the database passes a word from one connection to the others as a transaction commits
     * (PostgreSQL's {@code NOTIFY}/{@code LISTEN}: {@link DueAnnouncements}). False by default.
     */
    default boolean announcesDue() {
        return false;
    }

    /** Prepares a freshly opened connection that will only write, before its first transaction. */
    void configureWriter(Connection connection) throws SQLException;

    /** Prepares a freshly opened connection that will only read. */
    void configureReader(Connection connection) throws SQLException;

    /**
     * An INSERT of {@code columns} into {@code table} whose update count is 1 when it inserted and 0 when
     * a row with the same primary key exists (the first column is the primary key or its first part).
     * It must fail, not be silently altered, on any other error.
     */
    String insertIfAbsent(String table, String columns, int columnCount);

    /**
     * Appended to a SELECT that claims rows for an update in the same transaction, so that concurrent
     * servers skip each other's claims: {@code " FOR UPDATE SKIP LOCKED"} where the database has it,
     * {@code ""} where one writer owns the database.
     */
    String claimLock();

    /**
     * Appended to a SELECT that must wait for, then lock, the rows it reads until the transaction ends, so
     * that transactions of servers sharing the database that decide from the same rows take turns:
     * {@code " FOR UPDATE"} where the database has it, {@code ""} where one writer owns the database.
     */
    String rowLock();

    /**
     * Whether a subquery of an UPDATE reads the other table's rows as of the statement's start without
     * locking them (PostgreSQL). Then a check and its update can be one statement, run after the row lock
     * the decision depends on was taken. Where a subquery of an UPDATE locks what it reads (InnoDB), the
     * check is a plain read of its own, so that no lock is taken in an order that breeds deadlocks.
     */
    default boolean updateSubqueriesReadWithoutLocks() {
        return false;
    }

    /**
     * Whether one prepared statement may hold several statements separated by {@code ;}, with their
     * parameters in order, that the driver sends together (one round trip) and the database runs one
     * after the other, each as a statement of its own (in READ COMMITTED, each reads as of its own start).
     * A write of several dependent statements then costs one round trip instead of one per statement.
     */
    default boolean runsStatementsTogether() {
        return false;
    }

    /**
     * A derived table of {@code rows} rows of {@code columns} parameters each, {@code (VALUES (?, ?), (?, ?))},
     * to insert from with a condition; null where the database has no such form for every supported
     * version (then the rows are inserted by a JDBC batch of their own).
     */
    default String valuesTable(int rows, int columns) {
        return null;
    }

    /**
     * Whether {@code error} says the database stayed locked by someone else beyond the busy timeout:
     * every later statement of the same transaction would wait as long, so the writer fails the whole
     * batch at once instead of waiting once per write.
     */
    default boolean isLockTimeout(SQLException error) {
        return false;
    }

    /**
     * Whether {@code failure} is contention between transactions (a deadlock, a serialization failure, a
     * lock wait that timed out): the database rolled the work back, and running the same batch again
     * may well succeed. Connection failures are not contention.
     */
    boolean isContention(SQLException failure);
}
