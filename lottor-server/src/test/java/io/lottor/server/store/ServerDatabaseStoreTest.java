package io.lottor.server.store;

import io.lottor.server.store.jdbc.JdbcStore;
import io.lottor.server.store.jdbc.StoreOptions;
import io.lottor.server.support.ServerDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract, and the contract of several stores sharing one database, on a server database:
 * every test gets a fresh database of its own, created and dropped here. A backend's test class only
 * names its {@link ServerDatabase.Kind}.
 */
abstract class ServerDatabaseStoreTest extends StoreContractTest implements SharedDatabaseContract {
    private ServerDatabase database;

    /** The database server this backend runs on. */
    protected abstract ServerDatabase.Kind kind();

    @Override
    protected Store newStore() {
        database = ServerDatabase.create(kind(), "store");
        return open();
    }

    @Override
    protected Store reopen() {
        return open();
    }

    @Override
    public Store openAnotherStore() {
        return open();
    }

    @Override
    public long batchesCommitted() {
        return ((JdbcStore) store).batchesCommitted();
    }

    @Override
    public long tasksCommitted() {
        return ((JdbcStore) store).tasksCommitted();
    }

    /** The database of the running test. */
    protected ServerDatabase database() {
        return database;
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        store.close();
        if (database != null) {
            database.close();
        }
    }

    private JdbcStore open() {
        return JdbcStore.open(database.dialect(), database.url(), database.user(), database.password(),
                StoreOptions.defaults());
    }
}
