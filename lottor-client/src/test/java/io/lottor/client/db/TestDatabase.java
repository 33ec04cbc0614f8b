package io.lottor.client.db;

import javax.sql.DataSource;

/** A real database a test owns: created for it, dropped by {@link #close()}. */
public interface TestDatabase extends AutoCloseable {
    DataSource dataSource();

    /** Whether an INSERT of a key held by another open transaction waits for that transaction. */
    default boolean insertWaitsForOpenTransaction() {
        return true;
    }

    @Override
    void close() throws Exception;
}
