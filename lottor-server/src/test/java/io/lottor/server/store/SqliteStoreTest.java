package io.lottor.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.server.model.UnavailableException;
import io.lottor.server.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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

    @Test
    void secondStoreCannotOpenADataDirectoryInUse() {
        assertThatThrownBy(() -> JdbcStore.openSqlite(dataDir))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void keepsItsDatabaseInDataDirectory() {
        assertThat(Files.exists(dataDir.resolve("lottor.db"))).isTrue();
        assertThat(store.isHealthy()).isTrue();
    }
}
