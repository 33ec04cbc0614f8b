package io.lottor.server.store.jdbc;

import java.sql.SQLException;
import java.util.function.Predicate;

/** Looks through a failure's chain (causes and next exceptions), where drivers put the database's own error. */
final class SqlFailures {
    private static final int MAX_DEPTH = 16;

    private SqlFailures() {
    }

    /** Whether {@code failure} or an SQLException it wraps or chains matches {@code test}. */
    static boolean any(SQLException failure, Predicate<SQLException> test) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof SQLException sql) {
                if (test.test(sql)) {
                    return true;
                }
                current = sql.getNextException() != null ? sql.getNextException() : sql.getCause();
            } else {
                current = current.getCause();
            }
        }
        return false;
    }
}
