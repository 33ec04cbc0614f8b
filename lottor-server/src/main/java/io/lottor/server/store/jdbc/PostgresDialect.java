package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL (12 or later; tested on 15), shared by any number of servers.
 *
 * <p>The writer runs in READ COMMITTED. Every write is a guarded UPDATE ({@code WHERE state = ...}) or
 * an insert-if-absent that re-reads the row it waited for, so it needs no snapshot of its own; in
 * REPEATABLE READ or SERIALIZABLE a row another server changed meanwhile would fail the whole batch
 * with a serialization failure instead. Claims take {@code FOR UPDATE SKIP LOCKED}, so servers never
 * wait for each other's claimed rows. Readers run read-only in REPEATABLE READ: one snapshot per read,
 * so a group and its messages are read as of one moment, and a read-only snapshot never fails.
 *
 * <p>Durability is PostgreSQL's COMMIT with {@code synchronous_commit} as the database has it (on by
 * default). Contention that makes a batch worth running again: serialization failure (40001),
 * deadlock (40P01), lock not available (55P03).
 */
public final class PostgresDialect implements Dialect {
    private static final Set<String> CONTENTION = Set.of("40001", "40P01", "55P03");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/postgres";
    }

    /** Fails fast when the database cannot be reached, and never waits forever on a silent network. */
    @Override
    public Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "lottor");
        return properties;
    }

    /** Vacuums and analyzes the store's tables where autovacuum is off for them. */
    @Override
    public AutoCloseable startUpkeep(ConnectionFactory connections) {
        return PostgresUpkeep.start(connections);
    }

    @Override
    public boolean announcesDue() {
        return true;
    }

    @Override
    public void configureWriter(Connection connection) throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    @Override
    public void configureReader(Connection connection) throws SQLException {
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    }

    @Override
    public String insertIfAbsent(String table, String columns, int columnCount) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Placeholders.of(columnCount)
                + ") ON CONFLICT DO NOTHING";
    }

    @Override
    public String rowLock() {
        return " FOR UPDATE";
    }

    @Override
    public String claimLock() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** A READ COMMITTED statement reads as of its start, without locks, also in an UPDATE's subquery. */
    @Override
    public boolean updateSubqueriesReadWithoutLocks() {
        return true;
    }

    /** pgjdbc sends the statements of one prepared statement with one Sync: one round trip. */
    @Override
    public boolean runsStatementsTogether() {
        return true;
    }

    @Override
    public String valuesTable(int rows, int columns) {
        return "(VALUES " + String.join(", ", Collections.nCopies(rows, "(" + Placeholders.of(columns) + ")")) + ")";
    }

    @Override
    public boolean isContention(SQLException failure) {
        return SqlFailures.any(failure, e -> CONTENTION.contains(e.getSQLState()));
    }
}
