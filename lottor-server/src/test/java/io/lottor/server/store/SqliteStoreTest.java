package io.lottor.server.store;

import io.lottor.server.store.jdbc.JdbcStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded SQLite backend, one database file per test. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dataDir;

    @Override
    protected Store newStore() {
        return JdbcStore.openSqlite(dataDir);
    }

    @Override
    protected Store reopen() {
        return JdbcStore.openSqlite(dataDir);
    }

    @Override
    public long batchesCommitted() {
        return ((JdbcStore) store).batchesCommitted();
    }

    @Override
    public long tasksCommitted() {
        return ((JdbcStore) store).tasksCommitted();
    }
}
