package io.lottor.server.store;

import io.lottor.server.support.ServerDatabase;

/** The store contract on the machine's PostgreSQL (127.0.0.1:5432), a fresh database per test. */
class PostgresStoreTest extends ServerDatabaseStoreTest {
    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.POSTGRES;
    }
}
