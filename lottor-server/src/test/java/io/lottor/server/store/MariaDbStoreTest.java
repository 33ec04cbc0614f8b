package io.lottor.server.store;

import io.lottor.server.support.ServerDatabase;

/** The store contract on the machine's MariaDB (127.0.0.1:3306) through the mysql dialect, a fresh database per test. */
class MariaDbStoreTest extends ServerDatabaseStoreTest {
    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.MARIADB;
    }
}
