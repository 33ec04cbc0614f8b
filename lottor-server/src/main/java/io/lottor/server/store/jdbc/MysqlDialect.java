package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * MySQL 8 and MariaDB 10.6 or later (tested on MariaDB 10.11), InnoDB, through the MariaDB driver:
 * {@code jdbc:mariadb://} URLs, and {@code jdbc:mysql://} URLs, which {@link #driverUrl} lets that
 * driver take.
 *
 * <p>The writer runs in READ COMMITTED. Every write is a guarded UPDATE or an insert-if-absent, which
 * needs no snapshot; in InnoDB's default REPEATABLE READ, range scans (due check-backs, purges) would
 * also take gap locks that block other servers' inserts and breed deadlocks. Claims take
 * {@code FOR UPDATE SKIP LOCKED} (MySQL 8.0.1+, MariaDB 10.6+). Readers run read-only in REPEATABLE
 * READ: one consistent snapshot per read, without locks.
 *
 * <p>Insert-if-absent is {@code ON DUPLICATE KEY UPDATE pk = pk} with connections that report affected
 * rows ({@code useAffectedRows}): 1 for an insert, 0 for an existing row. {@code INSERT IGNORE} would
 * also turn other errors (a too long value, a NULL) into warnings and store something else. With
 * affected rows an UPDATE that matches a row but changes nothing counts 0; every guarded UPDATE of
 * this store changes a state, a counter, a time or a lease when it applies, so none depends on that.
 *
 * <p>Contention that makes a batch worth running again: deadlock (1213, after which InnoDB has rolled
 * back the whole transaction), lock wait timeout (1205), and SQLState 40001.
 */
public final class MysqlDialect implements Dialect {
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final String MYSQL_SCHEME = "jdbc:mysql:";
    private static final String PERMIT_MYSQL_SCHEME = "permitMysqlScheme";

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/mysql";
    }

    /** {@code jdbc:mysql:} URLs get {@code permitMysqlScheme}, without which the MariaDB driver ignores them. */
    @Override
    public String driverUrl(String url) {
        if (!url.startsWith(MYSQL_SCHEME) || url.contains(PERMIT_MYSQL_SCHEME)) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + PERMIT_MYSQL_SCHEME;
    }

    /**
     * Fails fast when the database cannot be reached; reports affected rows (see the class comment); runs
     * statements together ({@link #runsStatementsTogether()}).
     */
    @Override
    public Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "5000");
        properties.setProperty("socketTimeout", "30000");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("useAffectedRows", "true");
        properties.setProperty("allowMultiQueries", "true");
        return properties;
    }

    /**
     * With {@code allowMultiQueries} the driver sends the statements of one (client-side) prepared
     * statement as one query: one round trip. Every value is still a bound parameter.
     */
    @Override
    public boolean runsStatementsTogether() {
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
        String key = columns.split(",")[0].trim();
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Placeholders.of(columnCount)
                + ") ON DUPLICATE KEY UPDATE " + key + " = " + key;
    }

    @Override
    public String rowLock() {
        return " FOR UPDATE";
    }

    @Override
    public String claimLock() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean isContention(SQLException failure) {
        return SqlFailures.any(failure, e -> e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT
                || "40001".equals(e.getSQLState()));
    }
}
