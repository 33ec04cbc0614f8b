package io.lottor.client.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Locale;

/** Portable reading of JDBC errors, and quiet cleanup of connections. */
public final class SqlErrors {
    private static final int MYSQL_DUPLICATE_KEY = 1062;
    private static final int MYSQL_DUPLICATE_KEY_WITH_NAME = 1586;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    private SqlErrors() {
    }

    /**
     * Whether {@code e} (or a cause or chained exception) says an INSERT hit an existing key:
     * SQLState class 23 (PostgreSQL 23505, H2 23505, MySQL/MariaDB 23000), MySQL/MariaDB error 1062,
     * SQLite SQLITE_CONSTRAINT (19) and its extended codes, or SQLite's "UNIQUE constraint failed".
     */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException s && says(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean says(SQLException s) {
        String state = s.getSQLState();
        int code = s.getErrorCode();
        String message = s.getMessage() == null ? "" : s.getMessage().toUpperCase(Locale.ROOT);
        return s instanceof SQLIntegrityConstraintViolationException
                || (state != null && state.startsWith("23"))
                || code == MYSQL_DUPLICATE_KEY || code == MYSQL_DUPLICATE_KEY_WITH_NAME
                || code == SQLITE_CONSTRAINT || code == SQLITE_CONSTRAINT_PRIMARYKEY
                || code == SQLITE_CONSTRAINT_UNIQUE
                || message.contains("UNIQUE CONSTRAINT FAILED")
                || message.contains("SQLITE_CONSTRAINT");
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t) {
            return s.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** Rolls back, adding a failure to {@code primary} as suppressed instead of throwing it. */
    public static void rollbackQuietly(Connection connection, Throwable primary) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }

    /** Restores auto-commit and closes; failures are added to {@code primary} as suppressed. */
    public static void restoreAndClose(Connection connection, boolean autoCommit, Throwable primary) {
        try (connection) {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }
}
